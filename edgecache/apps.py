"""App config: connect the invalidation signals once the models are loaded."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EdgeCacheConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "edgecache"
    verbose_name = _("Page cache")

    def ready(self) -> None:
        from edgecache import signals

        signals.connect()
