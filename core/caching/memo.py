"""Values shared by many pages, built once per content generation.

Kept in Django's cache (shared by all processes) and, for the rest of the generation, in this
process's memory: keys carry the generation, so a memory copy is never stale longer than the
generation itself, and a warm page costs no extra cache round trip.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from core.caching.generation import current_generation
from core.conf import conf

FRAGMENT_PREFIX = "edgecache:fragment"
T = TypeVar("T")
# name:generation -> (expires at, value); bounded, and short-lived so "most read" keeps moving.
_memory: dict[str, tuple[float, object]] = {}
MEMORY_ENTRIES = 256
MEMORY_SECONDS = 60.0


def page_cache_seconds() -> int:
    """How long a page or fragment may be kept when nothing changes (most read drifts)."""
    return int(conf.EDGE_CACHE_SECONDS)


def shared(name: str, build: Callable[[], T], timeout: int | None = None) -> T:
    """A value shared by many pages, rebuilt once per generation (and at most every timeout s).

    Kept in Django's cache (shared by all processes) and, for the rest of the generation, in
    this process's memory: keys carry the generation, so a memory copy can never be stale
    longer than the generation itself, and a warm page costs no extra cache round trip.
    """
    ttl = page_cache_seconds() if timeout is None else timeout
    key = f"{FRAGMENT_PREFIX}:{name}:{current_generation()}"
    now = time.monotonic()
    local = _memory.get(key)
    if local is not None and local[0] > now:
        return local[1]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, ttl)
    if len(_memory) > MEMORY_ENTRIES:
        _memory.clear()
    _memory[key] = (now + min(ttl, MEMORY_SECONDS), value)
    return value


def forget_local() -> None:
    """Drop this process's memory copies (tests; the generation makes it unnecessary)."""
    _memory.clear()
