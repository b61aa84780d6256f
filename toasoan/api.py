"""The public read API at /api/v1/ (django-ninja, which Wagtail 8 already brings).

Each app contributes a router; add yours with one `api.add_router(...)` line below.
"""

from ninja import NinjaAPI

api = NinjaAPI(
    title="toasoan API",
    version="1",
    description="Read-only public API of the news portal.",
    urls_namespace="api_v1",
)

# syndication: the public read API (articles, most read, sections, tags, notices).
from syndication import api as syndication_api  # noqa: E402

api.add_router("/articles", syndication_api.articles_router)
api.add_router("/most-read", syndication_api.most_read_router)
api.add_router("/sections", syndication_api.sections_router)
api.add_router("/tags", syndication_api.tags_router)
api.add_router("/announcements", syndication_api.announcements_router)
api.add_router("/documents", syndication_api.documents_router)
