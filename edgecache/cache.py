"""Generation counter, shared-fragment cache and the nginx cache purge.

Every change to published content bumps one *generation* number kept in Django's cache (Redis in
production, local memory on the embedded default). Fragments shared by many pages (menu, sidebar,
station footer facts) are cached under the current generation, so a bump makes them stale at once
without hunting for keys. The nginx proxy cache cannot read Redis, so it is emptied instead: its
level-1 directories are renamed into a trash directory (one rename each, constant time however
many pages are cached) and deleted in the background. nginx treats a missing cache file as a miss.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches

from edgecache.feed import GenerationFeed

logger = logging.getLogger(__name__)

GENERATION_KEY = "edgecache:generation"
FRAGMENT_PREFIX = "edgecache:fragment"
T = TypeVar("T")

_local = threading.local()
# name:generation -> (expires at, value); bounded, and short-lived so "most read" keeps moving.
_memory: dict[str, tuple[float, object]] = {}
MEMORY_ENTRIES = 256
MEMORY_SECONDS = 60.0
_repurge_lock = threading.Lock()
_repurge_pending = False


def page_cache_seconds() -> int:
    """How long nginx may keep an anonymous page when nothing changes (most-read drifts)."""
    return int(getattr(settings, "EDGE_CACHE_SECONDS", 300))


def cache_dir() -> Path | None:
    """The nginx proxy_cache_path this process may purge, or None when no nginx is in front."""
    value = getattr(settings, "EDGE_CACHE_DIR", "")
    return Path(value) if value else None


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
    """The process's generation feed when the cache is our Redis cache (see edgecache.feed)."""
    global _feed, _feed_checked
    if not _feed_checked:
        from core.cache import RedisCache

        backend = caches["default"]
        if isinstance(backend, RedisCache) and getattr(settings, "EDGE_GENERATION_FEED", True):
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


def purge_edge_cache() -> int:
    """Empty nginx's page cache now; returns how many cache directories were moved away."""
    root = cache_dir()
    if root is None or not root.is_dir():
        return 0
    trash = root.with_name(root.name + ".trash")
    trash.mkdir(exist_ok=True)
    moved = 0
    with os.scandir(root) as entries:
        for entry in entries:
            if not entry.is_dir(follow_symlinks=False):
                continue
            try:
                os.rename(entry.path, trash / f"{entry.name}-{uuid.uuid4().hex}")
                moved += 1
            except FileNotFoundError:  # another process purged it first
                continue
    threading.Thread(target=_empty, args=(trash,), daemon=True).start()
    return moved


def _empty(trash: Path) -> None:
    for entry in list(trash.iterdir()) if trash.is_dir() else []:
        shutil.rmtree(entry, ignore_errors=True)


def invalidate(reason: str = "") -> int:
    """New generation, empty page cache, and one more purge shortly after.

    The second purge catches a page whose render began before the change and was stored by
    nginx after the first purge (the middleware already refuses to let nginx store a page whose
    generation changed while it rendered; this closes the last gap between that check and
    nginx writing the file).
    """
    generation = bump_generation()
    purge_edge_cache()
    _schedule_repurge()
    logger.info("edge cache invalidated (%s), generation %s", reason, generation)
    return generation


def _schedule_repurge() -> None:
    global _repurge_pending
    if cache_dir() is None:
        return
    delay = float(getattr(settings, "EDGE_CACHE_REPURGE_DELAY", 0.5))
    with _repurge_lock:
        if _repurge_pending:
            return
        _repurge_pending = True
    timer = threading.Timer(delay, _repurge)
    timer.daemon = False  # a one-off command waits for it before exiting
    timer.start()


def _repurge() -> None:
    global _repurge_pending
    with _repurge_lock:
        _repurge_pending = False
    purge_edge_cache()
