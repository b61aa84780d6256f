"""What a reader asked for, checked: the query parsed, the section and dates resolved.

Every parameter a reader can get wrong is refused here with a message they can act on
(HTTP 400), so the rest of the search only ever sees valid values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_content_languages

from core.dates import BadDay, day_end, day_start, parse_day
from news.models import Section
from news.selectors import descendant_ids
from sitesearch.text import ParsedQuery, QueryTooLong, parse_query

SORTS = ("relevance", "newest")
DEFAULT_LANGUAGE = "vi"


def search_languages() -> set[str]:
    """Language codes of the editions (Wagtail's content languages)."""
    return set(get_content_languages())


def active_edition() -> str:
    """The edition of the page being served: the active language when it has one (/km/
    activates Khmer), else the default."""
    language = translation.get_language() or DEFAULT_LANGUAGE
    return language if language in search_languages() else DEFAULT_LANGUAGE


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
    # The edition searched: its articles only (the language of their locale).
    language: str = "vi"


@dataclass
class Checked:
    """Parameters after checking: what the queries are built from."""

    parsed: ParsedQuery
    section_ids: list[int] | None
    start: dt.datetime | None
    end: dt.datetime | None
    sort: str
    page: int
    language: str = "vi"


def _parse_date(value: str, field_name: str) -> dt.date | None:
    if not (value or "").strip():
        return None
    try:
        return parse_day(value)
    except BadDay:
        raise SearchError(field_name,
                          _("Dates are written yyyy-mm-dd, e.g. 2026-03-31.")) from None


def _parse_page(value: str | int) -> int:
    text = str(value if value is not None else "").strip() or "1"
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise SearchError("page", _("The page number must be a whole number from 1."))
    page = int(text)
    if page < 1:
        raise SearchError("page", _("The page number must be a whole number from 1."))
    return page


def check(params: SearchParams) -> Checked:
    """The checked parameters; raises SearchError naming the field to correct."""
    try:
        parsed = parse_query(params.query)
    except QueryTooLong as error:
        raise SearchError("q", _("The search is too long; use a few words.")) from error
    language = (params.language or "").strip() or DEFAULT_LANGUAGE
    if language not in search_languages():
        raise SearchError("lang", _("There is no such edition."))
    section_ids = None
    slug = (params.section or "").strip()
    if slug:
        # Slugs are unique within an edition: the section of the edition searched.
        section = (Section.objects.filter(slug=slug, locale__language_code=language)
                   .only("id").first())
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
    return Checked(
        language=language,
        parsed=parsed,
        section_ids=section_ids,
        start=day_start(day_from) if day_from else None,
        end=day_end(day_to) if day_to else None,
        sort=sort,
        page=_parse_page(params.page),
    )
