"""Pages and shared fragments never outlive the next moment they change by themselves.

Readers see an item from its publication date until its expiry (core.visibility), so a story
dated in the future appears, and an expiring one disappears, without any save or signal; apps
register other such moments (a schedule's slot boundaries, core.caching.registry). The next
moment is read once per content generation; when it has passed, one process moves the
generation on and empties the page cache, and the next moment is read again.
"""

from __future__ import annotations

import math

from django.core.cache import cache
from django.utils import timezone

from core.caching.memo import page_cache_seconds, shared
from core.caching.registry import next_moment
from edgecache.purge import invalidate


def _next_change_timestamp() -> float:
    moment = next_moment(timezone.now())
    return moment.timestamp() if moment is not None else 0.0


def catch_up() -> float:
    """Invalidate once when the generation's next visibility change has passed.

    Returns the moment (a timestamp) of the next change still ahead, or 0 when none is known.
    Called before every page renders, so no page is built from a generation that still shows
    an expired item or hides an appeared one.
    """
    moment = shared("next-visibility-change", _next_change_timestamp)
    if moment and moment <= timezone.now().timestamp():
        # One process invalidates; the others read the generation it moved on.
        if cache.add(f"edgecache:visibility-changed:{moment}", 1, timeout=3600):
            invalidate("an item appeared or expired")
        moment = 0.0
    return moment


def seconds_until_next_change() -> int:
    """Whole seconds a page may be kept before the next item appears or expires."""
    moment = shared("next-visibility-change", _next_change_timestamp)
    if not moment:
        return page_cache_seconds()
    remaining = moment - timezone.now().timestamp()
    if remaining <= 0:
        return 0
    # nginx counts whole seconds from a clock truncated to the second: one second less keeps a
    # stored page from outliving the moment.
    return max(0, math.floor(remaining) - 1)
