"""The live channel pages, their index, and the rolling playlists of the local demo streams."""

from __future__ import annotations

import time

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from broadcast.models import Channel
from core.caching.shell import render_in_shell
from core.csp import allow_sources
from core.embeds import url_source
from live import selectors, streams
from schedule.selectors import day_slots, now_and_next

HLS_TYPE = "application/vnd.apple.mpegurl"


def index(request: HttpRequest) -> HttpResponse:
    """Every channel with what it airs now."""
    return render_in_shell(request, "live/index.html", {"rows": selectors.on_air_now()})


def channel(request: HttpRequest, code: str) -> HttpResponse:
    """The channel's player (or why there is none), what is on now and next, and its day."""
    item = get_object_or_404(Channel, code=code)
    now = timezone.now()
    current, following = now_and_next(item, now)
    stream = selectors.stream_address(item) if item.on_air else ""
    response = render_in_shell(request, "live/channel.html", {
        "channel": item,
        "stream": stream,
        "current": current,
        "following": following,
        "day": timezone.localdate(now),
        "slots": day_slots(item, timezone.localdate(now)),
    })
    if stream:
        # The player reads the stream from its host (hls.js fetches, the browser's own HLS
        # plays it) and hls.js hands the media element a blob: address.
        host = [source] if (source := url_source(stream)) else []
        allow_sources(response, {"media-src": ["blob:", *host], "connect-src": host})
    return response


def playlist(request: HttpRequest, code: str) -> HttpResponse:
    """The demo loop of a channel as a live HLS playlist at this moment.

    It changes every segment length, so nginx and browsers keep it one second at most; a
    slightly older copy is still a valid live playlist, just one segment behind.
    """
    try:
        loop = streams.read_loop(code)
    except (OSError, ValueError):
        return HttpResponse(_("The demo stream of this channel is damaged: make it again."),
                            status=503, content_type="text/plain; charset=utf-8")
    if loop is None:
        raise Http404("no demo stream for this channel")
    response = HttpResponse(streams.live_playlist(loop, time.time()), content_type=HLS_TYPE)
    response["Cache-Control"] = "public, max-age=1"
    response["X-Accel-Expires"] = "1"
    response["Access-Control-Allow-Origin"] = "*"
    return response
