"""GET /api/v1/search: the same search as /tim-kiem, as JSON."""

from __future__ import annotations

import datetime as dt
import json

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status

from core.ratelimit import TooManyOut
from sitesearch.search import SearchError, SearchParams, search

router = Router(tags=["search"])


class SearchResultOut(Schema):
    id: int
    title: str
    url: str
    section: str
    published_at: dt.datetime
    snippet: str


class SearchOut(Schema):
    total: int
    total_is_capped: bool
    page: int
    has_next: bool
    results: list[SearchResultOut]


class SearchErrorOut(Schema):
    """A refusal, as every API error: `detail` in Vietnamese and the parameter at fault in
    `field`; `error` repeats `detail` for clients written before it existed."""

    detail: str
    field: str | None = None
    error: str | None = None


@router.get("", response={200: SearchOut, 400: SearchErrorOut, 429: TooManyOut},
            url_name="search")
def search_articles(
    request: HttpRequest,
    q: str = "",
    section: str = "",
    date_from: str = Query("", alias="from"),
    date_to: str = Query("", alias="to"),
    sort: str = "relevance",
    page: str = "1",
    lang: str = "vi",
):
    """Articles matching `q`, best first (or newest first with sort=newest), 20 a page.

    `total` stops counting at SEARCH_TOTAL_CAP, 200 by default (`total_is_capped`);
    `snippet` is HTML-escaped text with the matched words wrapped in `<mark>`.
    `lang` picks the edition searched (`vi`, the default, or `km`): its articles only.
    """
    params = SearchParams(query=q, section=section, date_from=date_from, date_to=date_to,
                          sort=sort, page=page, language=lang)
    try:
        found = search(params)
    except SearchError as error:
        message = str(error.message)
        return Status(400, {"detail": message, "field": error.field, "error": message})
    return HttpResponse(page_json(found), content_type="application/json; charset=utf-8")


def page_json(found) -> str:
    """SearchOut as JSON, written directly: validating twenty results field by field through
    the schema costs more than it is worth (a test checks the schema reads it back unchanged)."""
    return json.dumps(page_data(found), ensure_ascii=False, separators=(",", ":"),
                      default=_iso_datetime)


def _iso_datetime(value) -> str:
    if not isinstance(value, dt.datetime):
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text  # as pydantic writes UTC


def page_data(found) -> dict:
    return {
        "total": found.total,
        "total_is_capped": found.total_is_capped,
        "page": found.page,
        "has_next": found.has_next,
        "results": [
            {"id": r.id, "title": r.title, "url": r.url, "section": r.section,
             "published_at": r.published_at, "snippet": r.snippet}
            for r in found.results
        ],
    }
