"""Live television and radio: the channel pages with their players, and local demo streams."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "live"
    verbose_name = _("Live channels")

    def ready(self) -> None:
        from core.caching import registry

        # Channels and slots already purge on change and slot boundaries already expire pages
        # (broadcast, schedule): the live pages only need to be cacheable.
        registry.cache_pages("live")
