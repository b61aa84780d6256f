"""Video on demand: programmes and their episodes, and clips played from elsewhere."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render

from broadcast.models import Clip, Episode, MediaKind, Programme
from core.pagination import cursor_from, keyset_page

VIDEOS_PER_PAGE = 12
# Clips are videos played from another site's player or file; the station's own programmes
# come first, so page one shows the newest few clips under its episodes.
CLIPS_ON_FIRST_PAGE = 6


def video_list(request: HttpRequest) -> HttpResponse:
    """Video on demand: the station's video episodes, newest first, paged; page one also
    names the programmes and shows the newest clips from elsewhere."""
    cursor = cursor_from(request)
    items, next_after = keyset_page(
        Episode.objects.filter(media_kind=MediaKind.VIDEO).select_related("programme"),
        cursor, size=VIDEOS_PER_PAGE)
    programmes: list[Programme] = []
    clips: list[Clip] = []
    if cursor is None:
        programmes = list(Programme.objects.filter(
            id__in=Episode.objects.visible().values("programme_id")))
        clips = list(Clip.objects.visible().select_related("poster")
                     .newest_first()[:CLIPS_ON_FIRST_PAGE])
    return render(request, "broadcast/video_list.html",
                  {"items": items, "next_after": next_after, "programmes": programmes,
                   "clips": clips})


def clip_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_object_or_404(Clip.objects.visible().select_related("poster", "programme"), pk=pk)
    if item.slug != slug:
        return HttpResponsePermanentRedirect(item.get_absolute_url())
    return render(request, "broadcast/clip_detail.html", {"item": item})


EPISODES_PER_PAGE = 12


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme and its published episodes, newest first."""
    programme = get_object_or_404(Programme.objects.select_related("channel", "cover"),
                                  slug=slug)
    items, next_after = keyset_page(programme.episodes.all(), cursor_from(request),
                                    size=EPISODES_PER_PAGE)
    return render(request, "broadcast/programme_detail.html",
                  {"programme": programme, "items": items, "next_after": next_after})


def episode_detail(request: HttpRequest, programme_slug: str, slug: str, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Episode.objects.visible().select_related("programme", "programme__channel"), pk=pk)
    if item.slug != slug or item.programme.slug != programme_slug:
        return HttpResponsePermanentRedirect(item.get_absolute_url())
    return render(request, "broadcast/episode_detail.html", {"item": item})
