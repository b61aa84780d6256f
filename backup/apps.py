"""Backups that restore: one archive of the database, the media files and the secrets."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "backup"
    verbose_name = _("Backups")
