"""Podcast feeds of audio programmes: RSS 2.0 with Apple's itunes: tags and the Podcasting 2.0
namespace (podcast:guid), one feed per programme at /chuong-trinh/<slug>/podcast.xml.

The enclosure is the episode's MP3 with its exact byte length (recorded by the transcode),
which podcast apps use to show sizes and resume downloads.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.feedgenerator import rfc2822_date
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from broadcast.models import Episode, MediaKind, Programme
from core.models import StationSettings
from syndication.conf import conf
from syndication.utils import absolute, publisher_logo, rendition_url

# Apple's category for a station's news and current-affairs programmes.
PODCAST_CATEGORY = "News"


def podcast_episodes(programme: Programme) -> list[Episode]:
    """The programme's visible audio episodes with an MP3, newest first."""
    return list(
        Episode.objects.visible().filter(programme=programme, media_kind=MediaKind.AUDIO)
        .exclude(audio_path="").filter(audio_bytes__isnull=False)
        .order_by("-published_at", "-id")[: int(conf.SYNDICATION_FEED_ITEMS)]
    )


@require_GET
@cache_control(public=True, max_age=300)
def podcast_feed(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.select_related("channel", "cover"),
                                  slug=slug)
    if programme.kind != MediaKind.AUDIO:
        raise Http404("Only audio programmes have a podcast feed")
    station = StationSettings.load(request_or_site=request)
    cover = rendition_url(programme.cover, "fill-1400x1400")
    episodes = podcast_episodes(programme)
    items = [{
        "episode": episode,
        "url": absolute(request, episode.get_absolute_url()),
        "mp3": absolute(request, episode.media_url(episode.audio_path)),
        "pub_date": rfc2822_date(episode.published_at),
        "duration": round(episode.duration_seconds or 0),
    } for episode in episodes]
    context = {
        "programme": programme,
        "link": absolute(request, programme.get_absolute_url()),
        "self_url": request.build_absolute_uri(request.path),
        "author": station.station_name or station.portal_name,
        "image": absolute(request, cover) if cover else publisher_logo(request),
        "category": PODCAST_CATEGORY,
        "items": items,
        "last_build": rfc2822_date(episodes[0].published_at) if episodes else None,
    }
    body = render_to_string("syndication/podcast.xml", context, request=request)
    return HttpResponse(body, content_type="application/rss+xml; charset=utf-8")
