"""Transcodes whose worker died (killed, out of memory, the machine restarted) start again.

A running transcode stamps its heartbeat (transcode.tasks.heartbeat); the scheduler's minute tick
(core.clock) looks for episodes still "processing" whose heartbeat is older than
TRANSCODE_STALL_SECONDS, and queues their upload again, or marks them failed with the reason
once TRANSCODE_MAX_ATTEMPTS runs were started. The editor never sees "processing" forever.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from broadcast.models import Episode
from transcode.conf import conf
from transcode.tasks import CLEARED_OUTPUTS, editor_message, remove_outputs, transcode_episode

INTERRUPTED = _("Processing was interrupted several times (the server stopped); upload the "
                "file again.")


def stalled(now: datetime | None = None):
    """Episodes marked processing whose worker has been silent too long."""
    cutoff = (now or timezone.now()) - timedelta(seconds=float(conf.TRANSCODE_STALL_SECONDS))
    return Episode.objects.filter(
        Q(media_heartbeat__lt=cutoff) | Q(media_heartbeat=None),
        media_state=Episode.State.PROCESSING)


def recover_stalled(now: datetime | None = None) -> tuple[int, int]:
    """Queue stalled transcodes again or fail them; returns (queued again, failed)."""
    queued = failed = 0
    for pk, source, run, attempts in stalled(now).values_list(
            "pk", "source_file", "media_run", "media_attempts"):
        # Each change is conditional on the run seen here: a worker that wakes up meanwhile,
        # or another scheduler, leaves nothing to do.
        same_run = Episode.objects.filter(pk=pk, source_file=source, media_run=run,
                                          media_state=Episode.State.PROCESSING)
        with transaction.atomic():
            if attempts < int(conf.TRANSCODE_MAX_ATTEMPTS):
                if same_run.update(media_state=Episode.State.PENDING, media_run="",
                                   media_heartbeat=None):
                    queued += 1
                    transaction.on_commit(lambda pk=pk, source=source:
                                          transcode_episode.enqueue(pk, source))
            elif same_run.update(media_state=Episode.State.FAILED, media_run="",
                                 media_error=editor_message(INTERRUPTED), **CLEARED_OUTPUTS):
                failed += 1
                transaction.on_commit(lambda pk=pk: remove_outputs(pk))
    return queued, failed


def on_minute_tick(sender, **kwargs) -> str | None:
    """core.clock receiver: the scheduler's log line, when something was recovered."""
    queued, failed = recover_stalled()
    if queued or failed:
        return f"transcode: {queued} stalled run(s) queued again, {failed} failed"
    return None
