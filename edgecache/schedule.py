"""When does the next future-dated item become visible? Cached pages must expire by then.

Readers see an article once `live` and `published_at <= now` (the same for announcements,
documents and clips), so a story dated in the future appears without any save or signal. Pages
are therefore never cached past the next such moment.
"""

from __future__ import annotations

import math
from datetime import datetime

from django.core.cache import cache
from django.utils import timezone

from edgecache.cache import invalidate, page_cache_seconds, shared


def _next_visible_at() -> float | None:
    from broadcast.models import Clip
    from news.models import Article
    from notices.models import Announcement, OfficialDocument

    now = timezone.now()
    moments: list[datetime] = []
    for model in (Article, Announcement, OfficialDocument, Clip):
        moment = (
            model.objects.filter(live=True, published_at__gt=now)
            .order_by("published_at").values_list("published_at", flat=True).first()
        )
        if moment is not None:
            moments.append(moment)
    return min(moments).timestamp() if moments else None


def seconds_until_next_visible() -> int:
    """Whole seconds until the next scheduled item shows (large when nothing is scheduled)."""
    moment = shared("next-visible", lambda: _next_visible_at() or 0.0)
    if not moment:
        return page_cache_seconds()
    remaining = moment - timezone.now().timestamp()
    if remaining <= 0:
        # The item is visible now: every listing and shared fragment must show it. One process
        # does the invalidation; the new generation recomputes the next moment.
        if cache.add(f"edgecache:became-visible:{moment}", 1, timeout=3600):
            invalidate("scheduled item became visible")
        return 0
    # nginx counts whole seconds from a clock truncated to the second: one second less keeps a
    # stored page from outliving the moment.
    return max(0, math.floor(remaining) - 1)
