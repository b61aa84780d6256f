"""What the live pages and the home block read: channels, what each airs now, their streams."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils import timezone

from broadcast.models import Channel
from core.caching.memo import shared
from schedule.selectors import now_and_next


def channels() -> list[Channel]:
    return list(Channel.objects.all())


def channel_url(channel: Channel) -> str:
    return reverse("live:channel", kwargs={"code": channel.code})


def stream_address(channel: Channel) -> str:
    """The channel's playable HLS address, or "" when it has none a browser may load.

    Only http(s) URLs and paths on this site are accepted, so a mistyped value (or a
    `javascript:` one) shows the off-air message instead of a broken player.
    """
    value = channel.stream_url.strip()
    if not value:
        return ""
    if value.startswith("/") and not value.startswith("//"):
        return value
    parts = urlsplit(value)
    return value if parts.scheme in {"http", "https"} and parts.netloc else ""


def playable(channel: Channel) -> bool:
    return channel.on_air and bool(stream_address(channel))


def on_air_now(at: dt.datetime | None = None) -> list[dict]:
    """Each channel, its page and the programme it airs at `at` (now), as plain values."""
    at = at or timezone.now()
    rows = []
    for channel in channels():
        current, _following = now_and_next(channel, at)
        rows.append({
            "code": channel.code, "name": channel.name, "kind": channel.kind,
            "url": channel_url(channel), "playable": playable(channel),
            "title": current.title if current else "",
            "title_km": current.title_km if current else "",
            "starts_at": current.starts_at if current else None,
            "ends_at": current.ends_at if current else None,
        })
    return rows


def on_air_block() -> list[dict]:
    """The home page's block, shared by every page of a content generation.

    The generation moves on at each slot boundary (schedule registers them with the page
    cache), so the block never shows a programme that has ended.
    """
    return shared("live:on-air-now", on_air_now)


def menu_channels() -> dict[str, str]:
    """The live page the menu links to for television and for radio (first of each kind)."""
    links: dict[str, str] = {}
    for channel in channels():
        links.setdefault(channel.kind, channel_url(channel))
    return links
