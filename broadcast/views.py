"""Programmes and their episodes on demand, and embedded video clips."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render

from broadcast.models import Clip, Episode, MediaKind, Programme
from core.pagination import cursor_from, keyset_page

NEWEST_VIDEO_EPISODES = 6


def clip_list(request: HttpRequest) -> HttpResponse:
    """Clips, and on the first page the newest video episodes and the programmes they belong
    to, so readers who come looking for video find the programmes too."""
    cursor = cursor_from(request)
    items, next_after = keyset_page(Clip.objects.select_related("poster"), cursor, size=12)
    episodes: list[Episode] = []
    programmes: list[Programme] = []
    if cursor is None:
        episodes = list(Episode.objects.visible().filter(media_kind=MediaKind.VIDEO)
                        .select_related("programme").newest_first()[:NEWEST_VIDEO_EPISODES])
        programmes = list(Programme.objects.filter(
            id__in=Episode.objects.visible().values("programme_id")))
    return render(request, "broadcast/clip_list.html",
                  {"items": items, "next_after": next_after, "episodes": episodes,
                   "programmes": programmes})


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
