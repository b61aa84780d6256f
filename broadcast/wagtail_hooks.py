"""Admin screens for channels, programmes and video clips."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from broadcast.models import Channel, Clip, Programme


class ClipViewSet(SnippetViewSet):
    model = Clip
    icon = "media"
    menu_label = _("Video clips")
    list_display = ["title", "programme", "published_at"]
    ordering = ["-published_at"]


class ChannelViewSet(SnippetViewSet):
    model = Channel
    icon = "media"
    menu_label = _("Channels")
    list_display = ["code", "name", "kind"]


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    icon = "list-ul"
    menu_label = _("Programmes")
    list_display = ["name", "channel"]


class BroadcastViewSetGroup(SnippetViewSetGroup):
    items = (ClipViewSet, ProgrammeViewSet, ChannelViewSet)
    menu_icon = "media"
    menu_label = _("Broadcast")
    menu_order = 120


register_snippet(BroadcastViewSetGroup)
