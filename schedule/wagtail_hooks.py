"""Admin menu "Lịch phát sóng": the import screen and the list of slots."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from schedule import admin_views
from schedule.models import Slot


class SlotViewSet(SnippetViewSet):
    model = Slot
    icon = "date"
    menu_label = _("Slots")
    add_to_admin_menu = False
    list_display = ["starts_at", "ends_at", "title", "channel", "programme"]
    list_filter = ["channel"]
    ordering = ["-starts_at"]


register_snippet(SlotViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [path("nhap/", admin_views.import_view, name="import")]
    return [path("lich-phat-song/", include((urls, "schedule_admin"), namespace="schedule_admin"))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return admin_views.can_import(request.user)


class SlotsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("schedule.view_slot") or request.user.has_perm(
            "schedule.change_slot")


@hooks.register("register_admin_menu_item")
def register_schedule_menu():
    menu = Menu(items=[
        ImportMenuItem(_("Import the schedule"), reverse("schedule_admin:import"),
                       icon_name="upload", order=10),
        SlotsMenuItem(_("Slots"), reverse("wagtailsnippets_schedule_slot:list"),
                      icon_name="list-ul", order=20),
    ])
    return SubmenuMenuItem(_("Broadcast schedule"), menu, icon_name="date", order=130,
                           name="lich-phat-song")
