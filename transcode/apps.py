"""Uploaded episode media, probed and transcoded in the background by the task worker."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranscodeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "transcode"
    verbose_name = _("Media processing")
