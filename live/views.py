"""The live channel pages, their index, and the rolling playlists of the local demo streams."""

from __future__ import annotations

import time

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
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


def _demo_loop(code: str) -> streams.Loop | HttpResponse:
    """The channel's demo loop, or the response that says why there is none (404 or 503)."""
    try:
        loop = streams.read_loop(code)
    except (OSError, ValueError):
        return HttpResponse(_("The demo stream of this channel is damaged: make it again."),
                            status=503, content_type="text/plain; charset=utf-8")
    if loop is None:
        raise Http404("no demo stream for this channel")
    return loop


def _short_lived(text: str) -> HttpResponse:
    """A playlist that changes every segment length: nginx and browsers keep it one second at
    most; a slightly older copy is still valid, just one segment behind."""
    response = HttpResponse(text, content_type=HLS_TYPE)
    response["Cache-Control"] = "public, max-age=1"
    response["X-Accel-Expires"] = "1"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def playlist(request: HttpRequest, code: str) -> HttpResponse:
    """The demo stream's address: a multivariant playlist whose one variant is the media
    playlist numbered from the segment this player starts at (see live.streams)."""
    loop = _demo_loop(code)
    if isinstance(loop, HttpResponse):
        return loop
    since = streams.session_start(loop, time.time())
    media = reverse("live_stream:media_playlist", kwargs={"code": code, "since": since})
    return _short_lived(streams.master_playlist(loop, media))


def media_playlist(request: HttpRequest, code: str, since: int) -> HttpResponse:
    """The demo loop as a live media playlist at this moment, numbered from `since`."""
    loop = _demo_loop(code)
    if isinstance(loop, HttpResponse):
        return loop
    try:
        text = streams.live_playlist(loop, time.time(), since=since)
    except streams.NotYetAired as error:
        raise Http404("this segment has not been broadcast yet") from error
    return _short_lived(text)
