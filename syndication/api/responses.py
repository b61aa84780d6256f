"""What every endpoint shares: its router, cache headers, errors, pages (the rate limit is the
API's own, toasoan/api.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import wraps
from typing import TypeVar

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Router
from ninja.errors import HttpError

from core.pagination import BadCursor, parse_cursor
from syndication.api.schemas import ErrorOut, ValidationErrorOut
from syndication.conf import conf

T = TypeVar("T")

# The error answers every endpoint may give, for the OpenAPI schema.
ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}


def make_router(tag: str) -> Router:
    """A router of the API (every endpoint counts against the address's rate limit)."""
    return Router(tags=[tag])


def public_cache(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache-Control: public for successful answers; errors and 429s are never stored."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = run(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True,
                                max_age=int(conf.SYNDICATION_API_MAX_AGE))
        else:
            patch_cache_control(response, no_store=True)
        return response

    return wrapper


def read_cursor(raw: str | None) -> int | None:
    """The id in `after`; a value we never issued is the client's mistake, answered 400."""
    try:
        return parse_cursor(raw)
    except BadCursor as error:
        raise HttpError(400, str(error)) from None


def page(rows: Iterable[T], next_id: int | None, serialize: Callable[[T], dict]) -> dict:
    """A list answer: the serialized rows and the next cursor, an id as a string."""
    return {"items": [serialize(row) for row in rows],
            "next": str(next_id) if next_id is not None else None}


RELATIVE_LINK = re.compile(r'(\s(?:src|href|poster)=")/(?!/)')


def absolute_html(request: HttpRequest, markup: str) -> str:
    """Body HTML with site-relative links made absolute, for use outside the portal."""
    root = request.build_absolute_uri("/")
    return RELATIVE_LINK.sub(lambda m: f"{m.group(1)}{root}", markup)
