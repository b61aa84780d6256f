"""A transcode whose worker died is started again, then failed with a reason: never stuck."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files import File
from django.core.management import call_command
from django.utils import timezone

from broadcast.models import Episode
from transcode import recovery, tasks
from transcode.tests.media import make_clip

INTERRUPTED_MESSAGE = "Quá trình xử lý bị gián đoạn nhiều lần"


def processing_episode(programme, *, attempts: int = 1, silent_for: float = 600) -> Episode:
    """An episode left as a killed worker leaves it: processing, its heartbeat old."""
    episode = Episode.objects.create(programme=programme, title="Thời sự tối", live=False)
    Episode.objects.filter(pk=episode.pk).update(
        source_file="episodes/source/clip.mp4", media_state=Episode.State.PROCESSING,
        media_run="dead-run", media_attempts=attempts,
        media_heartbeat=timezone.now() - timedelta(seconds=silent_for))
    episode.refresh_from_db()
    return episode


@pytest.mark.django_db
def test_a_silent_run_is_queued_again(programme, monkeypatch,
                                       django_capture_on_commit_callbacks):
    started = []
    monkeypatch.setattr(recovery, "transcode_episode",
                        type("T", (), {"enqueue": staticmethod(
                            lambda *args: started.append(args))}))
    episode = processing_episode(programme, attempts=1)
    fresh = processing_episode(programme, attempts=1, silent_for=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert recovery.recover_stalled() == (1, 0)
    episode.refresh_from_db()
    fresh.refresh_from_db()
    assert episode.media_state == Episode.State.PENDING and episode.media_run == ""
    assert started == [(episode.pk, "episodes/source/clip.mp4")]
    assert fresh.media_state == Episode.State.PROCESSING  # its worker is alive: left alone
    assert recovery.recover_stalled() == (0, 0)


@pytest.mark.django_db
def test_after_the_last_attempt_the_episode_fails_with_the_reason(
        programme, media_root, settings, django_capture_on_commit_callbacks):
    settings.TRANSCODE_MAX_ATTEMPTS = 2
    episode = processing_episode(programme, attempts=2)
    leftover = media_root / "episodes" / str(episode.pk) / ".tmp-dead"
    leftover.mkdir(parents=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert recovery.recover_stalled() == (0, 1)
    episode.refresh_from_db()
    assert episode.media_state == Episode.State.FAILED
    assert episode.media_error.startswith(INTERRUPTED_MESSAGE)
    assert not leftover.exists()


@pytest.mark.django_db
def test_the_scheduler_tick_recovers_stalled_runs(programme, monkeypatch):
    monkeypatch.setattr(recovery, "transcode_episode",
                        type("T", (), {"enqueue": staticmethod(lambda *args: None)}))
    episode = processing_episode(programme)
    call_command("run_scheduler", "--once", stdout=open(os.devnull, "w"))
    episode.refresh_from_db()
    assert episode.media_state == Episode.State.PENDING


@pytest.mark.django_db
def test_a_run_taken_for_dead_cannot_overwrite_its_successor(programme, media_root,
                                                             monkeypatch):
    """The old worker wakes up after its episode was given to a new run: its result is
    thrown away and the successor's state stays."""
    episode = Episode.objects.create(programme=programme, title="Tập", live=False)
    Episode.objects.filter(pk=episode.pk).update(source_file="episodes/source/a.mp4")

    def taken_over(source: Path, out: Path):
        Episode.objects.filter(pk=episode.pk).update(media_run="successor")
        (out / "a").mkdir()
        return _fake_outputs()

    monkeypatch.setattr(tasks, "transcode", taken_over)
    assert tasks.process_episode(episode.pk, "episodes/source/a.mp4") == "stale"
    episode.refresh_from_db()
    assert episode.media_state == Episode.State.PROCESSING
    assert episode.media_run == "successor" and episode.hls_playlist == ""


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_moves_while_the_transcode_runs(programme, media_root, settings,
                                                      monkeypatch):
    settings.TRANSCODE_HEARTBEAT_SECONDS = 0.05
    episode = Episode.objects.create(programme=programme, title="Tập", live=False)
    Episode.objects.filter(pk=episode.pk).update(source_file="episodes/source/a.mp4")
    beats = []

    def slow(source: Path, out: Path):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and len(set(beats)) < 3:
            beats.append(Episode.objects.get(pk=episode.pk).media_heartbeat)
            time.sleep(0.02)
        (out / "a").mkdir()
        return _fake_outputs()

    monkeypatch.setattr(tasks, "transcode", slow)
    assert tasks.process_episode(episode.pk, "episodes/source/a.mp4") == Episode.State.READY
    assert len(set(beats)) >= 3 and sorted(set(beats)) == sorted(set(beats), key=str)


@pytest.mark.postgres
@pytest.mark.ffmpeg
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_transcode_is_recovered(programme, media_root, tmp_path):
    """A real `db_worker` is SIGKILLed while ffmpeg works; the episode is left processing,
    the scheduler's recovery queues it again and the next run makes it ready."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult  # the worker's queue, in the test database

    clip = make_clip(tmp_path / "long.mp4", seconds=40)
    episode = Episode(programme=programme, title="Phóng sự dài", live=False)
    with clip.open("rb") as handle:
        episode.source_file.save("long.mp4", File(handle), save=False)
    Episode.objects.bulk_create([episode])  # no signal: the worker's queue gets the task below
    episode = Episode.objects.get(title="Phóng sự dài")
    DatabaseBackend("default", {}).enqueue(tasks.transcode_episode,
                                           [episode.pk, episode.source_file.name], {})
    assert DBTaskResult.objects.count() == 1

    database = django_settings.DATABASES["default"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "toasoan.settings.dev",
           "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:"
                           f"{database['PORT']}/{database['NAME']}",
           "MEDIA_ROOT": str(media_root), "TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=Path(__file__).resolve().parents[2], env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            episode.refresh_from_db()
            if episode.media_state == Episode.State.PROCESSING and list(
                    (media_root / "episodes" / str(episode.pk)).glob(".tmp-*/v*")):
                break
            time.sleep(0.2)
        assert episode.media_state == Episode.State.PROCESSING, "the worker never started"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its ffmpeg, without warning
        worker.wait(timeout=30)
    time.sleep(0.5)
    episode.refresh_from_db()
    assert episode.media_state == Episode.State.PROCESSING  # what the dead worker left
    assert episode.media_attempts == 1

    later = timezone.now() + timedelta(seconds=float(tasks.conf.TRANSCODE_STALL_SECONDS) + 1)
    assert recovery.recover_stalled(now=later) == (1, 0)  # runs again at once (test backend)
    episode.refresh_from_db()
    assert episode.media_state == Episode.State.READY, episode.media_error
    assert episode.media_attempts == 2
    assert [p.name for p in (media_root / "episodes" / str(episode.pk)).iterdir()
            if p.name.startswith(".")] == []  # the dead run's staging folder is gone


def _fake_outputs():
    from transcode.media import Outputs

    return Outputs(kind="audio", duration=3.0, hls_playlist="a/index.m3u8",
                   progressive="audio.mp3", progressive_bytes=0)
