"""Article audio as the newsroom uses it, through the real admin URLs: publishing makes the
machine reading (real espeak-ng and ffmpeg, in the task), an edit of the words makes it again
while an edit of the title does not, an announcer's upload is probed (a broken file changes
nothing) and wins over the machine voice, failures show as "Lỗi" with the reason and never
as a player, and the page and its JSON-LD list only audio that is ready."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from listen.models import ArticleAudio, AudioState
from news.models import Article
from newsroom.tests.conftest import admin_url, article_data, assert_refused, client_for
from transcode.tests.media import make_clip, probe_duration

BODY = "<p>Tối 3/11, tại Sóc Trăng đã khai mạc lễ hội Oóc Om Bóc.</p>"


def audio_url(article) -> str:
    return reverse("listen_admin:article", args=[article.pk])


def publish_new(client, section, *, title: str = "Sóc Trăng khai mạc Lễ hội Oóc Om Bóc",
                body: str = BODY) -> Article:
    response = client.post(admin_url("add"),
                           article_data(section, title=title, body=body,
                                        **{"action-publish": "1"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title=title)
    assert article.live
    return article


def publish_edit(client, article, **changes) -> None:
    response = client.post(admin_url("edit", article.pk),
                           article_data(article.primary_section,
                                        **{"title": article.title, "body": BODY, **changes,
                                           "action-publish": "1"}))
    assert response.status_code == 302, response.content.decode()[:2000]


def public_page(client, article) -> str:
    article.refresh_from_db()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def json_ld_audio(page: str) -> dict | None:
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        data = json.loads(block)
        if data.get("@type") == "NewsArticle":
            return data.get("audio")
    raise AssertionError("no NewsArticle JSON-LD")


pytestmark = [pytest.mark.django_db]


@pytest.mark.ffmpeg
@pytest.mark.espeak
def test_publishing_makes_the_machine_reading_and_the_player(
        sections, approver, media_root, client, django_capture_on_commit_callbacks):
    as_approver = client_for(approver)
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_new(as_approver, sections["local"])
    audio = ArticleAudio.objects.get(pk=article.pk)
    assert audio.speech_state == AudioState.READY, audio.speech_error
    assert audio.speech_engine == "espeak-ng"
    mp3 = media_root / audio.speech_path
    assert mp3.read_bytes()[:3] == b"ID3"
    assert probe_duration(mp3) == pytest.approx(audio.speech_duration, abs=0.2)
    assert audio.speech_duration > 2

    page = public_page(client, article)
    player = re.search(r'<section class="listen".*?</section>', page, re.S).group(0)
    assert f'<audio controls preload="none" src="/media/{audio.speech_path}"' in player
    assert "Nghe bài viết" in player and "Giọng đọc máy" in player and "Thời lượng" in player
    assert re.search(r'<time datetime="PT\d+S">0:\d\d</time>', player)
    assert page.index('class="listen"') < page.index('class="article-body"')
    ld = json_ld_audio(page)
    assert ld["@type"] == "AudioObject" and ld["encodingFormat"] == "audio/mpeg"
    assert ld["contentUrl"] == f"http://testserver/media/{audio.speech_path}"
    assert re.fullmatch(r"PT\d+S", ld["duration"]) and ld["name"] == "Giọng đọc máy"
    # The file is served like other media, with byte ranges for seeking.
    part = client.get(f"/media/{audio.speech_path}", HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206 and part["Content-Type"] == "audio/mpeg"


@pytest.mark.ffmpeg
@pytest.mark.espeak
def test_the_reading_is_cached_by_its_words(
        sections, approver, media_root, client, speech_calls,
        django_capture_on_commit_callbacks):
    as_approver = client_for(approver)
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_new(as_approver, sections["local"])
    first = ArticleAudio.objects.get(pk=article.pk)
    assert len(speech_calls) == 1

    # A new title (not read aloud): the same words, nothing is read again.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish_edit(as_approver, article, title="Khai mạc Lễ hội Oóc Om Bóc 2026")
    again = ArticleAudio.objects.get(pk=article.pk)
    assert (again.speech_key, again.speech_path, again.speech_state) == (
        first.speech_key, first.speech_path, AudioState.READY)
    assert len(speech_calls) == 1
    assert "Giọng đọc máy" in public_page(client, article)

    # New words: the old reading is off the page at once, the new one plays when made.
    new_body = "<p>Tối 4/11, lễ đua ghe ngo diễn ra trên sông Maspero.</p>"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_edit(as_approver, article, title="Khai mạc Lễ hội Oóc Om Bóc 2026",
                     body=new_body)
    pending = ArticleAudio.objects.get(pk=article.pk)
    assert pending.speech_state == AudioState.PENDING and pending.speech_key != first.speech_key
    page = public_page(client, article)
    assert "<audio" not in page and json_ld_audio(page) is None
    for callback in callbacks:
        callback()
    made = ArticleAudio.objects.get(pk=article.pk)
    assert made.speech_state == AudioState.READY and made.speech_path != first.speech_path
    assert len(speech_calls) == 2 and "ghe ngo" in speech_calls[-1]
    assert f'src="/media/{made.speech_path}"' in public_page(client, article)

    # Another article with the very same words reuses the file.
    with django_capture_on_commit_callbacks(execute=True):
        twin = publish_new(as_approver, sections["national"], title="Đua ghe ngo",
                           body=new_body)
    assert ArticleAudio.objects.get(pk=twin.pk).speech_path == made.speech_path
    assert len(speech_calls) == 2


@pytest.mark.ffmpeg
@pytest.mark.espeak
def test_an_announcer_recording_is_probed_and_wins(
        sections, approver, media_root, client, tmp_path,
        django_capture_on_commit_callbacks):
    as_approver = client_for(approver)
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_new(as_approver, sections["local"])
    edit_page = as_approver.get(admin_url("edit", article.pk)).content.decode()
    assert f'href="{audio_url(article)}"' in edit_page and "Âm thanh bài viết" in edit_page

    # A broken file is refused with a Vietnamese reason; nothing changes, nothing is stored.
    before = ArticleAudio.objects.filter(pk=article.pk).values().get()
    response = as_approver.post(audio_url(article), {
        "action": "upload", "announcer": "Thu Hà",
        "recording": SimpleUploadedFile("ban-doc.mp3", b"ID3 not really an mp3" * 50,
                                        content_type="audio/mpeg")})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Tệp bị hỏng hoặc không phải video/âm thanh." in text
    assert "không có gì thay đổi" in text
    assert ArticleAudio.objects.filter(pk=article.pk).values().get() == before
    assert not (media_root / "listen" / "uploads").exists()

    # A real recording (a WAV tone): stored, encoded to MP3 by the task, played instead.
    wav = make_clip(tmp_path / "ban-doc.wav", video=False, seconds=4)
    with django_capture_on_commit_callbacks(execute=True):
        with wav.open("rb") as handle:
            response = as_approver.post(audio_url(article), {
                "action": "upload", "announcer": "Thu Hà", "recording": handle})
    assert response.status_code == 302
    audio = ArticleAudio.objects.get(pk=article.pk)
    assert audio.recording_state == AudioState.READY, audio.recording_error
    assert audio.recording_duration == pytest.approx(4, abs=0.2)
    assert audio.speech_state == AudioState.READY  # kept, but not played
    page = public_page(client, article)
    assert f'src="/media/{audio.recording_path}"' in page
    assert "Phát thanh viên: Thu Hà" in page and "Giọng đọc máy" not in page
    assert json_ld_audio(page)["duration"] == "PT4S"
    assert "Thu Hà" in as_approver.get(audio_url(article)).content.decode()

    # Removing it brings the machine voice back and deletes the files.
    recording = media_root / audio.recording_path
    with django_capture_on_commit_callbacks(execute=True):
        response = as_approver.post(audio_url(article), {"action": "remove-recording"})
    assert response.status_code == 302 and not recording.exists()
    assert not ArticleAudio.objects.get(pk=article.pk).recording_upload
    assert "Giọng đọc máy" in public_page(client, article)


def test_oversized_and_empty_uploads_are_refused(sections, approver, media_root, settings):
    article = Article.objects.create(title="Bài", sapo="Tóm tắt.",
                                     primary_section=sections["local"], live=False)
    settings.LISTEN_MAX_UPLOAD_BYTES = 1000
    as_approver = client_for(approver)
    response = as_approver.post(audio_url(article), {
        "announcer": "Thu Hà", "recording": SimpleUploadedFile("dai.wav", b"R" * 2000)})
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    response = as_approver.post(audio_url(article), {
        "announcer": "Thu Hà", "recording": SimpleUploadedFile("rong.wav", b"")})
    assert response.status_code == 400
    assert not ArticleAudio.objects.exists()


@pytest.mark.ffmpeg
@pytest.mark.espeak
def test_failures_show_the_error_and_reason_never_a_player(
        sections, approver, media_root, client, settings, django_capture_on_commit_callbacks):
    as_approver = client_for(approver)
    # The speech program is missing.
    settings.LISTEN_ESPEAK_BINARY = "espeak-ng-not-installed"
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_new(as_approver, sections["local"])
    audio = ArticleAudio.objects.get(pk=article.pk)
    assert audio.speech_state == AudioState.FAILED
    assert audio.speech_error == "Chương trình đọc espeak-ng chưa được cài trên máy chủ."
    admin_page = as_approver.get(audio_url(article)).content.decode()
    assert "Lỗi: Chương trình đọc espeak-ng chưa được cài trên máy chủ." in admin_page
    assert "<audio" not in public_page(client, article)

    # ffmpeg is missing: the engine spoke, the encoding failed.
    settings.LISTEN_ESPEAK_BINARY = "espeak-ng"
    settings.TRANSCODE_FFMPEG = "ffmpeg-not-installed"
    with django_capture_on_commit_callbacks(execute=True):
        as_approver.post(audio_url(article), {"action": "regenerate"})
    audio.refresh_from_db()
    assert audio.speech_state == AudioState.FAILED
    assert "ffmpeg" in audio.speech_error
    assert "<audio" not in public_page(client, article)

    # Nothing to read: a published article with neither lead nor body.
    settings.TRANSCODE_FFMPEG = "ffmpeg"
    data = article_data(sections["local"], title="Chỉ có ảnh", body="",
                        **{"action-publish": "1"})
    data["sapo"] = ""
    data.update({"body-count": "0"})
    with django_capture_on_commit_callbacks(execute=True):
        response = as_approver.post(admin_url("add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    empty = ArticleAudio.objects.get(article__title="Chỉ có ảnh")
    assert empty.speech_state == AudioState.FAILED
    assert empty.speech_error == "Bài viết không có chữ để đọc."


@pytest.mark.ffmpeg
@pytest.mark.espeak
def test_the_editor_restarts_a_reading_left_half_made(
        sections, approver, make_article, media_root, client,
        django_capture_on_commit_callbacks):
    from listen.tasks import plan_speech

    article = make_article(primary_section=sections["local"])
    # A worker stopped while reading: the row says "processing" for ever.
    ArticleAudio.objects.create(article=article, speech_key=plan_speech(article).key,
                                speech_state=AudioState.PROCESSING)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(approver).post(audio_url(article), {"action": "regenerate"})
    assert response.status_code == 302
    assert ArticleAudio.objects.get(pk=article.pk).speech_state == AudioState.READY
    assert "Giọng đọc máy" in public_page(client, article)


def test_piper_chosen_but_not_installed_is_an_error(
        sections, approver, media_root, settings, tmp_path,
        django_capture_on_commit_callbacks):
    model = tmp_path / "vi_VN-vais1000-medium.onnx"
    model.write_bytes(b"model")
    settings.LISTEN_ENGINE = "piper"
    settings.LISTEN_PIPER_MODELS = {"vi": str(model)}
    settings.LISTEN_PIPER_BINARY = "piper-not-installed"
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_new(client_for(approver), sections["local"])
    audio = ArticleAudio.objects.get(pk=article.pk)
    assert (audio.speech_state, audio.speech_error) == (
        AudioState.FAILED, "Chương trình đọc piper chưa được cài trên máy chủ.")
    assert not list(Path(media_root).rglob("*.mp3"))


def test_only_publishers_change_a_live_article_audio(
        sections, approver, editor, reporter, media_root):
    article = Article.objects.create(title="Bài đã đăng", sapo="Tóm tắt.",
                                     primary_section=sections["local"], live=True)
    as_editor = client_for(editor)
    page = as_editor.get(audio_url(article))
    assert page.status_code == 200
    assert "Chỉ người được đăng bài này mới đổi được âm thanh của bài." in page.content.decode()
    assert_refused(as_editor.post(audio_url(article), {
        "announcer": "Thu Hà", "recording": SimpleUploadedFile("a.wav", b"RIFF")}))
    assert not ArticleAudio.objects.exists()
    # A reporter who does not own the article may not even look.
    assert_refused(client_for(reporter).get(audio_url(article)))
