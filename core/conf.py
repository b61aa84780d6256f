"""Each app's settings with their defaults, in one place per app (its `conf.py`).

Values are read from Django's settings at call time, so a deployment's environment
(toasoan.settings) and tests override them; the default lives only in the app's DEFAULTS.
"""

from __future__ import annotations

from django.conf import settings


class AppSettings:
    """`conf.NAME` is Django's setting NAME when set, else the app's default."""

    def __init__(self, defaults: dict[str, object]) -> None:
        self.defaults = defaults

    def __getattr__(self, name: str):
        if name not in self.defaults:
            raise AttributeError(name)
        return getattr(settings, name, self.defaults[name])


# The content generation and the pages and fragments cached by it (core.caching), and the
# error answers (core.views).
conf = AppSettings({
    # Longest life of a cached page or shared fragment; changes purge at once, this only
    # bounds how far "most read" may drift.
    "EDGE_CACHE_SECONDS": 300,
    # Hear generation changes over Redis pub/sub instead of reading them on every page.
    "EDGE_GENERATION_FEED": True,
    # Requests under these paths (the public API) get a refusal as JSON, not the error page.
    "JSON_ERROR_PATHS": ("/api/",),
})
