"""Error pages in Vietnamese; the 400 and 500 pages render without the database, so they
cannot fail (a 400 may answer a request whose host or parameters Django itself refused)."""

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
    return HttpResponseServerError(loader.get_template("500.html").render({}))
