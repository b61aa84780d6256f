"""Announcements (Thông báo) and official documents (Công văn)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notices"
    verbose_name = _("Announcements and documents")

    def ready(self) -> None:
        from core import visibility
        from core.caching import registry
        from notices.models import Announcement, OfficialDocument

        visibility.register(Announcement)
        visibility.register(OfficialDocument)
        registry.cache_pages("notices")
