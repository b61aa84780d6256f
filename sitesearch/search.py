"""Search: parse, find candidates with the database's full-text index, rank them in Python.

Ranking must be the same on SQLite and PostgreSQL and cheap at a million articles, so the
databases only answer set questions, each capped and ordered by the same B-tree order
(newest first, id as tie-break); the score is then computed here on at most a few hundred
candidates:

1. ``exact_all``: every clause matches with its diacritics (only when the query has any),
   so "lửa" puts the fire story above the rice ("lúa") story.
2. ``score``: per clause 3 points for an exact match in title/tags (2 when folded-only; 3
   for any match when the query has no diacritics), 2 more when the whole query appears as a
   phrase in title/tags.
3. recency (published_at), then article id.

Candidates are the newest matches of: the whole query anywhere (folded), the whole query in
title/tags and the exact-diacritic query, each capped at SEARCH_CANDIDATES. Membership of
each candidate in the exact set is decided exactly
(one extra id-restricted query when a candidate is older than a capped window), so scores
never depend on the backend. Matches outside the window follow it, newest first.

On PostgreSQL, sitesearch.pgscan answers the count and the three windows with one scan and
derives exactly the same candidates and flags (tested against this path).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import time
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from core.vietnamese import fold, normalize_tone_placement
from news import page_queries
from news.models import Article, Section, article_path
from news.page_queries import aware_datetime
from news.selectors import descendant_ids
from sitesearch import pgscan
from sitesearch.backends import current_backend
from sitesearch.models import SearchEntry
from sitesearch.text import Clause, ParsedQuery, QueryTooLong, parse_query

PAGE_SIZE = 20
MAX_PAGE = 500
SORTS = ("relevance", "newest")


def candidates_per_set() -> int:
    return int(getattr(settings, "SEARCH_CANDIDATES", 50))


def total_cap() -> int:
    return int(getattr(settings, "SEARCH_TOTAL_CAP", 200))


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


def _padded(tokens: str) -> str:
    """Space-joined tokens with a space at each end: a phrase " a b " is then a substring."""
    return f" {' '.join(tokens.split())} "


def _has(padded: str, sequence: tuple[str, ...] | list[str]) -> bool:
    """contains_sequence on a padded string: tokens hold no spaces, so it is the same test."""
    return bool(sequence) and f" {' '.join(sequence)} " in padded


@dataclass
class _Candidate:
    id: int
    published_at: dt.datetime | int  # an int (µs since the epoch) from sitesearch.pgscan
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


def _base(checked: _Checked, now: dt.datetime) -> QuerySet[SearchEntry]:
    queryset = SearchEntry.objects.filter(published_at__lte=now)
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
        if parsed.accented and _has(candidate.head_exact, clause.exact):
            points += 3
        elif _has(candidate.head_folded, clause.folded):
            points += 2 if parsed.accented else 3
    sequence = parsed.folded_sequence
    if len(sequence) > 1 and _has(candidate.head_folded, sequence):
        points += 2
    return points


def _candidates(base: QuerySet, parsed: ParsedQuery) -> list[_Candidate]:
    """The union of the three windows, each candidate with its exact flag (any database)."""
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

    candidates: dict[int, _Candidate] = {}
    for window in windows:
        for article_id, published_at, head_exact, head_folded in window.rows:
            if article_id not in candidates:
                candidates[article_id] = _Candidate(
                    article_id, published_at, _padded(head_exact), _padded(head_folded)
                )
    pool = list(candidates.values())
    exact_ids = exact.members(pool) if exact else set()
    for candidate in pool:
        candidate.exact_all = candidate.id in exact_ids
    return pool


def _scanned_candidates(rows: list[pgscan.Row]) -> list[_Candidate]:
    """Candidates of a PostgreSQL scan: the same rows, flags and title/tag words."""
    return [_Candidate(row.id, row.published_at, row.head_exact, row.head_folded,
                       exact_all=bool(row.exact)) for row in rows]


def _rank(pool: list[_Candidate], parsed: ParsedQuery) -> list[int]:
    for candidate in pool:
        candidate.score = _score(candidate, parsed)
    pool.sort(key=lambda c: c.rank_key, reverse=True)
    return [c.id for c in pool]


GENERATION_KEY = "sitesearch:generation"


def cache_seconds() -> int:
    """Result caching needs a cache shared by all workers (Redis), else freshness suffers."""
    configured = getattr(settings, "SEARCH_CACHE_SECONDS", None)
    if configured is not None:
        return int(configured)
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return 60 if "redis" in backend.lower() else 0


def index_changed() -> None:
    """Called on every index write: cached result pages of older generations are never read."""
    if cache_seconds():
        cache.set(GENERATION_KEY, time.time_ns(), None)


def search(params: SearchParams) -> SearchPage:
    """One page of results; raises SearchError for parameters a reader must correct.

    With a shared cache, pages are cached for SEARCH_CACHE_SECONDS under the index's
    generation number, which every publish/unpublish bumps: a change shows at once.
    """
    checked = check(params)
    seconds = cache_seconds()
    if not seconds:
        return _search(checked)
    generation = cache.get(GENERATION_KEY)
    if generation is None:  # never set or evicted: start a generation no old page can have
        generation = time.time_ns()
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY, generation)
    fingerprint = repr((checked.parsed.clauses, checked.section_ids, checked.start,
                        checked.end, checked.sort, checked.page, translation.get_language()))
    key = f"sitesearch:page:{generation}:{hashlib.sha1(fingerprint.encode()).hexdigest()}"
    page = cache.get(key)
    if page is None:
        page = _search(checked)
        cache.set(key, page, seconds)
    return page


def _planned(query):
    """Rows of an ORM query of the rarer paths (deep pages), planned as the scan's are."""
    if connection.vendor != "postgresql":
        return list(query)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("; ".join(f"SET LOCAL {name} = {value}"
                                     for name, value in pgscan.SCAN_SETTINGS.items()))
        return list(query)


def _search(checked: _Checked) -> SearchPage:
    parsed = checked.parsed
    if parsed.is_empty:
        return SearchPage(query=parsed, total=0, total_is_capped=False, page=checked.page)
    now = timezone.now()

    def matching() -> QuerySet[SearchEntry]:
        # Built only where used: on PostgreSQL only the rarer paths (deep pages) need it.
        return _base(checked, now).filter(
            current_backend().condition(parsed.clauses, "folded", head_only=False))

    cap = total_cap()
    scanned = None
    if connection.vendor == "postgresql":
        filters = pgscan.Filters(now, checked.section_ids, checked.start, checked.end)
        scanned = pgscan.scan(current_backend(), parsed, filters, cap + 1,
                              candidates_per_set(), candidates=checked.sort != "newest")
        total = scanned.total
    else:
        total = matching().order_by().values("article_id")[: cap + 1].count()
    page = SearchPage(query=parsed, total=min(total, cap), total_is_capped=total > cap,
                      page=checked.page)
    if checked.page > MAX_PAGE:
        return page
    offset = (checked.page - 1) * PAGE_SIZE
    if offset >= total:
        return page
    if checked.sort == "newest":
        if scanned is not None and (offset + PAGE_SIZE <= len(scanned.newest)
                                    or len(scanned.newest) == total):  # it holds them all
            ids = [row.id for row in scanned.newest[offset : offset + PAGE_SIZE]]
        else:
            ids = _planned(matching().order_by(*_ORDER).values_list("article_id", flat=True)
                           [offset : offset + PAGE_SIZE])
    else:
        pool = (_scanned_candidates(scanned.rows) if scanned is not None
                else _candidates(_base(checked, now), parsed))
        ranked = _rank(pool, parsed)
        ids = ranked[offset : offset + PAGE_SIZE]
        if len(ids) < PAGE_SIZE and total > len(ranked):
            # Past the ranked window: the remaining matches, newest first.
            rest_offset = max(0, offset - len(ranked))
            ids += _planned(
                matching().exclude(article_id__in=ranked).order_by(*_ORDER)
                .values_list("article_id", flat=True)
                [rest_offset : rest_offset + PAGE_SIZE - len(ids)]
            )
    page.results = _results(ids, parsed)
    return page


# --- Display -------------------------------------------------------------------------------------


def _results_sql(count: int, as_array: bool = False) -> str:
    """The result rows: article, its section and its snippet source, by id (one query).

    `as_array` takes the ids as one array parameter: one statement for any page, which
    PostgreSQL then prepares once per connection (news.page_queries).
    """
    article, section, entry = Article._meta, Section._meta, SearchEntry._meta
    columns = ", ".join(f"a.{article.get_field(name).column}"
                        for name in ("id", "title", "slug", "published_at"))
    return (
        f"SELECT {columns}, s.{section.get_field('slug').column}, "
        f"s.{section.get_field('name').column}, e.{entry.get_field('snippet_text').column} "
        f"FROM {article.db_table} a "
        f"JOIN {section.db_table} s ON s.id = a.{article.get_field('primary_section').column} "
        f"LEFT JOIN {entry.db_table} e ON e.{entry.get_field('article').column} = a.id "
        + ("WHERE a.id = ANY(%s)" if as_array
           else f"WHERE a.id IN ({', '.join(['%s'] * count)})")
    )


def _results(ids: list[int], parsed: ParsedQuery) -> list[Result]:
    """The page's results in `ids` order, with highlighted snippets.

    Hand-written SQL: compiling the equivalent ORM query (select_related, only) and building
    twenty Article instances cost more than the query itself, on every search; the test
    suite checks it gives what the ORM gives.
    """
    if not ids:
        return []
    if page_queries.prepared_statements():
        with page_queries.prepared_cursor() as cursor:
            cursor.execute(_results_sql(len(ids), as_array=True), [list(ids)])
            rows = {row[0]: row for row in cursor.fetchall()}
    else:
        with connection.cursor() as cursor:
            cursor.execute(_results_sql(len(ids)), list(ids))
            rows = {row[0]: row for row in cursor.fetchall()}
    results = []
    for article_id in ids:
        row = rows.get(article_id)
        if row is None:
            continue
        pk, title, slug, published_at, section_slug, section_name, snippet = row
        results.append(Result(
            id=pk,
            title=title,
            url=article_path(section_slug, slug, pk),
            section=section_slug,
            section_name=section_name,
            published_at=aware_datetime(published_at),
            snippet=highlight(snippet or "", parsed),
        ))
    return results


_WORD_CHARS = r"[^\W_]"
SNIPPET_BEFORE = 80
SNIPPET_CHARS = 260


def _mark_pattern(tokens: set[str]) -> re.Pattern[str] | None:
    if not tokens:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))
    return re.compile(rf"(?<!{_WORD_CHARS})(?:{alternatives})(?!{_WORD_CHARS})")


# Characters every haystack form maps one to one, whatever surrounds them (tested): ASCII,
# Latin-1, Latin Extended-A/B but for İ (it lower-cases to two), Vietnamese letters and
# general punctuation. In a text of only these, a prefix ending before a space has the same
# forms as the start of the whole text's forms.
_SIMPLE_TEXT_RE = re.compile("[\x00-\x7f\u00a0-\u012f\u0131-\u024f\u1ea0-\u1ef9\u2000-\u206f]*")
# How much of the snippet source is put in comparable form first.
PREFIX_CHARS = 500


def _exact_form(text: str) -> str:
    return normalize_tone_placement(text).lower().replace("ð", "đ")


def _lower_form(text: str) -> str:
    return text.lower().replace("ð", "đ")


def _placement_free(tokens: set[str]) -> bool:
    """No token holds a vowel pair whose tone mark old and new spelling put differently
    (oa, oe, uy): in an NFC text, tone normalisation then changes nothing they can match."""
    return not any(pair in fold(token) for token in tokens for pair in ("oa", "oe", "uy"))


@functools.lru_cache(maxsize=256)
def _query_patterns(clauses: tuple[Clause, ...], accented: bool) -> tuple[
        re.Pattern[str] | None, bool, re.Pattern[str] | None]:
    """The query's exact pattern (if it has diacritics), whether its words are placement-free,
    and its folded pattern: worked out once per query, not once per snippet."""
    exact = {t for c in clauses for t in c.exact} if accented else set()
    return (_mark_pattern(exact), _placement_free(exact),
            _mark_pattern({t for c in clauses for t in c.folded}))


def _window(text: str, first: int) -> tuple[int, int]:
    """The excerpt [start, end) around a match at `first`, widened to whole words."""
    start = max(0, first - SNIPPET_BEFORE)
    return _cut(text, start, min(len(text), start + SNIPPET_CHARS))


def _matcher(text: str, parsed: ParsedQuery) -> tuple[str, re.Pattern[str]] | None:
    """The comparable form of text and the pattern of query words that occurs in it.

    Exact spellings are preferred when the query has diacritics; folded ones otherwise.
    Tone normalisation and folding keep one character per character for Vietnamese, so
    offsets found in the comparable form fit `text` (checked; else no highlight).

    Only the part the excerpt needs is converted when that is provably the same: the text
    is made of one-to-one characters, the first match and its whole excerpt fall within a
    prefix that ends before a space (the form returned is then that prefix's).
    """
    exact_pattern, placement_free, folded_pattern = _query_patterns(tuple(parsed.clauses),
                                                                    parsed.accented)
    attempts = []
    if exact_pattern is not None:
        # Lower-casing alone is the same form for such words, and several times cheaper.
        same = placement_free and unicodedata.is_normalized("NFC", text)
        attempts.append((_lower_form if same else _exact_form, exact_pattern))
    if folded_pattern is not None:
        attempts.append((fold, folded_pattern))
    cut = text.find(" ", PREFIX_CHARS) if len(text) > PREFIX_CHARS else -1
    if cut > 0 and _SIMPLE_TEXT_RE.fullmatch(text) is None:
        cut = -1
    for make_haystack, pattern in attempts:
        if cut > 0:
            head = make_haystack(text[:cut])
            match = pattern.search(head)
            if match and _window(text, match.start())[1] <= cut:
                return head, pattern
        haystack = make_haystack(text)
        if len(haystack) == len(text) and pattern.search(haystack):
            return haystack, pattern
    return None


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def highlight(text: str, parsed: ParsedQuery) -> str:
    """An HTML-escaped excerpt around the first match with the query words in <mark>."""
    if not text:
        return ""
    found = _matcher(text, parsed)
    start, end = _window(text, found[1].search(found[0]).start() if found else 0)
    out, cursor = [], start
    if found:
        haystack, pattern = found
        for match in pattern.finditer(haystack, start, end):
            out.append(escape(text[cursor:match.start()]))
            out.append(f"<mark>{escape(text[match.start():match.end()])}</mark>")
            cursor = match.end()
    out.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out).strip() + suffix
