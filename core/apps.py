"""Portal core: station identity, layout, Vietnamese text helpers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.urls import register_converter

        from core import (
            checks,  # noqa: F401  (registers them)
            editions,
        )
        from core.caching import registry
        from core.converters import IdConverter
        from core.models import StationSettings
        from core.spreadsheets import guard_wagtail_exports

        registry.purge_on_change(StationSettings)
        # <id:pk> in every app's URLs: a row id the database can hold (core.converters).
        register_converter(IdConverter, "id")
        guard_wagtail_exports()
        editions.connect(self)
