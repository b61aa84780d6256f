"""The public read API at /api/v1/ (django-ninja, which Wagtail 8 already brings).

Each app contributes a router; add yours with one `api.add_router(...)` line below.
"""

from django.core.exceptions import BadRequest, SuspiciousOperation
from ninja import NinjaAPI
from ninja.errors import ValidationError

from core.views import bad_request
from schedule.api import router as schedule_router
from sitesearch.api import router as search_router
from syndication.api import articles, most_read, notices, sections, tags
from syndication.api.responses import validation_error

api = NinjaAPI(
    title="toasoan API",
    version="1",
    description="Read-only public API of the news portal.",
    urls_namespace="api_v1",
)
# Every refusal is a 400 with a Vietnamese `detail`: a parameter the schema rejects, input
# refused in code (core.badinput.InvalidInput, a bad cursor) and what Django refuses (too many
# parameters), as the project's 400 handler answers under /api/.
api.add_exception_handler(ValidationError, validation_error)
api.add_exception_handler(BadRequest, bad_request)
api.add_exception_handler(SuspiciousOperation, bad_request)

# syndication: articles, most read, sections, tags, notices.
api.add_router("/articles", articles.router)
api.add_router("/most-read", most_read.router)
api.add_router("/sections", sections.router)
api.add_router("/tags", tags.router)
api.add_router("/announcements", notices.announcements_router)
api.add_router("/documents", notices.documents_router)
# sitesearch: /search.
api.add_router("/search", search_router)
# schedule: /schedule (a channel's day).
api.add_router("/schedule", schedule_router)
