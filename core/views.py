"""Error pages in Vietnamese; the 500 and 503 pages render without the database, so they
cannot fail."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader

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
