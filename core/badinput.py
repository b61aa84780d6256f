"""Input no page can answer: refused with HTTP 400 and a sentence the reader can act on.

`InvalidInput` is Django's BadRequest with a message for the reader; raised anywhere in a
request (a view, a helper, a middleware) it becomes the project's 400 answer (core.views:
the error page, or `{"detail": ...}` under the API), never a 500.

`RefuseUnstorableInput` refuses, before any view runs, the one thing no parameter of ours can
hold and PostgreSQL cannot even compare: a NUL character, in the path or anywhere in the query
string (keys included), whether or not the view reads it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

NUL = "\x00"


class InvalidInput(BadRequest):
    """A request parameter refused with a message for the reader (HTTP 400).

    `field` names the parameter ("path" for the address itself), for API clients;
    `first_page`, when given, is where the error page sends a reader to start the list again.
    """

    def __init__(self, message, field: str = "", first_page: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.first_page = first_page


def refuse_nul(request: HttpRequest) -> None:
    """InvalidInput when the path or the query string holds a NUL character."""
    if NUL in request.path_info:
        raise InvalidInput(_("The address contains a character that is not allowed."), "path")
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            name = key.replace(NUL, "")[:40]
            raise InvalidInput(
                _("The value of “%(name)s” contains a character that is not allowed.")
                % {"name": name}, name)


class RefuseUnstorableInput:
    """Answer 400 to a request carrying NUL characters, before any view or database query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refuse_nul(request)
        return self.get_response(request)
