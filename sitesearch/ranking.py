"""Ranking: which matches are candidates, and their order, the same on every database.

The databases only answer set questions, each capped and ordered by the same B-tree order
(newest first, id as tie-break); the score is computed here on at most a few hundred
candidates, so SQLite and PostgreSQL rank alike:

1. ``exact_all``: every clause matches with its diacritics (only when the query has any),
   so "lửa" puts the fire story above the rice ("lúa") story.
2. ``score``: per clause 3 points for an exact match in title/tags (2 when folded-only; 3
   for any match when the query has no diacritics), 2 more when the whole query appears as a
   phrase in title/tags.
3. recency (published_at), then article id.

Candidates are the newest matches of: the whole query anywhere (folded), the whole query in
title/tags and the exact-diacritic query, each capped at SEARCH_CANDIDATES. Membership of
each candidate in the exact set is decided exactly (one extra id-restricted query when a
candidate is older than a capped window), so scores never depend on the backend. On
PostgreSQL, sitesearch.pgscan derives the same candidates and flags from one scan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from sitesearch import conf
from sitesearch.backends import current_backend
from sitesearch.models import SearchEntry, shown_q
from sitesearch.params import Checked
from sitesearch.pgscan import Row
from sitesearch.text import ParsedQuery

ORDER = ("-published_at", "-article_id")
_FIELDS = ("article_id", "published_at", "head_exact", "head_folded")


def _padded(tokens: str) -> str:
    """Space-joined tokens with a space at each end: a phrase " a b " is then a substring."""
    return f" {' '.join(tokens.split())} "


def _has(padded: str, sequence: tuple[str, ...] | list[str]) -> bool:
    """contains_sequence on a padded string: tokens hold no spaces, so it is the same test."""
    return bool(sequence) and f" {' '.join(sequence)} " in padded


@dataclass
class Candidate:
    id: int
    published_at: dt.datetime | int  # an int (microseconds since the epoch) from pgscan
    head_exact: str  # padded (see _padded)
    head_folded: str
    exact_all: bool = False
    score: int = 0

    @property
    def recency_key(self) -> tuple:
        return (self.published_at, self.id)

    @property
    def rank_key(self) -> tuple:
        return (self.exact_all, self.score, self.published_at, self.id)


def base(checked: Checked, now: dt.datetime) -> QuerySet[SearchEntry]:
    """Index rows of the edition readers see at `now` within the section and dates asked for."""
    queryset = SearchEntry.objects.filter(shown_q(now), language=checked.language)
    if checked.section_ids is not None:
        queryset = queryset.filter(section_id__in=checked.section_ids)
    if checked.start:
        queryset = queryset.filter(published_at__gte=checked.start)
    if checked.end:
        queryset = queryset.filter(published_at__lt=checked.end)
    return queryset


class _Window:
    """The newest `limit` rows matching a condition, and a way to test older ids exactly."""

    def __init__(self, rows_of: QuerySet, condition, limit: int) -> None:
        self.base, self.condition = rows_of, condition
        rows = list(rows_of.filter(condition).order_by(*ORDER).values_list(*_FIELDS)[:limit])
        self.rows = rows
        self.ids = {row[0] for row in rows}
        self.complete = len(rows) < limit
        self.oldest = (rows[-1][1], rows[-1][0]) if rows else None

    def members(self, candidates: list[Candidate]) -> set[int]:
        found = set(self.ids)
        if self.complete or self.oldest is None:
            return found
        unknown = [c.id for c in candidates if c.recency_key < self.oldest]
        if unknown:
            found.update(
                self.base.filter(self.condition, article_id__in=unknown)
                .values_list("article_id", flat=True)
            )
        return found


def _score(candidate: Candidate, parsed: ParsedQuery) -> int:
    points = 0
    for clause in parsed.clauses:
        if parsed.accented and _has(candidate.head_exact, clause.exact):
            points += 3
        elif _has(candidate.head_folded, clause.folded):
            points += 2 if parsed.accented else 3
    sequence = parsed.folded_sequence
    if len(sequence) > 1 and _has(candidate.head_folded, sequence):
        points += 2
    return points


def candidates(rows_of: QuerySet, parsed: ParsedQuery) -> list[Candidate]:
    """The union of the three windows, each candidate with its exact flag (any database)."""
    backend = current_backend()
    limit = conf.candidates_per_set()
    clauses = parsed.clauses
    windows = [
        _Window(rows_of, backend.condition(clauses, "folded", head_only=False), limit),
        _Window(rows_of, backend.condition(clauses, "folded", head_only=True), limit),
    ]
    exact = None
    if parsed.accented:
        exact = _Window(rows_of, backend.condition(clauses, "exact", head_only=False), limit)
        windows.append(exact)

    found: dict[int, Candidate] = {}
    for window in windows:
        for article_id, published_at, head_exact, head_folded in window.rows:
            if article_id not in found:
                found[article_id] = Candidate(
                    article_id, published_at, _padded(head_exact), _padded(head_folded)
                )
    pool = list(found.values())
    exact_ids = exact.members(pool) if exact else set()
    for candidate in pool:
        candidate.exact_all = candidate.id in exact_ids
    return pool


def scanned_candidates(rows: list[Row]) -> list[Candidate]:
    """Candidates of a PostgreSQL scan: the same rows, flags and title/tag words."""
    return [Candidate(row.id, row.published_at, row.head_exact, row.head_folded,
                      exact_all=bool(row.exact)) for row in rows]


def rank(pool: list[Candidate], parsed: ParsedQuery) -> list[int]:
    """Candidate ids, best first."""
    for candidate in pool:
        candidate.score = _score(candidate, parsed)
    pool.sort(key=lambda c: c.rank_key, reverse=True)
    return [c.id for c in pool]
