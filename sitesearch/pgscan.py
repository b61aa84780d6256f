"""PostgreSQL: the candidates of one search from a single newest-first scan of its matches.

The generic path (sitesearch.search) asks four questions, each its own query: how many rows
match (up to the cap), and the newest K rows of three conditions: all words anywhere (A),
all words in title/tags (H), all words with their diacritics (E). H and E are subsets of A,
so one scan of the newest cap + 1 rows of A, the newest 3K of them with two flags (does it
match H? E?), answers most of them at once:

* the total is the number of rows scanned (more than the cap when the scan filled up);
* A's window is the first K of them;
* H's (or E's) window is the first K flagged rows, whenever the flagged rows hold K of them
  or all matches were flagged; only otherwise is H (or E) queried on its own;
* a candidate's exact flag is its E flag, no extra membership query.

So the candidates and flags are exactly those of the generic path, and ranking stays
identical to SQLite's. Only the flagged rows come back to Python, with the total as a
column. How the scan reads the table depends on how common the words are, estimated from
the planner's statistics (most common lexemes, see migration 0003):

* common words: walk the (published_at, id) index newest first, testing each row's inline
  lexeme set, and stop after cap + 1 matches (a word in 1 row of 4 costs ~4,000 rows);
* rarer words: the GIN bitmap of all matches, sorted. Measured at a million rows, a walk
  costs ~2 µs a row and a bitmap ~10 µs a match (posting, random heap page, recheck of
  lossy pages, sort), so the walk wins above a share of about sqrt(limit / 5 / rows):
  ~1.4 % for the count, ~0.45 % for a window.

Quoted phrases are checked with strpos on the token columns, and the body column lives out
of line: each row holding all of a phrase's words costs a body read (~20 µs). A rare phrase
of common words ("tăng tốc tỉnh") would read nearly every body. Migration 0004 indexes the
adjacent word pairs of every article (and, apart, of its title/tags), so such a phrase is
first narrowed to the rows holding all its pairs, listed newest first, and only the newest
of those are checked until the window is full. Common phrases ("nông thôn mới") are still
walked; the choice uses pair shares sampled by refresh_pair_stats. A walk that finds the
phrase rarer than estimated is re-planned: walk on, or list the older pair rows.

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
WALK_ROW_COST = 2.0
BITMAP_ROW_COST = 10.0
# A walk reads at most WALK_BUDGET times the rows its estimate expects (at least 5,000).
WALK_BUDGET = 4
# A phrase's walk is re-planned sooner: its estimate (the rarest pair's share) is loose,
# and walking on past it costs a body read per row holding the words.
PHRASE_WALK_BUDGET = 1.5
MIN_WALK_BUDGET = 5_000
UNLISTED_SHARE = 0.001
CORRELATION = 1.0
# Flags are tested on the newest FLAGGED_WINDOWS × K matches of the scan.
FLAGGED_WINDOWS = 3
# A phrase check that reads an out-of-line body, in µs (on top of reading the row).
DETOAST_COST = 20.0
# Word pairs (migration 0004): the index expression, and the sampled shares of the pairs
# found in at least PAIR_SAMPLE_MIN of about PAIR_SAMPLE_ROWS rows (the plan choice).
PAIRS = "sitesearch_pairs(head_folded, body_folded)"
HEAD_PAIRS = "sitesearch_pairs(head_folded, '')"
# Word triples (migration 0005), for phrases of three words or more; same sampled table.
TRIPLES = "sitesearch_triples(head_folded, body_folded, published_at)"
HEAD_TRIPLES = "sitesearch_triples(head_folded, '', published_at)"
# The triples index also holds each row's month ("_202611", UTC): a common phrase is listed
# from the newest months first, the first slice sized to hold SLICE_MARGIN × the rows wanted.
SLICE_MARGIN = 1.5
SHINGLE_INDEXES = {2: (PAIRS, HEAD_PAIRS), 3: (TRIPLES, HEAD_TRIPLES)}
# Title/tag words, and exact words, with the month (migration 0006): those windows of plain
# words. A slice longer than MAX_SLICE_MONTHS is asked as everything older instead: by then
# the rows are few, and a long OR of months costs GIN more than listing them.
HEAD_MONTHS = "sitesearch_head_months(head_folded, published_at)"
_MONTH_SQL = ("'_' || (extract(year FROM published_at AT TIME ZONE 'UTC')::int * 100 "
              "+ extract(month FROM published_at AT TIME ZONE 'UTC')::int)::text")
EXACT_MONTHS = f"(exact_lex || array_to_tsvector(ARRAY[{_MONTH_SQL}]))"
MAX_SLICE_MONTHS = 6
# After this many month slices the rest is asked at once: a phrase or words that two slices
# sized by their estimate did not satisfy are rarer than estimated, and each month query
# costs GIN the postings of its months (the newest month alone holds tens of thousands).
MAX_MONTH_SLICES = 3
# A walk that can hand its older rows to a month-sliced listing gives up sooner.
MIN_SLICED_WALK_BUDGET = 1_000
PAIR_STATS = "sitesearch_pairstats"
PAIR_SAMPLE_ROWS = 30_000
PAIR_SAMPLE_MIN = 20
# Memory of an exact bitmap, per heap page (a page-table entry with its hash overhead).
BITMAP_PAGE_BYTES = 80


@dataclass
class Row:
    id: int
    # published_at in microseconds since the epoch: it only orders rows, and an integer
    # costs Python far less to load than a time zone-aware datetime (~300 rows a search).
    published_at: int
    head: bool
    exact: bool
    # Title/tag tokens with a space at each end (sitesearch.search._padded): the stored
    # columns hold single-spaced tokens, so the database pads them for the phrase tests.
    head_exact: str
    head_folded: str

    @property
    def recency_key(self) -> tuple:
        return (self.published_at, self.id)


@dataclass
class ScanResult:
    total: int  # matches counted, at most limit
    rows: list[Row]  # the candidates, each with its flags, newest first
    newest: list[Row]  # the newest 3K matches (the first pages of sort=newest)
    plan: str


class _Stats:
    """Lexeme frequencies, read from pg_stats now and then (ANALYZE keeps them current)."""

    def __init__(self) -> None:
        self.read_at = -STATS_SECONDS
        self.rows = 0.0
        self.pages = 0.0
        self.freqs: dict[str, dict[str, float]] = {}
        self.floor: dict[str, float] = {}
        self.first_month = 0  # the oldest row's month, as year * 100 + month (UTC)
        # Estimated rows per month (UTC), from the published_at histogram: a news site's
        # months are far from even (the newest hold the most), and a month is the least a
        # triples slice can ask for.
        self.month_rows: dict[int, float] = {}

    def refresh(self) -> None:
        if time.monotonic() - self.read_at < STATS_SECONDS:
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples, relpages FROM pg_class WHERE relname = %s",
                           [TABLE])
            found = cursor.fetchone()
            self.rows = max(float(found[0]) if found else 0.0, 0.0)
            self.pages = max(float(found[1]) if found else 0.0, 0.0)
            cursor.execute(f"SELECT min(published_at) FROM {TABLE}")
            oldest = cursor.fetchone()[0]
            self.first_month = month_key(oldest) if oldest else 0
            cursor.execute(
                "SELECT histogram_bounds::text::timestamptz[] FROM pg_stats WHERE schemaname "
                "= current_schema() AND tablename = %s AND attname = 'published_at'", [TABLE])
            found = cursor.fetchone()
            self.month_rows = _rows_per_month(found[0] if found else None, self.rows)
            cursor.execute(
                "SELECT attname, most_common_elems::text::text[], most_common_elem_freqs "
                "FROM pg_stats WHERE schemaname = current_schema() AND tablename = %s "
                "AND most_common_elems IS NOT NULL", [TABLE])
            self.freqs, self.floor = {}, {}
            for column, elems, freqs in cursor.fetchall():
                if elems and freqs:
                    self.freqs[column] = dict(zip(elems, freqs, strict=False))
                    # ANALYZE lists every lexeme above a cut-off far below the list's minimum
                    # (about 0.1 % of rows at statistics target 1000): unlisted means rare.
                    self.floor[column] = min(float(freqs[-3]), UNLISTED_SHARE)
        self.read_at = time.monotonic()

    def share(self, column: str, tokens: list[str]) -> float:
        """Estimated share of rows holding all tokens.

        Vietnamese words are mostly two or three syllables that travel together ("nông
        thôn", "rộn ràng"), so the syllables of a query are far from independent: the
        estimate sits between the product and the rarest syllable's share.
        """
        known = self.freqs.get(column)
        if not known:
            return 1.0  # never analysed: assume common, the walk is never disastrous
        shares = [known.get(token, self.floor.get(column, UNLISTED_SHARE))
                  for token in dict.fromkeys(tokens)] or [1.0]
        product = 1.0
        for share in shares:
            product *= share
        return max(product, min(shares) * CORRELATION)


STATS = _Stats()


def _condition(backend, clauses: list[Clause], form: str, head_only: bool) -> tuple[str, list]:
    raw = backend.condition(clauses, form, head_only)
    return raw.sql, list(raw.params)


@dataclass
class Pairs:
    """A phrase query's adjacent pairs (a tsquery), the index expression holding them, and
    how many rows may hold them all there."""

    query: str
    rows: float
    expression: str = PAIRS
    # Whether the index also holds each row's month (the triples): listed newest months first.
    by_month: bool = False


def pairs_of(backend, cursor, clauses: list[Clause]) -> tuple[Pairs, Pairs]:
    """The phrases' shingles (pairs or triples) anywhere and in title/tags, with their rows.

    Estimated from the sampled shares: like words, the shingles of a phrase travel
    together, so the estimate is the rarest one's; a shingle missing from the sample is
    rarer than PAIR_SAMPLE_MIN sampled rows.
    """
    query, size = backend.pairs_expression(clauses)
    expression, head_expression = SHINGLE_INDEXES[size]
    pairs = [pair.strip("'") for pair in query.split(" & ")]
    cursor.execute(f"SELECT pair, share, head_share FROM {PAIR_STATS} WHERE pair = ANY(%s)",
                   [pairs])
    known = {pair: (share, head_share) for pair, share, head_share in cursor.fetchall()}
    floor = PAIR_SAMPLE_MIN / PAIR_SAMPLE_ROWS
    rows = max(STATS.rows, 1.0)
    anywhere = min(max(known.get(pair, (0, 0))[0], floor) for pair in pairs)
    head = min(max(known.get(pair, (0, 0))[1], floor) for pair in pairs)
    return (Pairs(query, anywhere * rows, expression, by_month=size == 3),
            Pairs(query, head * rows, head_expression, by_month=size == 3))


def refresh_pair_stats(cursor) -> int:
    """Sample the pair and triple shares the plan choice reads (rebuild and migrations call it).

    ANALYZE keeps no statistics on the pairs expressions (see migration 0004): a sample of
    about PAIR_SAMPLE_ROWS rows is enough to tell common pairs (> ~0.1 % of rows) apart.
    Returns the number of pairs listed.
    """
    cursor.execute(f"SELECT count(*) FROM {TABLE}")
    rows = cursor.fetchone()[0]
    percent = min(100.0, 100.0 * PAIR_SAMPLE_ROWS / max(rows, 1))
    # Migration 0004 samples before 0005 has created the triples function.
    cursor.execute(
        "SELECT to_regprocedure('sitesearch_triples(text, text, timestamptz)') IS NOT NULL")
    triples = cursor.fetchone()[0]
    sampled_pairs = f"{PAIRS} || {TRIPLES}" if triples else PAIRS
    sampled_head = f"{HEAD_PAIRS} || {HEAD_TRIPLES}" if triples else HEAD_PAIRS
    cursor.execute(f"CREATE TEMPORARY TABLE pair_sample ON COMMIT DROP AS SELECT "
                   f"{sampled_pairs} AS p, {sampled_head} AS h "
                   f"FROM {TABLE} TABLESAMPLE SYSTEM (%s) REPEATABLE (0)", [percent])
    cursor.execute("SELECT count(*) FROM pair_sample")
    sampled = max(cursor.fetchone()[0], 1)
    cursor.execute(f"DELETE FROM {PAIR_STATS}")
    cursor.execute(
        f"INSERT INTO {PAIR_STATS} (pair, share, head_share) "
        f"SELECT word, coalesce(a.ndoc, 0)::real / %s, coalesce(h.ndoc, 0)::real / %s "
        f"FROM ts_stat('SELECT p FROM pair_sample') a "
        f"FULL JOIN ts_stat('SELECT h FROM pair_sample') h USING (word) "
        f"WHERE (a.ndoc >= %s OR h.ndoc >= %s) AND word NOT LIKE '\\_%%'",
        [sampled, sampled, *[max(2, PAIR_SAMPLE_MIN * sampled // PAIR_SAMPLE_ROWS)] * 2])
    count = cursor.rowcount
    cursor.execute("DROP TABLE pair_sample")
    return count


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


# Every query of a scan: with a LIMIT the planner likes a sequential scan testing every row's
# lexemes (the GIN bitmap is far cheaper for counting), and JIT compilation would cost more
# than these short queries take.
SCAN_SETTINGS = {"enable_seqscan": "off", "jit": "off"}


class OneTrip:
    """The scan's cursor: its planner settings travel in front of each query, one round trip.

    Sent as SET LOCAL statements in one string with the query (Django binds values on the
    client), they run as one implicit transaction when none is open, so the settings end
    with the query; steering the planner used to cost a BEGIN, a SET and a COMMIT per search
    besides. Each query carries every setting the scan has made so far (`set`), so the rules
    are those of SET LOCAL in a transaction: a setting holds for the rest of the scan.
    """

    def __init__(self, cursor) -> None:
        self._cursor = cursor
        self.settings = dict(SCAN_SETTINGS)

    def set(self, **settings: str) -> None:
        self.settings.update(settings)

    def execute(self, sql: str, params=None) -> None:
        prefix = "".join(f"SET LOCAL {name} = {value}; " for name, value in self.settings.items())
        self._cursor.execute(prefix + sql, params if params is not None else [])
        while self._cursor.description is None and self._cursor.nextset():
            pass  # past the SETs, to the query's own rows

    def fetchone(self):
        return self._cursor.fetchone()

    def fetchall(self):
        return self._cursor.fetchall()


def _set_plan(cursor, plan: str) -> None:
    """Steer the planner for the next statements of the scan (OneTrip sends it with each)."""
    walk = plan == "walk"
    cursor.set(enable_bitmapscan="off" if walk else "on", enable_indexscan="on" if walk else "off")


_COLUMNS = ("article_id, published_at, head_exact, head_folded, body_exact, body_folded, "
            "head_lex, folded_lex, exact_lex")


def _fetch(cursor, base: tuple[str, list], match: tuple[str, list], flags, limit: int,
           flagged: int, budget: int | None = None,
           older_than: tuple | None = None,
           pairs: tuple[str, str] | None = None) -> tuple[int, list[Row]]:
    """How many of the newest `limit` rows match, and the first `flagged` of them.

    Only those come back, with their flags and title/tag words: testing the flags costs
    more than the match itself (the exact lexeme set is often compressed), turning a row
    into Python objects costs more still, and the older rows only count. With a `budget`,
    only the newest `budget` rows are looked at; `older_than` (published_at, id) skips
    the rows a budgeted walk already saw. With `pairs` (index expression, tsquery), the rows
    holding those word pairs are listed newest first from that index (no body read), and
    the match, phrase checks included, is tested on them in that order until `limit` rows
    match.
    """
    head_sql, head_params, exact_sql, exact_params = flags
    base_sql, base_params = base
    match_sql, match_params = match
    if older_than is not None:
        base_sql += " AND (published_at, article_id) < (%s, %s)"
        base_params = [*base_params, *older_than]
    if pairs is not None:
        # OFFSET 0 keeps the match out of the sorted list; the output is that list's columns,
        # so its order serves the LIMIT and the scan stops at the limit-th match.
        source = (f"SELECT c.article_id, c.published_at FROM (SELECT article_id, published_at "
                  f"FROM {TABLE} WHERE {base_sql} AND {pairs[0]} @@ %s::tsquery {ORDER} OFFSET 0) "
                  f"c JOIN {TABLE} m ON m.article_id = c.article_id WHERE {match_sql}")
        source_params = [*base_params, pairs[1], *match_params]
    elif budget is None:
        source = f"SELECT article_id, published_at FROM {TABLE} WHERE {base_sql} AND {match_sql}"
        source_params = [*base_params, *match_params]
    else:
        source = (f"SELECT article_id, published_at FROM (SELECT {_COLUMNS} FROM {TABLE} "
                  f"WHERE {base_sql} {ORDER} LIMIT %s) r WHERE {match_sql}")
        source_params = [*base_params, budget, *match_params]
    # Numbered and counted on (id, date) pairs only; the few flagged rows are then read
    # again by primary key (cheaper than carrying every row's lexemes through the window).
    cursor.execute(
        f"SELECT s.article_id, (extract(epoch FROM x.published_at) * 1000000)::bigint, "
        f"({head_sql}), ({exact_sql}), ' ' || s.head_exact || ' ', "
        f"' ' || s.head_folded || ' ', x.total FROM ("
        f"SELECT w.article_id, w.published_at, row_number() OVER (ORDER BY published_at DESC, "
        f"article_id DESC) AS n, count(*) OVER () AS total FROM ({source} {ORDER} LIMIT %s) w"
        f") x JOIN {TABLE} s ON s.article_id = x.article_id WHERE x.n <= %s ORDER BY x.n",
        [*head_params, *exact_params, *source_params, limit, max(flagged, 1)])
    found = cursor.fetchall()
    total = found[0][-1] if found else 0
    return total, [Row(*row[:-1]) for row in found[:max(flagged, 0)]]


def _window(cursor, filters: Filters, match: tuple[str, list], flags, limit: int,
            share: float, flagged: int, phrase: bool, pairs: Pairs | None = None,
            reads_body: bool = True,
            by_month: Pairs | None = None) -> tuple[int, list[Row], str]:
    """Count the newest `limit` rows of one condition, read the cheapest way we can tell.

    A walk is given a budget of a few times the rows the estimate expects it to read; when
    the words turn out rarer together than apart ("sông" and "hậu" are both common), the
    rows older than the budget are found with the bitmap instead of walking on. A phrase
    with `pairs` may instead be narrowed by the pairs index (see phrase_plan).
    """
    base = filters.sql()
    if filters.narrowed:
        # A section or date range: its own index may be the better walk; the planner knows.
        cursor.set(enable_bitmapscan="on", enable_indexscan="on")
        return (*_fetch(cursor, base, match, flags, limit, flagged), "planner")
    if phrase and pairs is not None:
        first = first_slice_rows(pairs, filters.now, limit) if pairs.by_month else None
        plan = phrase_plan(share, pairs.rows, limit, reads_body, first_slice=first)
        if plan == "pairs":
            return (*_by_pairs(cursor, base, match, flags, limit, flagged, pairs, filters.now),
                    "pairs")
        if plan == "bitmap":
            _set_plan(cursor, plan)
            return (*_fetch(cursor, base, match, flags, limit, flagged), plan)
        # A walk, budgeted on the estimate; the older rows, if any, by walking on or by
        # their pairs, whichever the share of phrases seen so far makes cheaper.
        pair_share = max(pairs.rows / max(STATS.rows, 1.0), 1e-9)
        budget = max(MIN_WALK_BUDGET, int(PHRASE_WALK_BUDGET * limit / pair_share))
        _set_plan(cursor, "walk")
        total, rows = _fetch(cursor, base, match, flags, limit, flagged, budget=budget)
        boundary = _boundary(cursor, base, budget) if total < limit else None
        if boundary is None:
            return total, rows, "walk"
        older_rows = max(STATS.rows - budget, 0.0)
        check = DETOAST_COST if reads_body else 0.0
        walk_on = (min(older_rows, (limit - total) * budget / max(total, 1e-9))
                   * (WALK_ROW_COST + share * check))
        by_pairs = (pairs.rows * older_rows / max(STATS.rows, 1.0) * BITMAP_ROW_COST
                    + (limit - total) * (WALK_ROW_COST + check))
        if walk_on <= by_pairs:
            more, older = _fetch(cursor, base, match, flags, limit - total,
                                 flagged - len(rows), older_than=boundary)
            return total + more, rows + older, "walk+walk"
        more, older = _by_pairs(cursor, base, match, flags, limit - total,
                                flagged - len(rows), pairs, filters.now, older_than=boundary)
        return total + more, rows + older, "walk+pairs"
    if not walk_is_cheaper(share, limit):
        if by_month is not None:  # the bitmap, month by month: only as many rows as needed
            return (*_by_pairs(cursor, base, match, flags, limit, flagged, by_month,
                               filters.now), "months")
        _set_plan(cursor, "bitmap")
        return (*_fetch(cursor, base, match, flags, limit, flagged), "bitmap")
    _set_plan(cursor, "walk")
    if phrase:
        # The bitmap would hold every row with the words and test the phrase on each: a
        # rare phrase of common words is cheapest walked to the end.
        return (*_fetch(cursor, base, match, flags, limit, flagged), "walk")
    least = MIN_SLICED_WALK_BUDGET if by_month is not None else MIN_WALK_BUDGET
    budget = max(least, int(WALK_BUDGET * limit / max(share, 1e-9)))
    total, rows = _fetch(cursor, base, match, flags, limit, flagged, budget=budget)
    boundary = _boundary(cursor, base, budget) if total < limit else None
    if boundary is None:
        return total, rows, "walk"
    if by_month is not None:
        more, older = _by_pairs(cursor, base, match, flags, limit - total,
                                flagged - len(rows), by_month, filters.now,
                                older_than=tuple(boundary))
        return total + more, rows + older, "walk+months"
    _set_plan(cursor, "bitmap")
    more, older = _fetch(cursor, base, match, flags, limit - total, flagged - len(rows),
                         older_than=tuple(boundary))
    return total + more, rows + older, "walk+bitmap"


def _boundary(cursor, base: tuple[str, list], budget: int) -> tuple | None:
    """(published_at, id) of the last row a budgeted walk saw; None when it saw them all."""
    if budget >= STATS.rows * 2:
        return None
    cursor.execute(f"SELECT published_at, article_id FROM {TABLE} WHERE {base[0]} {ORDER} "
                   f"OFFSET %s LIMIT 1", [*base[1], budget - 1])
    found = cursor.fetchone()
    return tuple(found) if found else None


def _by_pairs(cursor, base: tuple[str, list], match: tuple[str, list], flags, limit: int,
              flagged: int, pairs: Pairs, newest: dt.datetime,
              older_than: tuple | None = None) -> tuple[int, list[Row]]:
    """_fetch over the rows an index expression lists (a bitmap), then each read by its key.

    Used for a phrase's pairs or triples, and for title/tag words by month (HEAD_MONTHS).

    The bitmap must stay exact: a lossy page is rechecked by computing the pairs of each of
    its rows (~300 µs a row), so work_mem is raised to hold one entry per table page. Triples
    are asked month by month, newest first (see month_slices): a common phrase then reads
    about SLICE_MARGIN × `limit` rows instead of all of its rows.
    """
    memory_kb = max(4_096, int(STATS.pages * BITMAP_PAGE_BYTES / 1024))
    cursor.set(enable_bitmapscan="on", enable_indexscan="on", work_mem=f"'{memory_kb}kB'")
    if not pairs.by_month:
        return _fetch(cursor, base, match, flags, limit, flagged, older_than=older_than,
                      pairs=(pairs.expression, pairs.query))
    start = older_than[0] if older_than else newest
    total, rows = 0, []
    share = pairs.rows / max(STATS.rows, 1.0)
    slices = month_slices(month_key(start), STATS.first_month, share, limit, STATS.month_rows)
    for index, months in enumerate(slices):
        if len(months) > MAX_SLICE_MONTHS or index >= MAX_MONTH_SLICES:
            edge = (month_start(months[0], following=True), 0)
            more, found = _fetch(cursor, base, match, flags, limit - total,
                                 flagged - len(rows),
                                 older_than=min(edge, older_than) if older_than else edge,
                                 pairs=(pairs.expression, pairs.query))
            return total + more, rows + found
        tokens = " | ".join(f"'_{month}'" for month in months)
        more, found = _fetch(cursor, base, match, flags, limit - total, flagged - len(rows),
                             older_than=older_than,
                             pairs=(pairs.expression, f"{pairs.query} & ({tokens})"))
        total, rows = total + more, rows + found
        if total >= limit:
            break
    return total, rows


def _rows_per_month(bounds: list[dt.datetime] | None, rows: float) -> dict[int, float]:
    """Rows per month, spreading each histogram bucket's equal share over its time span."""
    if not bounds or len(bounds) < 2:
        return {}
    per_bucket = rows / (len(bounds) - 1)
    months: dict[int, float] = {}
    for low, high in zip(bounds, bounds[1:], strict=False):
        span = max((high - low).total_seconds(), 1.0)
        moment = low
        while moment < high:
            key = month_key(moment)
            year, month = divmod(key, 100)
            following = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=dt.UTC)
            end = min(following, high)
            months[key] = months.get(key, 0.0) + per_bucket * (
                max((end - moment).total_seconds(), 0.0) / span)
            moment = end
    return months


def month_start(key: int, following: bool = False) -> dt.datetime:
    """The first moment (UTC) of a month key, or of the month after it."""
    year, month = divmod(key, 100)
    if following:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.datetime(year, month, 1, tzinfo=dt.UTC)


def month_key(moment: dt.datetime) -> int:
    """year * 100 + month in UTC, as the triples index writes it (migration 0005)."""
    moment = moment.astimezone(dt.UTC) if moment.tzinfo else moment
    return moment.year * 100 + moment.month


def _months_back(newest: int, oldest: int) -> list[int]:
    months, year, month = [], divmod(newest, 100)[0], newest % 100
    while year * 100 + month >= oldest and len(months) < 12 * 200:
        months.append(year * 100 + month)
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months or [newest]


def month_slices(newest: int, oldest: int, share: float, limit: int,
                 month_rows: dict[int, float]) -> list[list[int]]:
    """The months from `newest` back to `oldest`, in slices to ask one after the other.

    The first slice is expected to hold SLICE_MARGIN × `limit` matches (the phrase's `share`
    of each month's rows); each next slice is expected to hold twice as many as the one
    before, so even a rare phrase takes only a few queries to reach the oldest month.
    """
    months = _months_back(newest, oldest or newest)
    even = _even_month_rows(months, month_rows)
    target, slices, current, expected = SLICE_MARGIN * limit, [], [], 0.0
    for month in months:
        current.append(month)
        expected += share * month_rows.get(month, even)
        if expected >= target:
            slices.append(current)
            current, expected, target = [], 0.0, target * 2
    if current:
        slices.append(current)
    return slices


def _even_month_rows(months: list[int], month_rows: dict[int, float]) -> float:
    """Rows of a month the histogram does not cover: the months' rows spread evenly."""
    return (sum(month_rows.values()) if month_rows else STATS.rows) / len(months)


def first_slice_rows(pairs: Pairs, newest: dt.datetime, limit: int) -> float:
    """The rows the first month slice of `pairs` is expected to list (at least one month's)."""
    share = pairs.rows / max(STATS.rows, 1.0)
    first = month_slices(month_key(newest), STATS.first_month, share, limit,
                         STATS.month_rows)[0]
    even = _even_month_rows(_months_back(month_key(newest), STATS.first_month or
                                         month_key(newest)), STATS.month_rows)
    return share * sum(STATS.month_rows.get(month, even) for month in first)


def phrase_plan(share: float, pair_rows: int, limit: int, reads_body: bool = True,
                first_slice: float | None = None) -> str:
    """The cheapest way to the newest `limit` rows of a phrase: "pairs", "walk" or "bitmap".

    `share` is the estimated share of rows holding all the words, `pair_rows` the number
    holding all the phrase's pairs (about the phrase's own count). A walk reads rows until
    `limit` phrases are found and checks the phrase on those holding the words; the word
    bitmap checks it on every row holding the words; the pairs plan lists the pair rows
    (~BITMAP_ROW_COST each) and checks the newest until `limit` match. Triples listed by
    month read about those of their first slice (`first_slice`), however common.
    """
    rows = max(STATS.rows, 1.0)
    check = DETOAST_COST if reads_body else 0.0
    walked = min(rows, limit * rows / max(pair_rows, 1))
    listed = min(pair_rows, first_slice) if first_slice is not None else pair_rows
    costs = {
        "pairs": listed * BITMAP_ROW_COST + min(pair_rows, limit) * (WALK_ROW_COST + check),
        "walk": walked * (WALK_ROW_COST + share * check),
        "bitmap": share * rows * (BITMAP_ROW_COST + check),
    }
    return min(costs, key=costs.__getitem__)


def walk_is_cheaper(share: float, limit: int) -> bool:
    """Walking reads ~limit/share rows (~2 µs each); a bitmap reads every match (~10 µs)."""
    rows = max(STATS.rows, 1.0)
    return WALK_ROW_COST * limit / max(share, 1e-9) < BITMAP_ROW_COST * share * rows


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
    phrase = any(clause.is_phrase for clause in clauses)
    with connection.cursor() as raw_cursor:
        cursor = OneTrip(raw_cursor)
        pairs = head_pairs = None
        if phrase and not filters.narrowed:
            pairs, head_pairs = pairs_of(backend, cursor, clauses)
        share = STATS.share("folded_lex", folded)
        flagged_rows = FLAGGED_WINDOWS * window
        total, rows, plan = _window(cursor, filters,
                                    _condition(backend, clauses, "folded", False),
                                    flags, limit, share, flagged_rows, phrase, pairs)
        every_row_flagged = total < limit and total <= flagged_rows
        chosen = {row.id: row for row in rows[:window]}
        for flag, attribute in (("head", "head"), ("exact", "exact")):
            if not candidates or (flag == "exact" and not parsed.accented):
                continue
            flagged = [row for row in rows if getattr(row, attribute)]
            if every_row_flagged or len(flagged) >= window:
                chosen.update((row.id, row) for row in flagged[:window])
                continue
            # Too few in the scan: that condition's own newest window.
            if flag == "head":
                match = head_flag
                own_share = STATS.share("head_lex", folded)
            else:
                match = exact_flag
                own_share = STATS.share("exact_lex", exact_tokens)
            months = None
            if not phrase and not filters.narrowed:
                form, expression = ("folded", HEAD_MONTHS) if flag == "head" else (
                    "exact", EXACT_MONTHS)
                months = Pairs(backend.expression(clauses, form, head_only=flag == "head"),
                               own_share * STATS.rows, expression, by_month=True)
            _count, extra, extra_plan = _window(cursor, filters, match, flags, window,
                                                own_share, window, phrase,
                                                pairs if flag == "exact" else head_pairs,
                                                reads_body=flag == "exact", by_month=months)
            plan += f"+{flag}:{extra_plan}"
            for row in extra:
                chosen.setdefault(row.id, row)
    ordered = sorted(chosen.values(), key=lambda row: row.recency_key, reverse=True)
    return ScanResult(total=total, rows=ordered, newest=rows, plan=plan)
