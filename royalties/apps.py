"""Output and royalty reports (nhuận bút): rates per genre, monthly reports, locked months."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoyaltiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "royalties"
    verbose_name = _("Royalties")
