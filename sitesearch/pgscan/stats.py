"""PostgreSQL: how common words and phrases are, estimated cheaply, to choose the scan's plan.

Word shares come from the planner's own statistics (most common lexemes, migration 0003),
rows per month from the published_at histogram, and phrase shares from a sample of the word
pairs and triples (ANALYZE keeps no statistics on those expressions). The estimates only
choose the plan; results never depend on them.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.db import connection

from sitesearch.pgscan.indexes import (
    HEAD_PAIRS,
    HEAD_TRIPLES,
    PAIR_STATS,
    PAIRS,
    SHINGLE_INDEXES,
    TABLE,
    TRIPLES,
)
from sitesearch.text import Clause

STATS_SECONDS = 600
UNLISTED_SHARE = 0.001
CORRELATION = 1.0
# Pairs and triples found in at least PAIR_SAMPLE_MIN of about PAIR_SAMPLE_ROWS sampled rows.
PAIR_SAMPLE_ROWS = 30_000
PAIR_SAMPLE_MIN = 20


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
