"""PostgreSQL: the candidates of one search from a single newest-first scan of its matches.

The generic path (sitesearch.ranking) asks four questions, each its own query: how many rows
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
identical to SQLite's. How each window is read is sitesearch.pgscan.plan's choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from sitesearch.pgscan import plan, statements, stats
from sitesearch.pgscan.indexes import EXACT_MONTHS, HEAD_MONTHS
from sitesearch.pgscan.statements import Filters, OneTrip, Row
from sitesearch.text import Clause


@dataclass
class ScanResult:
    total: int  # matches counted, at most limit
    rows: list[Row]  # the candidates, each with its flags, newest first
    newest: list[Row]  # the newest 3K matches (the first pages of sort=newest)
    plan: str


def _condition(backend, clauses: list[Clause], form: str, head_only: bool) -> tuple[str, list]:
    raw = backend.condition(clauses, form, head_only)
    return raw.sql, list(raw.params)


def _window(cursor, filters: Filters, match: tuple[str, list], flags, limit: int,
            share: float, flagged: int, phrase: bool, pairs: stats.Pairs | None = None,
            reads_body: bool = True,
            by_month: stats.Pairs | None = None) -> tuple[int, list[Row], str]:
    """Count the newest `limit` rows of one condition, read the cheapest way we can tell.

    A walk is given a budget of a few times the rows the estimate expects it to read; when
    the words turn out rarer together than apart ("sông" and "hậu" are both common), the
    rows older than the budget are found with the bitmap instead of walking on. A phrase
    with `pairs` may instead be narrowed by the pairs index (see plan.phrase_plan).
    """
    base = filters.sql()
    if filters.narrowed:
        # A section or date range: its own index may be the better walk; the planner knows.
        cursor.set(enable_bitmapscan="on", enable_indexscan="on")
        return (*statements.fetch(cursor, base, match, flags, limit, flagged), "planner")
    if phrase and pairs is not None:
        first = plan.first_slice_rows(pairs, filters.now, limit) if pairs.by_month else None
        way = plan.phrase_plan(share, pairs.rows, limit, reads_body, first_slice=first)
        if way == "pairs":
            return (*statements.by_pairs(cursor, base, match, flags, limit, flagged, pairs,
                                         filters.now), "pairs")
        if way == "bitmap":
            statements.set_plan(cursor, way)
            return (*statements.fetch(cursor, base, match, flags, limit, flagged), way)
        # A walk, budgeted on the estimate; the older rows, if any, by walking on or by
        # their pairs, whichever the share of phrases seen so far makes cheaper.
        pair_share = max(pairs.rows / max(stats.STATS.rows, 1.0), 1e-9)
        budget = max(plan.MIN_WALK_BUDGET, int(plan.PHRASE_WALK_BUDGET * limit / pair_share))
        statements.set_plan(cursor, "walk")
        total, rows = statements.fetch(cursor, base, match, flags, limit, flagged, budget=budget)
        boundary = statements.boundary(cursor, base, budget) if total < limit else None
        if boundary is None:
            return total, rows, "walk"
        older_rows = max(stats.STATS.rows - budget, 0.0)
        check = plan.DETOAST_COST if reads_body else 0.0
        walk_on = (min(older_rows, (limit - total) * budget / max(total, 1e-9))
                   * (plan.WALK_ROW_COST + share * check))
        listed = (pairs.rows * older_rows / max(stats.STATS.rows, 1.0) * plan.BITMAP_ROW_COST
                  + (limit - total) * (plan.WALK_ROW_COST + check))
        if walk_on <= listed:
            more, older = statements.fetch(cursor, base, match, flags, limit - total,
                                           flagged - len(rows), older_than=boundary)
            return total + more, rows + older, "walk+walk"
        more, older = statements.by_pairs(cursor, base, match, flags, limit - total,
                                          flagged - len(rows), pairs, filters.now,
                                          older_than=boundary)
        return total + more, rows + older, "walk+pairs"
    if not plan.walk_is_cheaper(share, limit):
        if by_month is not None:  # the bitmap, month by month: only as many rows as needed
            return (*statements.by_pairs(cursor, base, match, flags, limit, flagged, by_month,
                                         filters.now), "months")
        statements.set_plan(cursor, "bitmap")
        return (*statements.fetch(cursor, base, match, flags, limit, flagged), "bitmap")
    statements.set_plan(cursor, "walk")
    if phrase:
        # The bitmap would hold every row with the words and test the phrase on each: a
        # rare phrase of common words is cheapest walked to the end.
        return (*statements.fetch(cursor, base, match, flags, limit, flagged), "walk")
    least = plan.MIN_SLICED_WALK_BUDGET if by_month is not None else plan.MIN_WALK_BUDGET
    budget = max(least, int(plan.WALK_BUDGET * limit / max(share, 1e-9)))
    total, rows = statements.fetch(cursor, base, match, flags, limit, flagged, budget=budget)
    boundary = statements.boundary(cursor, base, budget) if total < limit else None
    if boundary is None:
        return total, rows, "walk"
    if by_month is not None:
        more, older = statements.by_pairs(cursor, base, match, flags, limit - total,
                                          flagged - len(rows), by_month, filters.now,
                                          older_than=tuple(boundary))
        return total + more, rows + older, "walk+months"
    statements.set_plan(cursor, "bitmap")
    more, older = statements.fetch(cursor, base, match, flags, limit - total,
                                   flagged - len(rows), older_than=tuple(boundary))
    return total + more, rows + older, "walk+bitmap"


def scan(backend, parsed, filters: Filters, limit: int, window: int,
         candidates: bool = True) -> ScanResult:
    """Total (up to `limit`) and the candidate rows of the generic path, with their flags.

    candidates=False (sort by date) skips the title/tag and exact windows.
    """
    stats.STATS.refresh()
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
            pairs, head_pairs = stats.pairs_of(backend, cursor, clauses)
        share = stats.STATS.share("folded_lex", folded)
        flagged_rows = plan.FLAGGED_WINDOWS * window
        total, rows, used = _window(cursor, filters,
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
                own_share = stats.STATS.share("head_lex", folded)
            else:
                match = exact_flag
                own_share = stats.STATS.share("exact_lex", exact_tokens)
            months = None
            if not phrase and not filters.narrowed:
                form, expression = ("folded", HEAD_MONTHS) if flag == "head" else (
                    "exact", EXACT_MONTHS)
                months = stats.Pairs(backend.expression(clauses, form, head_only=flag == "head"),
                                     own_share * stats.STATS.rows, expression, by_month=True)
            _count, extra, extra_plan = _window(cursor, filters, match, flags, window,
                                                own_share, window, phrase,
                                                pairs if flag == "exact" else head_pairs,
                                                reads_body=flag == "exact", by_month=months)
            used += f"+{flag}:{extra_plan}"
            for row in extra:
                chosen.setdefault(row.id, row)
    ordered = sorted(chosen.values(), key=lambda row: row.recency_key, reverse=True)
    return ScanResult(total=total, rows=ordered, newest=rows, plan=used)
