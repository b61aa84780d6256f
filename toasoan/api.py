"""The public read API at /api/v1/ (django-ninja, which Wagtail 8 already brings).

Each app contributes a router; add yours with one `api.add_router(...)` line below.
"""

from ninja import NinjaAPI

from sitesearch.api import router as search_router

api = NinjaAPI(
    title="toasoan API",
    version="1",
    description="Read-only public API of the news portal.",
    urls_namespace="api_v1",
)
api.add_router("/search", search_router)
