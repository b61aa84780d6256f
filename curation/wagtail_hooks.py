"""Admin menu "Trang chủ": the home slots and the breaking-news line, as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from curation.models import BreakingNews, HomeSlot


class HomeSlotViewSet(SnippetViewSet):
    model = HomeSlot
    icon = "grip"
    menu_label = _("Home slots")
    list_display = ["__str__", "live", "go_live_at", "expire_at"]
    ordering = ["kind", "section__sort_order"]


class BreakingNewsViewSet(SnippetViewSet):
    model = BreakingNews
    icon = "warning"
    menu_label = _("Breaking news")
    list_display = ["text", "live", "expire_at"]
    ordering = ["-id"]


class FrontPageViewSetGroup(SnippetViewSetGroup):
    items = (HomeSlotViewSet, BreakingNewsViewSet)
    menu_icon = "home"
    menu_label = _("Front page")
    menu_order = 110


register_snippet(FrontPageViewSetGroup)
