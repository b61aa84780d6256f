"""PostgreSQL: the statements of a scan, and the cursor that sends them with their settings.

Each statement counts the newest matches of one condition and returns only the first few
with their flags and title/tag words; the rows readers may not see at that moment (dated
later, expired) are left out by `Filters.sql`, the same rule as the ORM path's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sitesearch.models import shown_sql
from sitesearch.pgscan import plan
from sitesearch.pgscan.indexes import TABLE
from sitesearch.pgscan.stats import STATS, Pairs, month_key, month_start

ORDER = "ORDER BY published_at DESC, article_id DESC"


@dataclass
class Row:
    id: int
    # published_at in microseconds since the epoch: it only orders rows, and an integer
    # costs Python far less to load than a time zone-aware datetime.
    published_at: int
    head: bool
    exact: bool
    # Title/tag tokens with a space at each end (sitesearch.ranking._padded): the stored
    # columns hold single-spaced tokens, so the database pads them for the phrase tests.
    head_exact: str
    head_folded: str

    @property
    def recency_key(self) -> tuple:
        return (self.published_at, self.id)


@dataclass
class Filters:
    """Which index rows a scan may read: those of the edition readers see at `now`, in the
    section and dates asked for."""

    now: dt.datetime
    section_ids: list[int] | None
    start: dt.datetime | None
    end: dt.datetime | None
    # The edition's language; the main edition's rows are nearly all rows, the others few.
    language: str = "vi"
    main_language: str = "vi"

    def sql(self) -> tuple[str, list]:
        shown, shown_params = shown_sql(self.now)
        parts, params = [f"({shown})", "language = %s"], [*shown_params, self.language]
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
        return (self.section_ids is not None or bool(self.start or self.end)
                or self.language != self.main_language)


# Every query of a scan: with a LIMIT the planner likes a sequential scan testing every row's
# lexemes (the GIN bitmap is far cheaper for counting), and JIT compilation would cost more
# than these short queries take.
SCAN_SETTINGS = {"enable_seqscan": "off", "jit": "off"}


class OneTrip:
    """The scan's cursor: its planner settings travel in front of each query, one round trip.

    Sent as SET LOCAL statements in one string with the query (Django binds values on the
    client), they run as one implicit transaction when none is open, so the settings end
    with the query, without a BEGIN, a SET and a COMMIT around each search. Each query
    carries every setting the scan has made so far (`set`), so the rules are those of SET
    LOCAL in a transaction: a setting holds for the rest of the scan.
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


def set_plan(cursor, way: str) -> None:
    """Steer the planner for the next statements of the scan (OneTrip sends it with each)."""
    walk = way == "walk"
    cursor.set(enable_bitmapscan="off" if walk else "on", enable_indexscan="on" if walk else "off")


_COLUMNS = ("article_id, published_at, head_exact, head_folded, body_exact, body_folded, "
            "head_lex, folded_lex, exact_lex")


def fetch(cursor, base: tuple[str, list], match: tuple[str, list], flags, limit: int,
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
                  f"FROM {TABLE} WHERE {base_sql} AND {pairs[0]} @@ %s::tsquery {ORDER} "
                  f"OFFSET 0) "
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


def boundary(cursor, base: tuple[str, list], budget: int) -> tuple | None:
    """(published_at, id) of the last row a budgeted walk saw; None when it saw them all."""
    if budget >= STATS.rows * 2:
        return None
    cursor.execute(f"SELECT published_at, article_id FROM {TABLE} WHERE {base[0]} {ORDER} "
                   f"OFFSET %s LIMIT 1", [*base[1], budget - 1])
    found = cursor.fetchone()
    return tuple(found) if found else None


def by_pairs(cursor, base: tuple[str, list], match: tuple[str, list], flags, limit: int,
             flagged: int, pairs: Pairs, newest: dt.datetime,
             older_than: tuple | None = None) -> tuple[int, list[Row]]:
    """fetch over the rows an index expression lists (a bitmap), then each read by its key.

    Used for a phrase's pairs or triples, and for title/tag words by month (HEAD_MONTHS).

    The bitmap must stay exact: a lossy page is rechecked by computing the pairs of each of
    its rows (costly), so work_mem is raised to hold one entry per table page. Triples
    are asked month by month, newest first (see plan.month_slices): a common phrase then reads
    about SLICE_MARGIN × `limit` rows instead of all of its rows.
    """
    memory_kb = max(4_096, int(STATS.pages * plan.BITMAP_PAGE_BYTES / 1024))
    cursor.set(enable_bitmapscan="on", enable_indexscan="on", work_mem=f"'{memory_kb}kB'")
    if not pairs.by_month:
        return fetch(cursor, base, match, flags, limit, flagged, older_than=older_than,
                     pairs=(pairs.expression, pairs.query))
    start = older_than[0] if older_than else newest
    total, rows = 0, []
    share = pairs.rows / max(STATS.rows, 1.0)
    slices = plan.month_slices(month_key(start), STATS.first_month, share, limit,
                               STATS.month_rows)
    for index, months in enumerate(slices):
        if len(months) > plan.MAX_SLICE_MONTHS or index >= plan.MAX_MONTH_SLICES:
            edge = (month_start(months[0], following=True), 0)
            more, found = fetch(cursor, base, match, flags, limit - total,
                                flagged - len(rows),
                                older_than=min(edge, older_than) if older_than else edge,
                                pairs=(pairs.expression, pairs.query))
            return total + more, rows + found
        tokens = " | ".join(f"'_{month}'" for month in months)
        more, found = fetch(cursor, base, match, flags, limit - total, flagged - len(rows),
                            older_than=older_than,
                            pairs=(pairs.expression, f"{pairs.query} & ({tokens})"))
        total, rows = total + more, rows + found
        if total >= limit:
            break
    return total, rows
