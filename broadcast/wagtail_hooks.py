"""Admin screens for channels, programmes, episodes and video clips."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from broadcast.models import Channel, Clip, Episode, Programme


class MediaStateColumn(Column):
    """The media state, with the reason when processing failed."""

    def get_value(self, instance: Episode) -> str:
        label = instance.get_media_state_display()
        if instance.media_state == Episode.State.FAILED and instance.media_error:
            return f"{label}: {instance.media_error}"
        return str(label)


class EpisodeViewSet(SnippetViewSet):
    model = Episode
    icon = "media"
    menu_label = _("Episodes")
    list_display = ["title", "programme", MediaStateColumn("media_state", label=_("Media")),
                    "published_at"]
    list_filter = ["programme", "media_state", "live"]
    ordering = ["-published_at"]


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
    items = (EpisodeViewSet, ProgrammeViewSet, ClipViewSet, ChannelViewSet)
    menu_icon = "media"
    menu_label = _("Broadcast")
    menu_order = 120


register_snippet(BroadcastViewSetGroup)


@hooks.register("before_publish")
def refuse_episode_without_media(request: HttpRequest, instance) -> HttpResponse | None:
    """The admin's publish: an episode whose media is not ready stays a draft (its changes are
    saved), and the editor is told why. Episode.publish refuses every other path."""
    if not isinstance(instance, Episode):
        return None
    state, source = (Episode.objects.filter(pk=instance.pk)
                     .values_list("media_state", "source_file").first() or (None, ""))
    if state == Episode.State.READY:
        return None
    if not source:
        messages.error(request, _("The episode was saved as a draft but not published: it has "
                                  "no video or audio file yet."))
    elif state == Episode.State.FAILED:
        messages.error(request, _("The episode was saved as a draft but not published: its "
                                  "media could not be processed. Upload another file."))
    else:
        messages.error(request, _("The episode was saved as a draft but not published: its "
                                  "media is still being processed. Publish it once the media "
                                  "is done."))
    return redirect("wagtailsnippets_broadcast_episode:edit", instance.pk)
