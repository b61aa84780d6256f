"""Tail nginx's beacon log and turn its lines into exact view counts.

nginx appends one line per beacon *before* it answers 204, so the log is the durable buffer. The
consumer counts in memory and, once per flush interval, writes the counts AND the byte offset it
has reached in one database transaction. Killed at any instant (SIGKILL included), it restarts
from the last committed offset: nothing counted twice, nothing lost. Reload dedup survives the
restart too: the lines of the last dedup window before the offset are replayed (not counted) to
rebuild "who viewed what in the last 60 s" and how many views each address has added to each
article this minute (the per-address cap, ``AddressCap``).
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F

from metrics.conf import views_per_address_minute
from metrics.counting import (
    DEDUP_SECONDS,
    MAX_LINE_BYTES,
    AddressCap,
    PendingCounts,
    RecentViews,
    apply_counts,
    local_day,
    parse_log_line,
)
from metrics.models import ViewLogCursor

logger = logging.getLogger(__name__)
MAX_PENDING_LINES = 20_000


@dataclass
class Stats:
    lines: int = 0
    counted: int = 0
    duplicates: int = 0
    capped: int = 0
    crawlers: int = 0
    errors: int = 0
    extra: dict = field(default_factory=dict)

    def any(self) -> bool:
        return bool(self.lines or self.errors)


class LogConsumer:
    """Counts one beacon log file (following logrotate's rename to ``<path>.1``)."""

    def __init__(self, path: str, flush_seconds: float = 1.0,
                 clock: Callable[[], float] = time.monotonic,
                 after_flush: Callable[[], None] | None = None) -> None:
        self.path = os.path.abspath(path)
        self.flush_seconds = flush_seconds
        self.clock = clock
        self.after_flush = after_flush
        self.cursor, _ = ViewLogCursor.objects.get_or_create(name=self.path)
        self.recent = RecentViews(DEDUP_SECONDS)
        self.cap = AddressCap(views_per_address_minute())
        self.window: deque[tuple[int, int]] = deque()
        self._last_second = -1
        self.pending = PendingCounts()
        self.stats = Stats()
        self.file: BinaryIO | None = None
        self.inode = 0
        self.pos = 0
        self.last_flush = clock()

    # --- opening, rotation and replay ---------------------------------------------------------
    def _open(self, path: str, offset: int, window_offset: int) -> bool:
        try:
            handle = open(path, "rb")  # noqa: SIM115 - kept open while tailing
        except FileNotFoundError:
            return False
        if self.file:
            self.file.close()
        self.file = handle
        self.inode = os.fstat(handle.fileno()).st_ino
        size = os.fstat(handle.fileno()).st_size
        if offset > size:  # truncated in place: start over
            offset = window_offset = 0
        self._replay(window_offset, offset)
        self.pos = offset
        handle.seek(offset)
        return True

    def start(self) -> bool:
        """Open where the last committed transaction left off (finishing a rotated file first)."""
        c = self.cursor
        rotated = self.path + ".1"
        if c.inode and os.path.exists(self.path) and os.stat(self.path).st_ino != c.inode:
            if os.path.exists(rotated) and os.stat(rotated).st_ino == c.inode:
                self._open(rotated, c.offset, c.window_offset)
                self.drain()
                self.flush(force=True)
            return self._switch_to_new_file()
        return self._open(self.path, c.offset, c.window_offset)

    def _switch_to_new_file(self) -> bool:
        self.window.clear()
        self._last_second = -1
        if not self._open(self.path, 0, 0):
            return False
        self.flush(force=True)
        return True

    def _replay(self, start: int, end: int) -> None:
        """Re-read already counted lines only to rebuild the dedup window."""
        if not self.file or end <= start:
            return
        self.file.seek(start)
        position = start
        while position < end:
            line = self.file.readline(MAX_LINE_BYTES + 1)
            if not line:
                break
            if not line.endswith(b"\n"):
                line_end = self._skip_long_line(position, line)
                if line_end is None:
                    break
                position = line_end
                continue
            hit = parse_log_line(line)
            if hit and not hit.crawler:
                if self.recent.should_count(hit.article_id, hit.client, hit.timestamp):
                    self.cap.allow(hit.article_id, hit.address, hit.timestamp)
                self._note_window(hit.timestamp, position)
            position += len(line)

    # --- reading --------------------------------------------------------------------------------
    def _note_window(self, timestamp: float, line_start: int) -> None:
        second = int(timestamp)
        if second != self._last_second:
            self.window.append((second, line_start))
            self._last_second = second

    def _skip_long_line(self, start: int, head: bytes) -> int | None:
        """Skip an over-long line; None (and rewind) when its end is not written yet."""
        if len(head) <= MAX_LINE_BYTES:  # a partial last line, not a long one
            self.file.seek(start)
            return None
        position = start + len(head)
        while True:
            chunk = self.file.readline(65536)
            if not chunk:
                self.file.seek(start)
                return None
            position += len(chunk)
            if chunk.endswith(b"\n"):
                return position

    def drain(self) -> int:
        """Process every complete line available now; returns how many."""
        assert self.file is not None
        processed = 0
        while True:
            line_start = self.pos
            line = self.file.readline(MAX_LINE_BYTES + 1)
            if not line:
                break
            if not line.endswith(b"\n"):
                line_end = self._skip_long_line(line_start, line)
                if line_end is None:
                    break
                self.pos = line_end
                self.stats.lines += 1
                self.stats.errors += 1
                processed += 1
                continue
            self.pos += len(line)
            processed += 1
            self._count_line(line, line_start)
            if self.stats.lines >= MAX_PENDING_LINES:
                self.flush(force=True)
        return processed

    def _count_line(self, line: bytes, line_start: int) -> None:
        self.stats.lines += 1
        hit = parse_log_line(line)
        if hit is None:
            self.stats.errors += 1
            return
        if hit.crawler:
            self.stats.crawlers += 1
            return
        self._note_window(hit.timestamp, line_start)
        if not self.recent.should_count(hit.article_id, hit.client, hit.timestamp):
            self.stats.duplicates += 1
            return
        if not self.cap.allow(hit.article_id, hit.address, hit.timestamp):
            self.stats.capped += 1
            return
        self.pending.add(hit.article_id, local_day(hit.timestamp))

    # --- committing -----------------------------------------------------------------------------
    def _window_offset(self) -> int:
        newest = self.recent._newest
        while len(self.window) > 1 and self.window[1][0] < newest - DEDUP_SECONDS - 1:
            self.window.popleft()
        if self.window and self.window[0][0] < newest - DEDUP_SECONDS - 1:
            self.window.popleft()
        return self.window[0][1] if self.window else self.pos

    def flush(self, force: bool = False) -> int:
        """Commit counts and offset together; returns the views applied."""
        if not force and self.clock() - self.last_flush < self.flush_seconds:
            return 0
        self.last_flush = self.clock()
        if self.after_flush:
            try:
                self.after_flush()  # e.g. the Django beacon's Redis buffer, on the same rhythm
            except Exception:  # Redis down: the log's counting must go on
                logger.exception("periodic flush hook failed")
        if not self.stats.any() and self.pos == self.cursor.offset and (
                self.inode == self.cursor.inode):
            return 0
        window_offset = min(self._window_offset(), self.pos)
        s = self.stats
        with transaction.atomic():
            applied, dropped = apply_counts(self.pending.by_day)
            ViewLogCursor.objects.filter(pk=self.cursor.pk).update(
                inode=self.inode, offset=self.pos, window_offset=window_offset,
                lines=F("lines") + s.lines, counted=F("counted") + applied,
                duplicates=F("duplicates") + s.duplicates, capped=F("capped") + s.capped,
                crawlers=F("crawlers") + s.crawlers,
                errors=F("errors") + s.errors + dropped,
            )
        self.cursor.inode, self.cursor.offset = self.inode, self.pos
        self.cursor.window_offset = window_offset
        self.pending = PendingCounts()
        self.stats = Stats()
        return applied

    def rotated(self) -> bool:
        try:
            return os.stat(self.path).st_ino != self.inode
        except FileNotFoundError:
            return False

    def run(self, once: bool = False, idle_sleep: float = 0.1,
            should_stop: Callable[[], bool] = lambda: False) -> None:
        """Tail the log until stopped; with ``once``, stop at the end of the file."""
        while not self.start():
            if once or should_stop():
                return
            time.sleep(idle_sleep)
        while True:
            processed = self.drain()
            self.flush(force=once and not processed)
            if once and not processed:
                return
            if should_stop():
                self.flush(force=True)
                return
            if not processed:
                if self.rotated():
                    self.drain()
                    self.flush(force=True)
                    self._switch_to_new_file()
                    continue
                time.sleep(idle_sleep)


def run_resuming(make: Callable[[], LogConsumer], once: bool = False,
                 should_stop: Callable[[], bool] = lambda: False,
                 retry_seconds: float = 1.0) -> LogConsumer | None:
    """Run a consumer and ride out database outages; returns the last consumer (None if told to
    stop before one could start).

    When the database goes away, what was counted since the last commit is dropped and a new
    consumer starts from the committed offset once the database answers again, as a restart of
    the process would, so nothing is lost or counted twice, even when the connection broke
    during a COMMIT that did go through. The process stays up instead of failing over and over
    (which would make systemd or supervisord give up on it).
    """
    down_since: float | None = None
    while not should_stop():
        try:
            consumer = make()
            if down_since is not None:
                logger.warning("database back after %.0f s; counting from the committed "
                               "offset", time.monotonic() - down_since)
                down_since = None
            consumer.run(once=once, should_stop=should_stop)
            return consumer
        except (OperationalError, InterfaceError) as error:
            if down_since is None:
                down_since = time.monotonic()
                logger.warning("database unreachable (%s); retrying every %g s", error,
                               retry_seconds)
            if not connection.in_atomic_block:  # (never, but inside a test's transaction)
                try:
                    connection.close()
                except Exception:  # noqa: BLE001 - a broken connection may fail to close
                    pass
            deadline = time.monotonic() + retry_seconds
            while time.monotonic() < deadline and not should_stop():
                time.sleep(min(0.1, retry_seconds))
    return None
