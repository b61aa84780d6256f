"""Channels, live streams and video on demand."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BroadcastConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "broadcast"
    verbose_name = _("Broadcast")

    def ready(self) -> None:
        from broadcast.models import Channel, Clip, Episode, Programme
        from core import visibility
        from core.caching import registry

        visibility.register(Clip)
        visibility.register(Episode)
        registry.purge_on_change(Channel, Programme)
        registry.cache_pages("broadcast")
