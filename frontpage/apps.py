"""The portal's frame and front page: layout, menu, sidebar and the home page."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontpageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "frontpage"
    verbose_name = _("Front page")

    def ready(self) -> None:
        from core.caching import registry

        registry.cache_pages("frontpage")
