"""PostgreSQL: the candidates of one search from a single newest-first scan of its matches.

The generic path (sitesearch.search) asks four questions, each its own query: how many rows
match (up to the cap), and the newest K rows of three conditions: all words anywhere (A),
all words in title/tags (H), all words with their diacritics (E). H and E are subsets of A,
so one scan of the newest cap + 1 rows of A, each with two flags (does it match H? E?),
answers most of them at once:

* the total is the number of rows scanned (more than the cap when the scan filled up);
* A's window is the first K of them;
* H's (or E's) window is the first K flagged rows, whenever the scan holds K flagged rows or
  all matches; only otherwise is H (or E) queried on its own;
* a candidate's exact flag is its E flag, no extra membership query.

So the candidates and flags are exactly those of the generic path, and ranking stays
identical to SQLite's. How the scan reads the table depends on how common the words are,
estimated from the planner's statistics (most common lexemes, see migration 0003):

* common words: walk the (published_at, id) index newest first, testing each row's inline
  lexeme set, and stop after cap + 1 matches (a word in 1 row of 4 costs ~4,000 rows);
* rare words: the GIN bitmap of all matches, sorted (a few thousand rows at most);
* in between: the GIN bitmap ANDed with a recent published_at range expected to hold about
  twice the rows needed, widened (older ranges) only while the scan is not full.

The estimates only choose the plan; results never depend on them.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.db import connection

from sitesearch.text import Clause

TABLE = "sitesearch_searchentry"
ORDER = "ORDER BY published_at DESC, article_id DESC"
STATS_SECONDS = 600
# Plan thresholds, in estimated matching rows (see module docstring).
BITMAP_MAX_ROWS = 4_000
WALK_MIN_SHARE = 0.15


@dataclass
class Row:
    id: int
    published_at: dt.datetime
    head: bool
    exact: bool

    @property
    def recency_key(self) -> tuple:
        return (self.published_at, self.id)


@dataclass
class ScanResult:
    total: int  # matches counted, at most limit
    rows: list[Row]  # the candidates, each with its flags, newest first
    newest: list[Row]  # every row scanned, newest first (the first pages of sort=newest)
    plan: str


class _Stats:
    """Lexeme frequencies and the published_at histogram, read from pg_stats now and then."""

    def __init__(self) -> None:
        self.read_at = -STATS_SECONDS
        self.rows = 0.0
        self.freqs: dict[str, dict[str, float]] = {}
        self.floor: dict[str, float] = {}
        self.bounds: list[dt.datetime] = []

    def refresh(self) -> None:
        if time.monotonic() - self.read_at < STATS_SECONDS:
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [TABLE])
            found = cursor.fetchone()
            self.rows = max(float(found[0]) if found else 0.0, 0.0)
            cursor.execute(
                "SELECT attname, most_common_elems::text::text[], most_common_elem_freqs, "
                "CASE WHEN attname = 'published_at' THEN histogram_bounds::text::timestamptz[] END "
                "FROM pg_stats "
                "WHERE schemaname = current_schema() AND tablename = %s", [TABLE])
            self.freqs, self.floor, self.bounds = {}, {}, []
            for column, elems, freqs, bounds in cursor.fetchall():
                if column == "published_at" and bounds:
                    self.bounds = list(bounds)
                if elems and freqs:
                    self.freqs[column] = dict(zip(elems, freqs, strict=False))
                    # The array ends with min, max and null frequency: below min, not listed.
                    self.floor[column] = float(freqs[-3])
        self.read_at = time.monotonic()

    def share(self, column: str, tokens: list[str]) -> float:
        """Estimated share of rows holding all tokens (independent words assumed)."""
        known = self.freqs.get(column)
        if not known:
            return 1.0  # never analysed: assume common, the walk is never disastrous
        share = 1.0
        for token in dict.fromkeys(tokens):
            share *= known.get(token, self.floor.get(column, 0.0) / 2)
        return share

    def bound(self, newest_share: float) -> dt.datetime | None:
        """A published_at above which about `newest_share` of all rows lie."""
        if not self.bounds or newest_share >= 1:
            return None
        position = int((1 - newest_share) * (len(self.bounds) - 1))
        return self.bounds[max(0, min(position, len(self.bounds) - 1))]


STATS = _Stats()


def _condition(backend, clauses: list[Clause], form: str, head_only: bool) -> tuple[str, list]:
    raw = backend.condition(clauses, form, head_only)
    return raw.sql, list(raw.params)


@dataclass
class Filters:
    now: dt.datetime
    section_ids: list[int] | None
    start: dt.datetime | None
    end: dt.datetime | None

    def sql(self) -> tuple[str, list]:
        parts, params = ["published_at <= %s"], [self.now]
        if self.section_ids is not None:
            parts.append("section_id = ANY(%s)")
            params.append(list(self.section_ids))
        if self.start:
            parts.append("published_at >= %s")
            params.append(self.start)
        if self.end:
            parts.append("published_at < %s")
            params.append(self.end)
        return " AND ".join(parts), params

    @property
    def narrowed(self) -> bool:
        return self.section_ids is not None or bool(self.start or self.end)


def _set_plan(cursor, plan: str) -> None:
    """Steer the planner for the next statement (the caller runs in a transaction)."""
    walk = plan == "walk"
    cursor.execute(f"SET LOCAL enable_bitmapscan = {'off' if walk else 'on'}; "
                   f"SET LOCAL enable_indexscan = {'on' if walk else 'off'}")


def _fetch(cursor, where: str, params: list, flags: tuple[str, list, str, list],
           limit: int) -> list[Row]:
    head_sql, head_params, exact_sql, exact_params = flags
    cursor.execute(
        f"SELECT article_id, published_at, {head_sql}, {exact_sql} FROM {TABLE} "
        f"WHERE {where} {ORDER} LIMIT %s",
        [*head_params, *exact_params, *params, limit])
    return [Row(*row) for row in cursor.fetchall()]


def _window(cursor, filters: Filters, match: tuple[str, list], flags, limit: int,
            share: float) -> tuple[list[Row], str]:
    """The newest `limit` rows of one condition, read the cheapest way we can tell."""
    base_sql, base_params = filters.sql()
    where = f"{base_sql} AND {match[0]}"
    params = [*base_params, *match[1]]
    expected = share * STATS.rows
    if filters.narrowed or expected <= BITMAP_MAX_ROWS or share >= WALK_MIN_SHARE:
        plan = "walk" if share >= WALK_MIN_SHARE and not filters.narrowed else "bitmap"
        if filters.narrowed:
            plan = "planner"
            cursor.execute("SET LOCAL enable_bitmapscan = on; SET LOCAL enable_indexscan = on")
        else:
            _set_plan(cursor, plan)
        return _fetch(cursor, where, params, flags, limit), plan
    # In between: recent slices first, each about four times wider than the last.
    _set_plan(cursor, "bitmap")
    rows: list[Row] = []
    newest_share = min(1.0, 2 * limit / max(expected, 1.0))
    upper: dt.datetime | None = None
    slices = 0
    while len(rows) < limit:
        lower = STATS.bound(newest_share)
        slice_sql, slice_params = where, list(params)
        if lower is not None:
            slice_sql += " AND published_at >= %s"
            slice_params.append(lower)
        if upper is not None:
            slice_sql += " AND published_at < %s"
            slice_params.append(upper)
        rows += _fetch(cursor, slice_sql, slice_params, flags, limit - len(rows))
        slices += 1
        if lower is None:
            break
        upper, newest_share = lower, newest_share * 4
    return rows, f"sliced×{slices}"


def scan(backend, parsed, filters: Filters, limit: int, window: int,
         candidates: bool = True) -> ScanResult:
    """Total (up to `limit`) and the candidate rows of the generic path, with their flags.

    candidates=False (sort by date) skips the title/tag and exact windows.
    """
    STATS.refresh()
    clauses = parsed.clauses
    folded = [t for clause in clauses for t in clause.folded]
    exact_tokens = [t for clause in clauses for t in clause.exact]
    head_flag = _condition(backend, clauses, "folded", head_only=True)
    if parsed.accented:
        exact_flag = _condition(backend, clauses, "exact", head_only=False)
    else:
        exact_flag = ("false", [])
    flags = (*head_flag, *exact_flag)
    with connection.cursor() as cursor:
        share = STATS.share("folded_lex", folded)
        rows, plan = _window(cursor, filters, _condition(backend, clauses, "folded", False),
                             flags, limit, share)
        complete = len(rows) < limit
        chosen = {row.id: row for row in rows[:window]}
        for flag, attribute in (("head", "head"), ("exact", "exact")):
            if not candidates or (flag == "exact" and not parsed.accented):
                continue
            flagged = [row for row in rows if getattr(row, attribute)]
            if complete or len(flagged) >= window:
                chosen.update((row.id, row) for row in flagged[:window])
                continue
            # Too few in the scan: that condition's own newest window.
            if flag == "head":
                match = head_flag
                own_share = STATS.share("head_lex", folded)
            else:
                match = exact_flag
                own_share = STATS.share("exact_lex", exact_tokens)
            extra, extra_plan = _window(cursor, filters, match, flags, window, own_share)
            plan += f"+{flag}:{extra_plan}"
            for row in extra:
                chosen.setdefault(row.id, row)
    ordered = sorted(chosen.values(), key=lambda row: row.recency_key, reverse=True)
    return ScanResult(total=len(rows), rows=ordered, newest=rows, plan=plan)
