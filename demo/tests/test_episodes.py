"""The demo's programmes and playable episodes (`make run`)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from broadcast.models import Episode
from demo import demo_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DEMO_EPISODE_MEDIA = True
    return tmp_path / "media"


@pytest.mark.ffmpeg
def test_demo_episodes_are_transcoded_published_and_loaded_once(media, client, monkeypatch):
    monkeypatch.setattr(demo_content, "DEMO_CLIP_SECONDS", 2)
    call_command("load_demo_content", stdout=StringIO())
    episodes = list(Episode.objects.visible().order_by("id"))
    assert len(episodes) == len(demo_content.EPISODES)
    assert {e.media_kind for e in episodes} == {"video", "audio"}
    for episode in episodes:
        assert episode.media_ready and episode.duration_seconds == pytest.approx(2, abs=0.2)
        assert (media / (episode.video_path or episode.audio_path)).is_file()
        page = client.get(episode.get_absolute_url())
        assert page.status_code == 200 and "data-episode-player" in page.content.decode()
    assert client.get("/chuong-trinh/nong-nghiep-sang/podcast.xml").status_code == 200
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert Episode.objects.count() == len(demo_content.EPISODES)
    assert "episodes: 0" in out.getvalue()


def test_demo_without_ffmpeg_says_so_and_makes_no_episode(media, monkeypatch):
    monkeypatch.setattr(demo_content.shutil, "which", lambda name: None)
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "ffmpeg not found: demo episodes skipped" in out.getvalue()
    assert not Episode.objects.exists()
