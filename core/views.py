"""Error pages in Vietnamese; the 400, 500 and 503 pages render without the database, so they
cannot fail (a 400 may answer a request whose host or parameters Django itself refused)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from core.badinput import InvalidInput
from core.conf import conf

# How long a reader (or a crawler) is asked to wait when a service is down.
RETRY_AFTER_SECONDS = 30


def _outage_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean a service (the database, Redis) cannot be reached right now, or
    gave up for a passing reason (a lock, a restart): worth trying again soon."""
    errors: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
    try:
        import redis
    except ImportError:
        return errors
    return (*errors, redis.ConnectionError, redis.TimeoutError)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponseNotFound(loader.render_to_string("404.html", {}, request=request))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 answer: InvalidInput's own message, or a general one for what Django refused
    (SuspiciousOperation, too many fields...), whose details are not for readers. Under the
    API's paths it is JSON, `{"detail": message, "field": parameter}`."""
    first_page = ""
    if isinstance(exception, InvalidInput):
        message, field = str(exception.message), exception.field
        first_page = exception.first_page
    else:
        message, field = _("The address is not valid. Check it and try again."), ""
    if request.path_info.startswith(tuple(conf.JSON_ERROR_PATHS)):
        response = JsonResponse({"detail": message, "field": field}, status=400,
                                json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponseBadRequest(
            loader.get_template("400.html").render({"message": message,
                                                     "first_page": first_page}))
    patch_cache_control(response, no_store=True)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After when the failure is a service that is down: a reader is
    told to come back soon, and a crawler keeps the page instead of recording an error."""
    failure = sys.exc_info()[1]
    if isinstance(failure, _outage_errors()):
        return service_unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render({}))


def service_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
