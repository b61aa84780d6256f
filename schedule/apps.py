"""The broadcast schedule: per channel and day, imported by schedulers, exported as XMLTV."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schedule"
    verbose_name = _("Broadcast schedule")

    def ready(self) -> None:
        from core.caching import registry
        from schedule.models import Slot
        from schedule.selectors import next_boundary

        registry.purge_on_change(Slot)
        registry.expire_pages_at(next_boundary)
        registry.cache_pages("schedule")
