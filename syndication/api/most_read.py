"""/most-read: the visible articles with the most views in the last day or seven days."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Status
from ninja.decorators import decorate_view

from metrics.selectors import most_read
from syndication.api.articles import article_summary
from syndication.api.responses import ERRORS, make_router, public_cache
from syndication.api.schemas import LANG, ArticleSummary, Edition

router = make_router("articles")


@router.get("", response={200: list[ArticleSummary], **ERRORS},
            summary="Most read articles of the last day or week")
@decorate_view(public_cache)
def list_most_read(request: HttpRequest, period: Literal["day", "week"] = "day",
                   limit: int = Query(10, ge=1, le=50), lang: Edition = LANG):
    """Counted from the per-day view table, so "day" and "week" are views in that window;
    one edition's articles."""
    return Status(200, [article_summary(request, a)
                        for a in most_read(period=period, limit=limit, language=lang)])
