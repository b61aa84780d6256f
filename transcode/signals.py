"""Saving an episode with a new upload queues its transcode; deleting it removes its outputs.

Connected in TranscodeConfig.ready(): broadcast knows nothing of transcoding.
"""

from __future__ import annotations

from django.db import transaction

from broadcast.models import Episode
from transcode.tasks import CLEARED_OUTPUTS, remove_outputs, transcode_episode


def remember_source(sender, instance: Episode, raw: bool = False, **kwargs) -> None:
    """Before the save: note whether the upload differs from the one in the database."""
    if raw:
        instance._source_changed = False
        return
    before = ""
    if instance.pk:
        before = (Episode.objects.filter(pk=instance.pk)
                  .values_list("source_file", flat=True).first()) or ""
    instance._source_changed = (instance.source_file.name or "") != before


def queue_transcode(sender, instance: Episode, raw: bool = False, **kwargs) -> None:
    """After the save: a new upload starts pending and is transcoded once the save commits."""
    if raw or not getattr(instance, "_source_changed", False):
        return
    instance._source_changed = False
    fields = {"media_state": Episode.State.PENDING, "media_error": "", "media_run": "",
              "media_heartbeat": None, "media_attempts": 0, **CLEARED_OUTPUTS}
    Episode.objects.filter(pk=instance.pk).update(**fields)
    # A publication scheduled for the previous media is withdrawn: the scheduler would
    # otherwise try (and fail) to publish media that is not ready, at every tick.
    instance.revisions.exclude(approved_go_live_at=None).update(approved_go_live_at=None)
    for name, value in fields.items():
        setattr(instance, name, value)
    name = instance.source_file.name or ""
    if name:
        pk = instance.pk
        transaction.on_commit(lambda: transcode_episode.enqueue(pk, name))
    else:
        transaction.on_commit(lambda: remove_outputs(instance.pk))


def forget_outputs(sender, instance: Episode, **kwargs) -> None:
    pk = instance.pk
    transaction.on_commit(lambda: remove_outputs(pk))
