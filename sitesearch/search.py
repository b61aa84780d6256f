"""Search: parse, find candidates with the database's full-text index, rank them in Python.

Ranking must be the same on SQLite and PostgreSQL and cheap at a million articles, so the
databases only answer set questions, each capped and ordered by the same B-tree order
(newest first, id as tie-break); the score is then computed here on at most a few hundred
candidates:

1. ``exact_all``: every clause matches with its diacritics (only when the query has any),
   so "lửa" puts the fire story above the rice ("lúa") story.
2. ``score``: per clause 3 points for an exact match in title/tags (2 when folded-only),
   2 more when the whole query appears as a phrase in title/tags, 2 more when it appears as a
   phrase anywhere.
3. recency (published_at), then article id.

Candidates are the newest matches of: the whole query anywhere (folded), the whole query in
title/tags, the exact-diacritic query and the whole-query phrase, each capped at
SEARCH_CANDIDATES. Membership of each candidate in the exact/phrase sets is decided exactly
(one extra id-restricted query when a candidate is older than a capped window), so scores
never depend on the backend. Matches outside the window follow it, newest first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from core.vietnamese import fold, normalize_tone_placement
from news.models import Article, Section
from news.selectors import descendant_ids
from sitesearch.backends import current_backend
from sitesearch.models import SearchEntry
from sitesearch.text import Clause, ParsedQuery, QueryTooLong, contains_sequence, parse_query

PAGE_SIZE = 20
MAX_PAGE = 500
SORTS = ("relevance", "newest")


def candidates_per_set() -> int:
    return int(getattr(settings, "SEARCH_CANDIDATES", 200))


def total_cap() -> int:
    return int(getattr(settings, "SEARCH_TOTAL_CAP", 10_000))


class SearchError(ValueError):
    """A parameter readers can fix; shown to them and answered with HTTP 400."""

    def __init__(self, field_name: str, message) -> None:
        super().__init__(str(message))
        self.field = field_name
        self.message = message


@dataclass
class SearchParams:
    query: str = ""
    section: str = ""
    date_from: str = ""
    date_to: str = ""
    sort: str = "relevance"
    page: str | int = 1


@dataclass
class Result:
    id: int
    title: str
    url: str
    section: str
    section_name: str
    published_at: dt.datetime
    snippet: str


@dataclass
class SearchPage:
    query: ParsedQuery
    total: int
    total_is_capped: bool
    page: int
    results: list[Result] = field(default_factory=list)

    @property
    def has_next(self) -> bool:
        return self.page * PAGE_SIZE < self.total and self.page < MAX_PAGE

    @property
    def has_previous(self) -> bool:
        return self.page > 1


# --- Parameter checking --------------------------------------------------------------------------


def _parse_date(value: str, field_name: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _bad_date(field_name)
    except ValueError:
        return _bad_date(field_name)


def _bad_date(field_name: str):
    raise SearchError(field_name, _("Dates are written yyyy-mm-dd, e.g. 2026-03-31."))


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _parse_page(value: str | int) -> int:
    text = str(value if value is not None else "").strip() or "1"
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise SearchError("page", _("The page number must be a whole number from 1."))
    page = int(text)
    if page < 1:
        raise SearchError("page", _("The page number must be a whole number from 1."))
    return page


@dataclass
class _Checked:
    parsed: ParsedQuery
    section_ids: list[int] | None
    start: dt.datetime | None
    end: dt.datetime | None
    sort: str
    page: int


def check(params: SearchParams) -> _Checked:
    try:
        parsed = parse_query(params.query)
    except QueryTooLong as error:
        raise SearchError("q", _("The search is too long; use a few words.")) from error
    section_ids = None
    slug = (params.section or "").strip()
    if slug:
        section = Section.objects.filter(slug=slug).only("id").first()
        if section is None:
            raise SearchError("section", _("There is no such section."))
        section_ids = descendant_ids(section.id)
    day_from = _parse_date(params.date_from, "from")
    day_to = _parse_date(params.date_to, "to")
    if day_from and day_to and day_from > day_to:
        raise SearchError("to", _("The end date is before the start date."))
    sort = (params.sort or "relevance").strip()
    if sort not in SORTS:
        raise SearchError("sort", _("Sort by relevance or newest."))
    return _Checked(
        parsed=parsed,
        section_ids=section_ids,
        start=_local_midnight(day_from) if day_from else None,
        end=_local_midnight(day_to + dt.timedelta(days=1)) if day_to else None,
        sort=sort,
        page=_parse_page(params.page),
    )


# --- Matching and ranking ------------------------------------------------------------------------

_ORDER = ("-published_at", "-article_id")
_FIELDS = ("article_id", "published_at", "head_exact", "head_folded")


@dataclass
class _Candidate:
    id: int
    published_at: dt.datetime
    head_exact: list[str]
    head_folded: list[str]
    exact_all: bool = False
    phrase_anywhere: bool = False
    score: int = 0

    @property
    def recency_key(self) -> tuple:
        return (self.published_at, self.id)

    @property
    def rank_key(self) -> tuple:
        return (self.exact_all, self.score, self.published_at, self.id)


def _base(checked: _Checked) -> QuerySet[SearchEntry]:
    queryset = SearchEntry.objects.filter(published_at__lte=timezone.now())
    if checked.section_ids is not None:
        queryset = queryset.filter(section_id__in=checked.section_ids)
    if checked.start:
        queryset = queryset.filter(published_at__gte=checked.start)
    if checked.end:
        queryset = queryset.filter(published_at__lt=checked.end)
    return queryset


class _Window:
    """The newest `limit` rows matching a condition, and a way to test older ids exactly."""

    def __init__(self, base: QuerySet, condition, limit: int) -> None:
        self.base, self.condition = base, condition
        rows = list(base.filter(condition).order_by(*_ORDER).values_list(*_FIELDS)[:limit])
        self.rows = rows
        self.ids = {row[0] for row in rows}
        self.complete = len(rows) < limit
        self.oldest = (rows[-1][1], rows[-1][0]) if rows else None

    def members(self, candidates: list[_Candidate]) -> set[int]:
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


def _score(candidate: _Candidate, parsed: ParsedQuery) -> int:
    points = 0
    for clause in parsed.clauses:
        if parsed.accented and contains_sequence(candidate.head_exact, clause.exact):
            points += 3
        elif contains_sequence(candidate.head_folded, clause.folded):
            points += 2 if parsed.accented else 3
    sequence = parsed.folded_sequence
    if len(sequence) > 1 and contains_sequence(candidate.head_folded, sequence):
        points += 2
    if candidate.phrase_anywhere:
        points += 2
    return points


def _rank(base: QuerySet, parsed: ParsedQuery) -> list[int]:
    backend = current_backend()
    limit = candidates_per_set()
    clauses = parsed.clauses
    windows = [
        _Window(base, backend.condition(clauses, "folded", head_only=False), limit),
        _Window(base, backend.condition(clauses, "folded", head_only=True), limit),
    ]
    exact = None
    if parsed.accented:
        exact = _Window(base, backend.condition(clauses, "exact", head_only=False), limit)
        windows.append(exact)
    phrase = None
    if len(parsed.folded_sequence) > 1:
        whole = [Clause(exact=tuple(parsed.exact_sequence),
                        folded=tuple(parsed.folded_sequence))]
        phrase = _Window(base, backend.condition(whole, "folded", head_only=False), limit)
        windows.append(phrase)

    candidates: dict[int, _Candidate] = {}
    for window in windows:
        for article_id, published_at, head_exact, head_folded in window.rows:
            if article_id not in candidates:
                candidates[article_id] = _Candidate(
                    article_id, published_at, head_exact.split(), head_folded.split()
                )
    pool = list(candidates.values())
    exact_ids = exact.members(pool) if exact else set()
    phrase_ids = phrase.members(pool) if phrase else set()
    for candidate in pool:
        candidate.exact_all = candidate.id in exact_ids
        candidate.phrase_anywhere = candidate.id in phrase_ids
        candidate.score = _score(candidate, parsed)
    pool.sort(key=lambda c: c.rank_key, reverse=True)
    return [c.id for c in pool]


def search(params: SearchParams) -> SearchPage:
    """One page of results; raises SearchError for parameters a reader must correct."""
    checked = check(params)
    parsed = checked.parsed
    if parsed.is_empty:
        return SearchPage(query=parsed, total=0, total_is_capped=False, page=checked.page)
    base = _base(checked)
    matches = base.filter(current_backend().condition(parsed.clauses, "folded", head_only=False))
    cap = total_cap()
    total = matches.order_by().values("article_id")[: cap + 1].count()
    page = SearchPage(query=parsed, total=min(total, cap), total_is_capped=total > cap,
                      page=checked.page)
    if checked.page > MAX_PAGE:
        return page
    offset = (checked.page - 1) * PAGE_SIZE
    if offset >= total:
        return page
    if checked.sort == "newest":
        ids = list(matches.order_by(*_ORDER).values_list("article_id", flat=True)
                   [offset : offset + PAGE_SIZE])
    else:
        ranked = _rank(base, parsed)
        ids = ranked[offset : offset + PAGE_SIZE]
        if len(ids) < PAGE_SIZE and total > len(ranked):
            # Past the ranked window: the remaining matches, newest first.
            rest_offset = max(0, offset - len(ranked))
            ids += list(
                matches.exclude(article_id__in=ranked).order_by(*_ORDER)
                .values_list("article_id", flat=True)
                [rest_offset : rest_offset + PAGE_SIZE - len(ids)]
            )
    page.results = _results(ids, parsed)
    return page


# --- Display -------------------------------------------------------------------------------------


def _results(ids: list[int], parsed: ParsedQuery) -> list[Result]:
    if not ids:
        return []
    articles = {
        a.id: a
        for a in Article.objects.filter(pk__in=ids).select_related("primary_section")
        .only("id", "title", "slug", "published_at", "primary_section__slug",
              "primary_section__name")
    }
    texts = dict(SearchEntry.objects.filter(pk__in=ids).values_list("article_id", "snippet_text"))
    results = []
    for article_id in ids:
        article = articles.get(article_id)
        if article is None:
            continue
        results.append(Result(
            id=article.id,
            title=article.title,
            url=article.get_absolute_url(),
            section=article.primary_section.slug,
            section_name=article.primary_section.name,
            published_at=article.published_at,
            snippet=highlight(texts.get(article_id, ""), parsed),
        ))
    return results


_WORD_CHARS = r"[^\W_]"
SNIPPET_WORDS = 40
SNIPPET_LEAD = 8
_WORD_RE = re.compile(r"[^\W_]+")


def _mark_pattern(tokens: set[str]) -> re.Pattern[str] | None:
    if not tokens:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))
    return re.compile(rf"(?<!{_WORD_CHARS})(?:{alternatives})(?!{_WORD_CHARS})")


def _spans(text: str, parsed: ParsedQuery) -> list[tuple[int, int]]:
    """Character spans of query words in text: exact spellings first, folded as fallback."""
    # Tone normalisation moves marks within a letter pair, so offsets still fit `text`.
    attempts = []
    if parsed.accented:
        attempts.append((normalize_tone_placement(text).lower().replace("ð", "đ"),
                         {t for c in parsed.clauses for t in c.exact}))
    attempts.append((fold(text), {t for c in parsed.clauses for t in c.folded}))
    for haystack, tokens in attempts:
        pattern = _mark_pattern(tokens)
        if pattern is None or len(haystack) != len(text):
            continue
        spans = [m.span() for m in pattern.finditer(haystack)]
        if spans:
            return spans
    return []


def highlight(text: str, parsed: ParsedQuery) -> str:
    """An HTML-escaped excerpt around the first match with the query words in <mark>."""
    if not text:
        return ""
    spans = _spans(text, parsed)
    words = [m.span() for m in _WORD_RE.finditer(text)]
    if not words:
        return escape(text[:300])
    first_word = 0
    if spans:
        first_char = spans[0][0]
        first_word = next((i for i, (s, _e) in enumerate(words) if s >= first_char), 0)
    start_word = max(0, first_word - SNIPPET_LEAD)
    end_word = min(len(words), start_word + SNIPPET_WORDS)
    start = words[start_word][0] if start_word > 0 else 0
    end = words[end_word - 1][1] if end_word < len(words) else len(text)
    out, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[cursor:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out).strip() + suffix
