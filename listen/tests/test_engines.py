"""The speech engine interface: which engine the settings choose, which languages it reads,
and a clear error (never a fake success) when its program or voice is missing."""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from listen.speech import EspeakEngine, PiperEngine, SpeechEngine, SpeechError, configured_engine
from listen.tasks import NoVoice, plan_speech
from listen.text import speech_key, spoken_text
from news.models import Article


def test_settings_choose_the_engine(settings, tmp_path):
    assert isinstance(configured_engine(), EspeakEngine)
    settings.LISTEN_ENGINE = "piper"
    settings.LISTEN_PIPER_MODELS = {"vi": str(tmp_path / "vi_VN-vais1000-medium.onnx")}
    engine = configured_engine()
    assert isinstance(engine, PiperEngine) and isinstance(engine, SpeechEngine)
    assert engine.languages == {"vi"}
    assert engine.voice("vi") == "vi_VN-vais1000-medium.onnx"
    settings.LISTEN_ENGINE = ""
    assert configured_engine() is None
    settings.LISTEN_ENGINE = "festival"
    with pytest.raises(SpeechError, match="festival"):
        configured_engine()


def test_piper_without_its_program_says_so(settings, tmp_path):
    model = tmp_path / "vi.onnx"
    model.write_bytes(b"model")
    settings.LISTEN_PIPER_MODELS = {"vi": str(model)}
    settings.LISTEN_PIPER_BINARY = "piper-not-installed-here"
    with pytest.raises(SpeechError) as caught:
        PiperEngine().synthesize("Xin chào.", "vi")
    assert str(caught.value) == "Chương trình đọc piper chưa được cài trên máy chủ."
    assert caught.value.detail == "piper-not-installed-here not found"


def test_piper_without_its_model_says_so(settings, tmp_path):
    settings.LISTEN_PIPER_MODELS = {"vi": str(tmp_path / "missing.onnx")}
    with pytest.raises(SpeechError, match="missing.onnx"):
        PiperEngine().synthesize("Xin chào.", "vi")


@pytest.mark.espeak
def test_espeak_reads_vietnamese_into_a_wav():
    wav = EspeakEngine().synthesize("Sóc Trăng khai mạc lễ hội Oóc Om Bóc.", "vi")
    try:
        assert wav.read_bytes()[:4] == b"RIFF" and wav.stat().st_size > 10_000
    finally:
        wav.unlink()


def test_the_voice_follows_the_article_language(sections):
    article = Article(title="Bài", sapo="Tóm tắt.", primary_section=sections["local"])
    plan = plan_speech(article)
    assert plan.language == "vi" and plan.engine.voice("vi") == "vi-vn-x-south"
    # A Khmer article: espeak-ng has no Khmer voice, so there is no machine reading at all.
    article.locale = Locale.objects.get(language_code="km")
    with pytest.raises(NoVoice, match="km"):
        plan_speech(article)


def test_the_spoken_text_is_the_lead_and_the_body(sections):
    article = Article(
        title="Tiêu đề không đọc", sapo="  Lễ hội   truyền thống. ",
        primary_section=sections["local"],
        body=[{"type": "paragraph", "value": "<p>Tối 3/11 &amp; sáng 4/11.</p><p>Hết.</p>"},
              {"type": "quote", "value": {"text": "Vui lắm", "attribution": "Bà Thạch Thị"}}])
    assert spoken_text(article) == (
        "Lễ hội truyền thống.\nTối 3/11 & sáng 4/11.\nHết.\nVui lắm Bà Thạch Thị")
    # Decomposed and composed Vietnamese are the same words: the same cache key.
    import unicodedata
    article.sapo = unicodedata.normalize("NFD", article.sapo)
    assert speech_key(spoken_text(article), "espeak-ng", "vi") == speech_key(
        "Lễ hội truyền thống.\nTối 3/11 & sáng 4/11.\nHết.\nVui lắm Bà Thạch Thị",
        "espeak-ng", "vi")
    assert speech_key("a", "espeak-ng", "vi") != speech_key("a", "piper", "vi")
