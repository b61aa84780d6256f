"""The public read API at /api/v1/ (django-ninja, which Wagtail 8 already brings).

Each app contributes a router; add yours with one `api.add_router(...)` line below.
"""

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import Throttled, ValidationError

from core.ratelimit import RateThrottle, too_many_message
from core.views import bad_request
from schedule.api import router as schedule_router
from sitesearch.api import router as search_router
from sitesearch.conf import conf as search_conf
from syndication.api import articles, most_read, notices, sections, tags
from syndication.api.responses import validation_error
from syndication.conf import conf as syndication_conf

# Every endpoint counts against the address's API allowance; searches also against the search
# allowance that /tim-kiem shares (core.ratelimit, keyed on the address nginx saw).
API_LIMIT = RateThrottle("api", lambda: str(syndication_conf.SYNDICATION_API_RATE))
SEARCH_LIMIT = RateThrottle("search", lambda: str(search_conf.SEARCH_RATE))

api = NinjaAPI(
    title="toasoan API",
    version="1",
    description="Read-only public API of the news portal.",
    urls_namespace="api_v1",
    throttle=[API_LIMIT],
)
# Every refusal is a 400 with a Vietnamese `detail`: a parameter the schema rejects, input
# refused in code (core.badinput.InvalidInput, a bad cursor) and what Django refuses (too many
# parameters), as the project's 400 handler answers under /api/.
api.add_exception_handler(ValidationError, validation_error)
api.add_exception_handler(BadRequest, bad_request)
api.add_exception_handler(SuspiciousOperation, bad_request)


@api.exception_handler(Throttled)
def too_many_requests(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """429 with the wait in words; django-ninja adds Retry-After from the same number."""
    seconds = int(exc.wait or 1)
    response = api.create_response(request, {"detail": too_many_message(seconds)}, status=429)
    response["Cache-Control"] = "no-store"
    return response


# syndication: articles, most read, sections, tags, notices.
api.add_router("/articles", articles.router)
api.add_router("/most-read", most_read.router)
api.add_router("/sections", sections.router)
api.add_router("/tags", tags.router)
api.add_router("/announcements", notices.announcements_router)
api.add_router("/documents", notices.documents_router)
# sitesearch: /search.
api.add_router("/search", search_router, throttle=[API_LIMIT, SEARCH_LIMIT])
# schedule: /schedule (a channel's day).
api.add_router("/schedule", schedule_router)
