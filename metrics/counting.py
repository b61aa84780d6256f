"""Counting views exactly: dedup of reloads, parsing beacon log lines, batched DB writes.

Shared by the log consumer (production: nginx answers the beacon and logs it) and by Django's
own beacon view (embedded default). Counts reach the database only through :func:`apply_counts`,
inside a transaction the caller also uses to record what it has consumed.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from core.clientip import address_key
from metrics.crawlers import is_crawler

DEDUP_SECONDS = 60.0
MAX_LINE_BYTES = 4096
MAX_ARTICLE_ID = 2**63 - 1
CLIENT_COOKIE = "tsvid"
_COOKIE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def client_id(cookie: str, ip: str, user_agent: str) -> str:
    """The first-party cookie when it looks like ours, else a hash of address and user agent."""
    if cookie and _COOKIE_RE.match(cookie):
        return "c:" + cookie
    digest = hashlib.blake2b(f"{ip}\n{user_agent}".encode(), digest_size=12).hexdigest()
    return "h:" + digest


def local_day(timestamp: float) -> date:
    """The station's calendar day of a Unix time (per-day counts follow the local day)."""
    # Time zones shift by whole quarter hours, so a day never changes inside one.
    return _quarter_hour_day(int(timestamp // 900), settings.TIME_ZONE)


@lru_cache(maxsize=4096)
def _quarter_hour_day(quarter: int, zone: str) -> date:
    return datetime.fromtimestamp(quarter * 900, UTC).astimezone(ZoneInfo(zone)).date()


class RecentViews:
    """Who viewed what in the last ``window`` seconds; a view inside the window is a reload.

    The clock is the view's own timestamp (from the log line or the request), so tests inject
    time and a replay after a crash decides exactly as the first pass did.
    """

    def __init__(self, window: float = DEDUP_SECONDS) -> None:
        self.window = window
        self._seen: OrderedDict[tuple[int, str], float] = OrderedDict()
        self._newest = 0.0

    def __len__(self) -> int:
        return len(self._seen)

    def should_count(self, article_id: int, client: str, timestamp: float) -> bool:
        key = (article_id, client)
        last = self._seen.get(key)
        if last is not None and timestamp - last < self.window:
            return False
        self._seen[key] = timestamp
        self._seen.move_to_end(key)
        if timestamp > self._newest:
            self._newest = timestamp
            self._prune()
        return True

    def _prune(self) -> None:
        limit = self._newest - self.window
        while self._seen:
            key, seen = next(iter(self._seen.items()))
            if seen >= limit:
                break
            del self._seen[key]


class AddressCap:
    """At most ``limit`` counted views of one article from one address in each clock minute
    (of the views' own timestamps, so a replay after a crash decides as the first pass did).

    A reader who invents a new cookie for every beacon is still one address: this is what
    bounds the views an address can add, where the reload filter cannot.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._counts: dict[tuple[int, str, int], int] = {}
        self._newest = 0

    def __len__(self) -> int:
        return len(self._counts)

    def allow(self, article_id: int, address: str, timestamp: float) -> bool:
        minute = int(timestamp // 60)
        if minute > self._newest:
            self._newest = minute
            self._counts = {key: n for key, n in self._counts.items()
                            if key[2] >= minute - 1}
        key = (article_id, address, minute)
        taken = self._counts.get(key, 0)
        if taken >= self.limit:
            return False
        self._counts[key] = taken + 1
        return True


def cross_site(origin: str, fetch_site: str, host: str) -> bool:
    """Whether a beacon came from another site's page (so it must not count).

    Browsers send ``Sec-Fetch-Site`` (``same-origin`` for the article page's own script) and
    ``Origin`` with every POST; either one naming another site refuses the beacon. Origin and
    Host are compared by host name (a proxy in front may drop the port from Host). A client
    sending neither is judged by the per-address cap alone. nginx applies the same rule
    (deploy/nginx/toasoan-beacon-http.conf).
    """
    if fetch_site and fetch_site.lower() != "same-origin":
        return True
    if not origin:
        return False
    parts = urlsplit(origin)
    try:
        own = urlsplit(f"//{host}").hostname
    except ValueError:
        return True
    return (parts.scheme.lower() not in {"http", "https"} or not parts.hostname
            or bool(parts.path or parts.query) or parts.hostname != own)


@dataclass(frozen=True)
class BeaconHit:
    timestamp: float
    article_id: int
    client: str
    crawler: bool
    address: str = ""


def parse_log_line(line: bytes) -> BeaconHit | None:
    """One nginx ``toasoan_beacon`` line: msec, article id, cookie, address, user agent (tabs).

    Returns None for anything malformed; the caller counts it as an error.
    """
    if len(line) > MAX_LINE_BYTES:
        return None
    try:
        text = line.decode("utf-8", "replace").rstrip("\r\n")
        parts = text.split("\t")
        if len(parts) != 5:
            return None
        stamp, raw_id, cookie, ip, agent = parts
        timestamp = float(stamp)
        if not (0 < timestamp < 1e11) or not raw_id.isdigit() or len(raw_id) > 18:
            return None
        article_id = int(raw_id)
    except ValueError:
        return None
    if article_id <= 0:
        return None
    if cookie == "-":
        cookie = ""
    if agent == "-":
        agent = ""
    return BeaconHit(timestamp, article_id, client_id(cookie, ip, agent), is_crawler(agent),
                     address_key(ip))


class PendingCounts:
    """Views counted in memory but not yet in the database."""

    def __init__(self) -> None:
        self.by_article: dict[int, int] = {}
        self.by_day: dict[tuple[int, date], int] = {}
        self.total = 0

    def add(self, article_id: int, day: date, n: int = 1) -> None:
        self.by_article[article_id] = self.by_article.get(article_id, 0) + n
        self.by_day[(article_id, day)] = self.by_day.get((article_id, day), 0) + n
        self.total += n

    def __bool__(self) -> bool:
        return self.total > 0


def apply_counts(by_day: Mapping[tuple[int, date], int]) -> tuple[int, int]:
    """Add the views to ``news_article.view_count`` and the daily table, in the caller's
    transaction. Views of articles readers cannot see now (``core.visibility``: drafts, future,
    expired, withdrawn, unknown or deleted) are dropped and returned as errors.

    Returns (views applied, views dropped).
    """
    from metrics.models import ArticleDailyViews
    from news.models import Article

    if not by_day:
        return 0, 0
    ids = sorted({article_id for article_id, _ in by_day})
    known: set[int] = set()
    for start in range(0, len(ids), 5000):
        known.update(Article.objects.visible().filter(pk__in=ids[start:start + 5000])
                     .values_list("pk", flat=True))
    per_article: dict[int, int] = {}
    dropped = 0
    daily_rows = []
    for (article_id, day), n in by_day.items():
        if article_id not in known:
            dropped += n
            continue
        per_article[article_id] = per_article.get(article_id, 0) + n
        daily_rows.append((article_id, day, n))
    if not per_article:
        return 0, dropped
    article_table = connection.ops.quote_name(Article._meta.db_table)
    daily_table = connection.ops.quote_name(ArticleDailyViews._meta.db_table)
    with connection.cursor() as cursor:
        # Ordered by id so concurrent flushers lock rows in the same order (no deadlock).
        cursor.executemany(
            f"UPDATE {article_table} SET view_count = view_count + %s WHERE id = %s",
            [(n, article_id) for article_id, n in sorted(per_article.items())],
        )
        cursor.executemany(
            f"INSERT INTO {daily_table} (article_id, day, count) VALUES (%s, %s, %s) "
            f"ON CONFLICT (article_id, day) DO UPDATE SET count = {daily_table}.count + "
            "EXCLUDED.count",
            sorted(daily_rows),
        )
    return sum(per_article.values()), dropped
