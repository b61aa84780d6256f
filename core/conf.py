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


# The content generation and the pages and fragments cached by it (core.caching).
conf = AppSettings({
    # Longest life of a cached page or shared fragment; changes purge at once, this only
    # bounds how far "most read" may drift.
    "EDGE_CACHE_SECONDS": 300,
    # Hear generation changes over Redis pub/sub instead of reading them on every page.
    "EDGE_GENERATION_FEED": True,
    # Peers whose X-Real-IP header is the reader's address (core.clients): nginx on this
    # machine. A list of addresses or networks, or one comma-separated string.
    "TOASOAN_TRUSTED_PROXIES": ("127.0.0.1", "::1"),
})
