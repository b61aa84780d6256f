"""Importing articles from page dumps and JSON Lines."""

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ImporterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "importer"
    verbose_name = pgettext_lazy("app name", "Import")
