"""The public read API at /api/v1/ (django-ninja, which Wagtail 8 already brings).

Each app contributes a router; add yours with one `api.add_router(...)` line below.
"""

from ninja import NinjaAPI

from schedule.api import router as schedule_router
from sitesearch.api import router as search_router
from syndication.api import articles, most_read, notices, sections, tags

api = NinjaAPI(
    title="toasoan API",
    version="1",
    description="Read-only public API of the news portal.",
    urls_namespace="api_v1",
)

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
