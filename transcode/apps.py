"""Uploaded episode media, probed and transcoded in the background by the task worker."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranscodeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "transcode"
    verbose_name = _("Media processing")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from broadcast.forms import EpisodeForm
        from broadcast.models import Episode
        from core.clock import minute_tick
        from transcode import signals
        from transcode.recovery import on_minute_tick
        from transcode.uploads import check_upload_size

        pre_save.connect(signals.remember_source, sender=Episode,
                         dispatch_uid="transcode-remember-source")
        post_save.connect(signals.queue_transcode, sender=Episode,
                          dispatch_uid="transcode-queue")
        post_delete.connect(signals.forget_outputs, sender=Episode,
                            dispatch_uid="transcode-forget-outputs")
        EpisodeForm.register_upload_check(check_upload_size)
        minute_tick.connect(on_minute_tick, dispatch_uid="transcode-recover-stalled")
