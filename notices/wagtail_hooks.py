"""Admin screens for announcements and official documents."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from notices.models import Announcement, OfficialDocument


class AnnouncementViewSet(SnippetViewSet):
    model = Announcement
    icon = "info-circle"
    menu_label = _("Announcements")
    list_display = ["title", "published_at"]
    ordering = ["-published_at"]


class OfficialDocumentViewSet(SnippetViewSet):
    model = OfficialDocument
    icon = "doc-full"
    menu_label = _("Official documents")
    list_display = ["number", "subject", "issuer", "issued_on"]
    search_fields = ["number", "subject", "issuer"]
    ordering = ["-published_at"]


class NoticesViewSetGroup(SnippetViewSetGroup):
    items = (AnnouncementViewSet, OfficialDocumentViewSet)
    menu_icon = "info-circle"
    menu_label = _("Announcements and documents")
    menu_order = 110


register_snippet(NoticesViewSetGroup)
