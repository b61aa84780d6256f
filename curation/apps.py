"""The front page as editors arrange it (home slots) and the breaking-news ticker."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "curation"
    verbose_name = _("Front page")

    def ready(self) -> None:
        from core.caching import registry
        from curation.models import BreakingNews, HomeSlot
        from curation.selectors import next_change

        # Publishing, unpublishing or deleting an arrangement or a ticker empties the page
        # cache; an expiry passes by itself, so pages are not kept past it.
        registry.purge_on_change(HomeSlot, BreakingNews)
        registry.expire_pages_at(next_change)
