"""The background transcode of an episode's upload (django-tasks, run by `manage.py db_worker`).

Outputs are written into a temporary folder (MEDIA_ROOT/episodes/<id>/.tmp-…) and renamed to a
new version folder (MEDIA_ROOT/episodes/<id>/<version>/) only when every output exists; the
database then points at that version and earlier versions are removed. A failure removes the
temporary folder, so readers and the database never see half an episode. Each version has its
own addresses, so caches may keep segments and playlists for a long time.

Each run claims the episode with a token (`media_run`) and writes a heartbeat while ffmpeg
works; every later write of the run is conditional on its token, so a run taken for dead and
started again (transcode.recovery) can never overwrite its successor's result.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django_tasks import task

from broadcast.models import Episode
from transcode.conf import conf
from transcode.media import SERVER_ERROR, MediaError, transcode

logger = logging.getLogger(__name__)

OUTPUT_ROOT = "episodes"
CLEARED_OUTPUTS = {"media_kind": "", "duration_seconds": None, "hls_playlist": "",
                   "poster_path": "", "audio_path": "", "audio_bytes": None, "video_path": "",
                   "video_bytes": None, "processed_at": None}


def output_dir(episode_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / OUTPUT_ROOT / str(episode_id)


def remove_outputs(episode_id: int) -> None:
    """Delete an episode's published outputs (its upload is the storage's business)."""
    shutil.rmtree(output_dir(episode_id), ignore_errors=True)


def _keep_only(folder: Path, version: str) -> None:
    """Remove every earlier version of an episode's outputs."""
    for entry in folder.iterdir():
        if entry.name != version:
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink()


def editor_message(message) -> str:
    """The editor's message in Vietnamese, whatever language the worker runs in."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


@contextmanager
def heartbeat(episode_id: int, run: str) -> Iterator[None]:
    """While the block runs, a thread stamps the episode's heartbeat every few seconds."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(float(conf.TRANSCODE_HEARTBEAT_SECONDS)):
                Episode.objects.filter(pk=episode_id, media_run=run).update(
                    media_heartbeat=timezone.now())
        finally:
            connection.close()  # the thread's own connection

    thread = threading.Thread(target=beat, name=f"transcode-heartbeat-{episode_id}",
                              daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def process_episode(episode_id: int, source_name: str) -> str:
    """Probe and transcode one upload; returns the state reached.

    `source_name` is the upload the task was queued for: when the editor has replaced it since,
    this run does nothing and the newer upload's own task does the work.
    """
    run = uuid.uuid4().hex
    claimed = Episode.objects.filter(pk=episode_id, source_file=source_name).exclude(
        media_state=Episode.State.READY)
    if not source_name or not claimed.update(
            media_state=Episode.State.PROCESSING, media_error="", media_run=run,
            media_heartbeat=timezone.now(), media_attempts=F("media_attempts") + 1):
        return "stale"
    current = Episode.objects.filter(pk=episode_id, source_file=source_name, media_run=run)
    episode = Episode.objects.get(pk=episode_id)
    folder = output_dir(episode_id)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder))
    try:
        with heartbeat(episode_id, run):
            outputs = transcode(Path(episode.source_file.path), staging)
    except MediaError as error:
        shutil.rmtree(staging, ignore_errors=True)
        logger.warning("Episode %s: %s (%s)", episode_id, error.message, error.detail)
        with transaction.atomic():
            if current.update(media_state=Episode.State.FAILED,
                              media_error=editor_message(error.message), **CLEARED_OUTPUTS):
                remove_outputs(episode_id)
        return Episode.State.FAILED
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        current.update(media_state=Episode.State.FAILED,
                       media_error=editor_message(SERVER_ERROR), **CLEARED_OUTPUTS)
        raise
    version = uuid.uuid4().hex[:12]
    base = f"{OUTPUT_ROOT}/{episode_id}/{version}/"
    fields = {
        "media_state": Episode.State.READY, "media_error": "", "media_kind": outputs.kind,
        "duration_seconds": round(outputs.duration, 3),
        "hls_playlist": base + outputs.hls_playlist,
        "poster_path": base + outputs.poster if outputs.poster else "",
        "audio_path": base + outputs.progressive if outputs.kind == "audio" else "",
        "audio_bytes": outputs.progressive_bytes if outputs.kind == "audio" else None,
        "video_path": base + outputs.progressive if outputs.kind == "video" else "",
        "video_bytes": outputs.progressive_bytes if outputs.kind == "video" else None,
        "processed_at": timezone.now(),
    }
    with transaction.atomic():
        # Lock the row: a new upload saved meanwhile keeps its own (pending) state, and a run
        # started again after this one was taken for dead owns the episode now.
        if not Episode.objects.select_for_update().filter(
                pk=episode_id, source_file=source_name, media_run=run).exists():
            shutil.rmtree(staging, ignore_errors=True)
            return "stale"
        staging.rename(folder / version)
        current.update(**fields)
    _keep_only(folder, version)
    return Episode.State.READY


@task()
def transcode_episode(episode_id: int, source_name: str) -> str:
    """The worker's entry point; never run inside a request."""
    return process_episode(episode_id, source_name)
