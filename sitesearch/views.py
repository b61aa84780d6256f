"""The reader-facing search page, /tim-kiem?q=..."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from core.ratelimit import exceeded, too_many_message
from news.selectors import edition_sections
from sitesearch.conf import conf
from sitesearch.episodes import episode_matches
from sitesearch.params import active_edition
from sitesearch.search import SearchError, SearchParams, search


def search_page(request: HttpRequest, language: str | None = None) -> HttpResponse:
    """The search of one edition, its articles only: `language` when the route gives it,
    else the edition of the address (/km/tim-kiem is Khmer's)."""
    get = request.GET
    wait = exceeded(request, "search", str(conf.SEARCH_RATE))  # shared with /api/v1/search
    params = SearchParams(
        query=get.get("q", ""), section=get.get("section", ""), date_from=get.get("from", ""),
        date_to=get.get("to", ""), sort=get.get("sort", "relevance"), page=get.get("page", "1"),
        language=language or active_edition(),
    )
    context = {
        "search_query": params.query,
        "params": params,
        "sections": edition_sections(),
    }
    status = 200
    if wait is not None:
        context["error"] = too_many_message(wait)
        response = render(request, "sitesearch/search.html", context, status=429)
        response["Retry-After"] = str(wait)
        response["Cache-Control"] = "no-store"
        return response
    try:
        found = search(params)
    except SearchError as error:
        context["error"] = error.message
        status = 400
    else:
        context["found"] = found
        context["episodes"] = episode_matches(params.query) if found.page == 1 else []
        keep = {key: value for key, value in (
            ("q", params.query), ("section", params.section), ("from", params.date_from),
            ("to", params.date_to), ("sort", params.sort if params.sort != "relevance" else ""),
        ) if value}
        if found.has_previous:
            context["previous_url"] = "?" + urlencode({**keep, "page": found.page - 1})
        if found.has_next:
            context["next_url"] = "?" + urlencode({**keep, "page": found.page + 1})
    return render(request, "sitesearch/search.html", context, status=status)
