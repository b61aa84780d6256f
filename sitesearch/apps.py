"""Vietnamese full-text search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sitesearch"
    verbose_name = _("Search")

    def ready(self) -> None:
        from sitesearch import signals

        signals.connect()
