"""Emptying nginx's page cache, and the full invalidation a content change triggers.

The nginx proxy cache cannot read Redis, so it is emptied instead: its level-1 directories are
renamed into a trash directory (one rename each, constant time however many pages are cached)
and deleted in the background. nginx treats a missing cache file as a miss.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import uuid
from pathlib import Path

from core.caching.generation import bump_generation
from edgecache.conf import conf

logger = logging.getLogger(__name__)

_repurge_lock = threading.Lock()
_repurge_pending = False


def cache_dir() -> Path | None:
    """The nginx proxy_cache_path this process may purge, or None when no nginx is in front."""
    value = conf.EDGE_CACHE_DIR
    return Path(value) if value else None


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
    delay = float(conf.EDGE_CACHE_REPURGE_DELAY)
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
