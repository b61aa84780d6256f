"""Upload → probe → transcode → ready, and every way it can go wrong leaving nothing behind."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils import timezone

from broadcast.models import Episode, MediaNotReady
from transcode import tasks
from transcode.media import MediaError
from transcode.tests.media import probe_duration

pytestmark = pytest.mark.django_db

CORRUPT_MESSAGE = "Tệp bị hỏng hoặc không phải video/âm thanh."


def upload(programme, django_capture_on_commit_callbacks, content, name: str,
           title: str = "Thời sự trưa") -> Episode:
    """Save an episode with an upload as the admin does; the queued task runs at commit
    (the test settings' immediate task backend)."""
    with django_capture_on_commit_callbacks(execute=True):
        episode = Episode(programme=programme, title=title, live=False)
        episode.source_file.save(name, content, save=False)
        episode.save()
    episode.refresh_from_db()
    return episode


def leftovers(media_root: Path) -> list[str]:
    """Temporary folders left in the episodes' output area."""
    return sorted(str(p) for p in (media_root / "episodes").rglob(".*"))


@pytest.mark.ffmpeg
def test_video_upload_becomes_hls_renditions_mp4_and_poster(
        media_root, clips, programme, django_capture_on_commit_callbacks):
    with clips["video"].open("rb") as handle:
        episode = upload(programme, django_capture_on_commit_callbacks, File(handle), "clip.mp4")
    assert episode.media_state == Episode.State.READY, episode.media_error
    assert episode.media_kind == "video" and episode.media_error == ""
    assert episode.duration_seconds == pytest.approx(3.0, abs=0.1)
    assert episode.duration_iso == "PT3S"
    assert re.fullmatch(rf"episodes/{episode.pk}/[0-9a-f]{{12}}/master\.m3u8",
                        episode.hls_playlist)
    folder = (media_root / episode.hls_playlist).parent
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # one version
    master = (media_root / episode.hls_playlist).read_text()
    assert re.findall(r"RESOLUTION=(\d+x\d+)", master) == ["640x360", "1280x720"]
    assert 'CODECS="avc1' in master and "mp4a.40.2" in master
    for variant in re.findall(r"^(v\d/index\.m3u8)$", master, flags=re.M):
        playlist = (folder / variant).read_text()
        assert "#EXT-X-ENDLIST" in playlist
        segments = re.findall(r"^(seg\d+\.ts)$", playlist, flags=re.M)
        assert segments and all((folder / variant).parent.joinpath(s).stat().st_size > 0
                                for s in segments)
    mp4 = media_root / episode.video_path
    assert probe_duration(mp4) == pytest.approx(3.0, abs=0.1)
    assert episode.video_bytes == mp4.stat().st_size
    assert (media_root / episode.poster_path).read_bytes()[:3] == b"\xff\xd8\xff"  # JPEG
    assert episode.processed_at is not None and leftovers(media_root) == []


@pytest.mark.ffmpeg
def test_audio_upload_becomes_aac_hls_and_mp3(media_root, clips, radio_programme,
                                              django_capture_on_commit_callbacks):
    with clips["audio"].open("rb") as handle:
        episode = upload(radio_programme, django_capture_on_commit_callbacks, File(handle),
                         "tone.wav", title="Bản tin nông nghiệp")
    assert episode.media_state == Episode.State.READY, episode.media_error
    assert episode.media_kind == "audio" and episode.poster_path == ""
    assert episode.duration_seconds == pytest.approx(3.0, abs=0.1)
    playlist = (media_root / episode.hls_playlist).read_text()
    assert "#EXT-X-ENDLIST" in playlist and ".ts" in playlist
    mp3 = media_root / episode.audio_path
    assert mp3.suffix == ".mp3" and episode.audio_bytes == mp3.stat().st_size
    assert probe_duration(mp3) == pytest.approx(3.0, abs=0.15)


@pytest.mark.ffmpeg
def test_corrupt_file_fails_with_a_reason_and_nothing_published(
        media_root, programme, django_capture_on_commit_callbacks):
    junk = ContentFile(b"\x00\x01not a video at all" * 500)
    episode = upload(programme, django_capture_on_commit_callbacks, junk, "hong.mp4")
    assert episode.media_state == Episode.State.FAILED
    assert episode.media_error == CORRUPT_MESSAGE
    assert episode.hls_playlist == episode.video_path == episode.poster_path == ""
    assert not (media_root / "episodes" / str(episode.pk)).exists()
    assert leftovers(media_root) == []
    with pytest.raises(MediaNotReady):
        episode.save_revision().publish()
    episode.refresh_from_db()
    assert not episode.live
    assert not Episode.objects.visible().exists()


@pytest.mark.ffmpeg
def test_failure_after_outputs_were_written_removes_them(
        media_root, clips, radio_programme, django_capture_on_commit_callbacks, monkeypatch):
    real = tasks.transcode

    def fails_late(source: Path, out: Path):
        real(source, out)
        assert any(out.iterdir())  # half-made outputs exist at this point
        raise MediaError("Lỗi thử nghiệm", "late failure")

    monkeypatch.setattr(tasks, "transcode", fails_late)
    with clips["audio"].open("rb") as handle:
        episode = upload(radio_programme, django_capture_on_commit_callbacks, File(handle),
                         "tone.wav")
    assert episode.media_state == Episode.State.FAILED
    assert episode.media_error == "Lỗi thử nghiệm"
    assert not (media_root / "episodes" / str(episode.pk)).exists()
    assert leftovers(media_root) == []


def test_missing_ffmpeg_fails_with_a_clear_reason(media_root, programme, settings,
                                                  django_capture_on_commit_callbacks):
    settings.TRANSCODE_FFPROBE = "/nonexistent/ffprobe"
    episode = upload(programme, django_capture_on_commit_callbacks, ContentFile(b"x" * 10),
                     "a.mp4")
    assert episode.media_state == Episode.State.FAILED
    assert "ffmpeg" in episode.media_error and "chưa được cài" in episode.media_error


def test_a_task_for_a_replaced_upload_does_nothing(media_root, programme):
    episode = Episode.objects.create(programme=programme, title="Tập cũ", live=False)
    Episode.objects.filter(pk=episode.pk).update(source_file="episodes/source/new.mp4")
    assert tasks.process_episode(episode.pk, "episodes/source/old.mp4") == "stale"
    episode.refresh_from_db()
    assert episode.media_state == Episode.State.PENDING


def test_new_upload_resets_state_and_queues_one_task(media_root, programme, queued,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        episode = Episode.objects.create(programme=programme, title="Tập mới", live=False)
    assert queued == []  # no upload, nothing to do
    Episode.objects.filter(pk=episode.pk).update(media_state=Episode.State.FAILED,
                                                 media_error="cũ")
    episode.refresh_from_db()
    scheduled = episode.save_revision()
    scheduled.approved_go_live_at = timezone.now() + timedelta(hours=1)
    scheduled.save()
    with django_capture_on_commit_callbacks(execute=True):
        episode.source_file.save("moi.mp4", ContentFile(b"data"), save=True)
    episode.refresh_from_db()
    assert queued == [(episode.pk, episode.source_file.name)]
    assert episode.media_state == Episode.State.PENDING and episode.media_error == ""
    scheduled.refresh_from_db()
    assert scheduled.approved_go_live_at is None  # the schedule was for the old media
    with django_capture_on_commit_callbacks(execute=True):
        episode.title = "Tập mới (sửa)"
        episode.save()
    assert len(queued) == 1  # the same upload is not transcoded again
