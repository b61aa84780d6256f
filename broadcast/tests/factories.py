"""Published episodes with ready media for page, feed and sitemap tests.

The output files are placeholders of known sizes: what these tests check is how pages and
feeds describe the media (the transcode tests make real media with ffmpeg).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from broadcast.models import Episode, MediaKind, Programme


def ready_episode(programme: Programme, title: str, *, kind: str = MediaKind.VIDEO,
                  hours_ago: float = 1, duration: float = 754.4, description: str = "",
                  live: bool = True, size: int = 12_345) -> Episode:
    episode = Episode.objects.create(
        programme=programme, title=title, description=description, live=live,
        published_at=timezone.now() - timedelta(hours=hours_ago))
    base = f"episodes/{episode.pk}/"
    folder = Path(settings.MEDIA_ROOT) / base
    folder.mkdir(parents=True, exist_ok=True)
    progressive = "video.mp4" if kind == MediaKind.VIDEO else "audio.mp3"
    (folder / progressive).write_bytes(b"\x00" * size)
    fields = {"media_state": Episode.State.READY, "media_kind": kind,
              "duration_seconds": duration, "processed_at": timezone.now()}
    if kind == MediaKind.VIDEO:
        (folder / "poster.jpg").write_bytes(b"\xff\xd8\xff\xe0")
        fields.update(hls_playlist=base + "master.m3u8", poster_path=base + "poster.jpg",
                      video_path=base + progressive, video_bytes=size)
    else:
        fields.update(hls_playlist=base + "a/index.m3u8", audio_path=base + progressive,
                      audio_bytes=size)
    Episode.objects.filter(pk=episode.pk).update(**fields)
    episode.refresh_from_db()
    return episode
