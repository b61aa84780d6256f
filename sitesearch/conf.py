"""Every setting of the search, with its default, read in this one place.

Django settings (environment-driven in toasoan/settings) override the defaults; the rest of
the app asks these functions instead of reading `settings` itself, so a default is never
written twice.
"""

from __future__ import annotations

from django.conf import settings

from core.conf import AppSettings

# Results a page shows, and the deepest page served (readers narrow the search instead).
PAGE_SIZE = 20
MAX_PAGE = 500

conf = AppSettings({
    # The newest matches each ranking window holds.
    "SEARCH_CANDIDATES": 50,
    # Where counting stops: ten pages ("Hơn 200 kết quả"); readers narrow by section or date
    # beyond that, and every search costs in proportion to both numbers.
    "SEARCH_TOTAL_CAP": 200,
    # Result-page cache seconds; None: DEFAULT_SHARED_CACHE_SECONDS with Redis, else 0.
    "SEARCH_CACHE_SECONDS": None,
    # Searches per address ("<count>/<s|min|hour|day>"), the page and the API together.
    "SEARCH_RATE": "60/min",
})
# Result-page cache seconds when SEARCH_CACHE_SECONDS is unset: only with a cache shared by
# every worker (Redis); a per-process cache would serve workers different answers.
DEFAULT_SHARED_CACHE_SECONDS = 60


def candidates_per_set() -> int:
    """SEARCH_CANDIDATES: the newest matches each ranking window holds."""
    return int(conf.SEARCH_CANDIDATES)


def total_cap() -> int:
    """SEARCH_TOTAL_CAP: where counting stops ("more than 200 results")."""
    return int(conf.SEARCH_TOTAL_CAP)


def cache_seconds() -> int:
    """SEARCH_CACHE_SECONDS: how long a result page may be kept (0: not cached)."""
    configured = conf.SEARCH_CACHE_SECONDS
    if configured is not None:
        return int(configured)
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return DEFAULT_SHARED_CACHE_SECONDS if "redis" in backend.lower() else 0
