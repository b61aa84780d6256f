"""What every endpoint shares: its router, cache headers, errors, pages (the rate limit is the
API's own, toasoan/api.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import wraps
from typing import TypeVar

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import ValidationError

from core.badinput import InvalidInput
from core.pagination import BadCursor, parse_cursor
from syndication.api.schemas import ErrorOut
from syndication.conf import conf

T = TypeVar("T")

# The error answers every endpoint may give, for the OpenAPI schema.
ERRORS = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


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
        raise InvalidInput(error.args[0], "after") from None


def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A parameter outside what the schema allows (a number out of range, a malformed date, a
    value not in the list): 400 with a Vietnamese sentence naming the first one, as every
    other refusal; `errors` keeps the validator's own details for developers."""
    errors = [{"type": str(error.get("type", "")), "loc": [str(part) for part in
                                                           error.get("loc", ())],
               "msg": str(error.get("msg", ""))} for error in exc.errors]
    first = errors[0] if errors else {"type": "", "loc": []}
    name = first["loc"][-1] if first["loc"] else ""
    if first["type"] == "missing":
        message = _("The parameter “%(name)s” is required.") % {"name": name}
    else:
        message = _("The value of “%(name)s” is not valid: see the API documentation at "
                    "/api/v1/docs.") % {"name": name}
    response = JsonResponse({"detail": message, "field": name, "errors": errors}, status=400,
                            json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, no_store=True)
    return response


def page(rows: Iterable[T], next_id: int | None, serialize: Callable[[T], dict]) -> dict:
    """A list answer: the serialized rows and the next cursor, an id as a string."""
    return {"items": [serialize(row) for row in rows],
            "next": str(next_id) if next_id is not None else None}


RELATIVE_LINK = re.compile(r'(\s(?:src|href|poster)=")/(?!/)')


def absolute_html(request: HttpRequest, markup: str) -> str:
    """Body HTML with site-relative links made absolute, for use outside the portal."""
    root = request.build_absolute_uri("/")
    return RELATIVE_LINK.sub(lambda m: f"{m.group(1)}{root}", markup)
