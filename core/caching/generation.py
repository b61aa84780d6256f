"""The content generation: one number that every change to published content moves on.

Kept in Django's cache (Redis in production, local memory on the embedded default). Fragments
shared by many pages are stored under the current generation (core.caching.memo), so a bump
makes them stale at once without hunting for keys. A request keeps the generation it saw first
(pinned by the edge cache middleware), so one page never mixes two generations.
"""

from __future__ import annotations

import threading
import time

from django.core.cache import cache, caches

from core.caching.feed import GenerationFeed
from core.conf import conf

GENERATION_KEY = "edgecache:generation"

_local = threading.local()


def current_generation() -> int:
    """The content generation; a request keeps the value it saw first (set by the middleware)."""
    pinned = getattr(_local, "generation", None)
    if pinned is not None:
        return pinned
    return read_generation()


def read_generation() -> int:
    """The stored generation: from this process's feed when it is alive, else from the cache."""
    feed = generation_feed()
    if feed is not None:
        value = feed.current()
        if value is not None:
            return value
    return _read_stored_generation()


def _read_stored_generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock so a flushed cache never revives fragments of an old generation
        # (nor goes back behind what this process's feed last heard).
        heard = _feed.current() if _feed is not None else None
        cache.add(GENERATION_KEY, max(int(time.time() * 1000), (heard or 0) + 1), timeout=None)
        value = cache.get(GENERATION_KEY)
    return int(value)


def pin_generation(value: int | None) -> None:
    """Fix the generation for the current request (None releases it)."""
    _local.generation = value


def bump_generation() -> int:
    _read_stored_generation()
    try:
        value = int(cache.incr(GENERATION_KEY))
    except ValueError:  # evicted between the two calls
        _read_stored_generation()
        value = int(cache.incr(GENERATION_KEY))
    feed = generation_feed()
    if feed is not None:
        feed.observe(value)
        feed.publish(value)
    return value


_feed: GenerationFeed | None = None
_feed_checked = False


def generation_feed() -> GenerationFeed | None:
    """The process's generation feed when the cache is our Redis cache (see core.caching.feed)."""
    global _feed, _feed_checked
    if not _feed_checked:
        from core.caching.redis_backend import RedisCache

        backend = caches["default"]
        if isinstance(backend, RedisCache) and conf.EDGE_GENERATION_FEED:
            client = backend._cache.get_client(write=True)
            # Channels are server-wide: name the database and key prefix, like the key itself.
            database = client.connection_pool.connection_kwargs.get("db", 0)
            channel = f"{backend.make_key(GENERATION_KEY)}@db{database}"
            _feed = GenerationFeed(lambda: client, channel, _read_stored_generation)
        _feed_checked = True
    return _feed


def reset_feed() -> None:
    """Forget the feed (tests that change the cache settings); the next read decides anew."""
    global _feed, _feed_checked
    if _feed is not None:
        _feed.stop()
    _feed, _feed_checked = None, False
