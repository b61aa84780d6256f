"""Emptying nginx's page cache, and the full invalidation a content change triggers.

The nginx proxy cache cannot read Redis, so it is emptied instead: its level-1 directories are
renamed into a trash directory (one rename each, constant time however many pages are cached)
and deleted in the background. nginx treats a missing cache file as a miss.

A purge deletes only in a directory the cache set-up (`manage.py prepare_edge_cache`, run by
`make prod` and before the web unit starts) has marked as toasoan's page cache: a marker file
beside it (`<dir>.toasoan-page-cache`, naming the directory) and not inside it, because nginx's
cache loader deletes every file in its cache that is not one of its own. A mistyped
TOASOAN_NGINX_CACHE_DIR (the media folder, /srv) is left alone, with an error in the log.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import uuid
from pathlib import Path

from core.caching.generation import bump_generation
from edgecache.conf import conf

logger = logging.getLogger(__name__)

_repurge_lock = threading.Lock()
_repurge_pending = False


MARKER_SUFFIX = ".toasoan-page-cache"
MARKER_TEXT = "toasoan page cache, emptied on every content change: "
# What nginx itself puts in a proxy cache directory: level directories named in hex.
NGINX_LEVEL = re.compile(r"[0-9a-f]{1,2}")

_refused: set[str] = set()


class CacheDirError(ValueError):
    """The configured directory cannot be taken as toasoan's page cache."""


def cache_dir() -> Path | None:
    """The nginx proxy_cache_path this process may purge, or None when no nginx is in front."""
    value = conf.EDGE_CACHE_DIR
    return Path(value) if value else None


def marker_path(root: Path) -> Path:
    return root.with_name(root.name + MARKER_SUFFIX)


def _marker_text(root: Path) -> str:
    return f"{MARKER_TEXT}{root.resolve()}\n"


def is_marked(root: Path) -> bool:
    """Whether the cache set-up marked `root` as toasoan's page cache."""
    marker = marker_path(root)
    try:
        return not marker.is_symlink() and marker.read_text() == _marker_text(root)
    except (OSError, UnicodeDecodeError):
        return False


def prepare_cache_dir(root: Path) -> bool:
    """Create the page cache directory if needed and mark it; True when newly marked.

    A directory that exists unmarked is taken only when it holds nothing but what nginx
    writes there (hex-named level directories): anything else means the setting points at
    someone else's files.
    """
    if root.exists() and not root.is_dir():
        raise CacheDirError(f"{root} is not a directory")
    if is_marked(root):
        return False
    if root.is_dir():
        foreign = sorted(entry.name for entry in root.iterdir()
                         if not (entry.is_dir() and not entry.is_symlink()
                                 and NGINX_LEVEL.fullmatch(entry.name)))
        if foreign:
            raise CacheDirError(f"{root} holds files nginx did not write there "
                                f"({', '.join(foreign[:5])}): not taking it as the page cache")
    root.mkdir(parents=True, exist_ok=True)
    marker_path(root).write_text(_marker_text(root))
    return True


def purge_edge_cache() -> int:
    """Empty nginx's page cache now; returns how many cache directories were moved away."""
    root = cache_dir()
    if root is None or not root.is_dir():
        return 0
    if not is_marked(root):
        if str(root) not in _refused:
            _refused.add(str(root))
            logger.error("not purging %s: it is not marked as toasoan's page cache (%s "
                         "missing); nothing was deleted. Run manage.py prepare_edge_cache.",
                         root, marker_path(root))
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
