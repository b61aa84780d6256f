"""The background transcode of an episode's upload (django-tasks, run by `manage.py db_worker`).

Outputs are written into a fresh temporary folder beside their final place
(MEDIA_ROOT/episodes/<id>/) and swapped in by renames only when every output exists; a failure
removes the temporary folder, so readers and the database never see half an episode.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from broadcast.models import Episode
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


def _swap_in(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` with renames on one filesystem: no moment without media."""
    if final.exists():
        old = final.with_name(f".old-{final.name}-{uuid.uuid4().hex[:8]}")
        final.rename(old)
        staging.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(final)


def _editor_message(message) -> str:
    """The editor's message in Vietnamese, whatever language the worker runs in."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


def process_episode(episode_id: int, source_name: str) -> str:
    """Probe and transcode one upload; returns the state reached.

    `source_name` is the upload the task was queued for: when the editor has replaced it since,
    this run does nothing and the newer upload's own task does the work.
    """
    current = Episode.objects.filter(pk=episode_id, source_file=source_name)
    if not source_name or not current.update(media_state=Episode.State.PROCESSING,
                                             media_error=""):
        return "stale"
    episode = Episode.objects.get(pk=episode_id)
    final = output_dir(episode_id)
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{episode_id}-", dir=final.parent))
    try:
        outputs = transcode(Path(episode.source_file.path), staging)
    except MediaError as error:
        shutil.rmtree(staging, ignore_errors=True)
        logger.warning("Episode %s: %s (%s)", episode_id, error.message, error.detail)
        with transaction.atomic():
            if current.update(media_state=Episode.State.FAILED,
                              media_error=_editor_message(error.message), **CLEARED_OUTPUTS):
                remove_outputs(episode_id)
        return Episode.State.FAILED
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        current.update(media_state=Episode.State.FAILED,
                       media_error=_editor_message(SERVER_ERROR), **CLEARED_OUTPUTS)
        raise
    base = f"{OUTPUT_ROOT}/{episode_id}/"
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
        # Lock the row: a new upload saved meanwhile keeps its own (pending) state.
        if not Episode.objects.select_for_update().filter(
                pk=episode_id, source_file=source_name).exists():
            shutil.rmtree(staging, ignore_errors=True)
            return "stale"
        _swap_in(staging, final)
        current.update(**fields)
    return Episode.State.READY


@task()
def transcode_episode(episode_id: int, source_name: str) -> str:
    """The worker's entry point; never run inside a request."""
    return process_episode(episode_id, source_name)
