"""PostgreSQL: what each way of reading the matches costs, and which way a scan takes.

A walk reads the (published_at, id) index newest first and tests each row's inline lexemes,
stopping at the limit: cheap when the words are common. A GIN bitmap lists every match and
sorts them: cheap when they are rare. The walk wins above a share of about
sqrt(limit / 5 / rows) with the relative costs below. Phrases may be narrowed by their word
pairs or triples, listed month by month from the newest. The costs are relative units
(WALK_ROW_COST per row walked); benchmark figures live in docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt

from sitesearch.pgscan.stats import STATS, Pairs, month_key

# Relative cost of a row walked, and of a match listed by a bitmap.
WALK_ROW_COST = 2.0
BITMAP_ROW_COST = 10.0
# A phrase check that reads an out-of-line body, on top of reading the row.
DETOAST_COST = 20.0
# A walk reads at most WALK_BUDGET times the rows its estimate expects (at least 5,000).
WALK_BUDGET = 4
# A phrase's walk is re-planned sooner: its estimate (the rarest pair's share) is loose,
# and walking on past it costs a body read per row holding the words.
PHRASE_WALK_BUDGET = 1.5
MIN_WALK_BUDGET = 5_000
# A walk that can hand its older rows to a month-sliced listing gives up sooner.
MIN_SLICED_WALK_BUDGET = 1_000
# Flags are tested on the newest FLAGGED_WINDOWS × K matches of the scan.
FLAGGED_WINDOWS = 3
# The first month slice is sized to hold SLICE_MARGIN × the rows wanted.
SLICE_MARGIN = 1.5
# A slice longer than MAX_SLICE_MONTHS is asked as everything older instead: by then the
# rows are few, and a long OR of months costs GIN more than listing them.
MAX_SLICE_MONTHS = 6
# After this many month slices the rest is asked at once: a phrase or words that two slices
# sized by their estimate did not satisfy are rarer than estimated, and each month query
# costs GIN the postings of its months (the newest month alone holds many).
MAX_MONTH_SLICES = 3
# Memory of an exact bitmap, per heap page (a page-table entry with its hash overhead).
BITMAP_PAGE_BYTES = 80


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
    """Walking reads about limit/share rows; a bitmap reads every match, each dearer."""
    rows = max(STATS.rows, 1.0)
    return WALK_ROW_COST * limit / max(share, 1e-9) < BITMAP_ROW_COST * share * rows
