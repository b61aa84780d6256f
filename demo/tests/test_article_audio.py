"""The demo's first story is read aloud by the machine voice when the demo loads (`make run`)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from listen.models import ArticleAudio, AudioState
from news.models import Article

pytestmark = pytest.mark.django_db


@pytest.mark.ffmpeg
@pytest.mark.espeak
def test_the_demo_loads_one_story_with_its_machine_reading(settings, tmp_path, client,
                                                           django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LISTEN_ENGINE = "espeak-ng"
    with django_capture_on_commit_callbacks(execute=False):  # the worker's share: not here
        call_command("load_demo_content", stdout=StringIO())
    story = Article.objects.get(import_key="demo:1")
    audio = ArticleAudio.objects.get(pk=story.pk)
    assert audio.speech_state == AudioState.READY
    assert (tmp_path / "media" / audio.speech_path).is_file()
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'<audio controls preload="none" src="/media/{audio.speech_path}"' in page
    # The other Vietnamese stories wait for the task worker; Khmer ones have no voice.
    others = ArticleAudio.objects.exclude(pk=story.pk)
    assert set(others.filter(article__locale__language_code="vi").values_list(
        "speech_state", flat=True)) == {AudioState.PENDING}
    assert set(others.filter(article__locale__language_code="km").values_list(
        "speech_state", flat=True)) == {AudioState.NO_VOICE}
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "article audio: 0" in out.getvalue()
