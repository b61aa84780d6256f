"""Syndication settings with their defaults (see core.conf); override any in Django settings."""

from core.conf import AppSettings

DEFAULTS: dict[str, object] = {
    # Items in each RSS feed.
    "SYNDICATION_FEED_ITEMS": 50,
    # Article ids per sitemap file; each file therefore holds at most this many URLs (≤ 50,000).
    "SYNDICATION_SITEMAP_CHUNK": 10_000,
    # Google News sitemap: how far back, and at most how many URLs (Google reads 1,000).
    "SYNDICATION_NEWS_HOURS": 48,
    "SYNDICATION_NEWS_LIMIT": 1000,
    # Seconds the sitemap index and its per-file summaries stay cached.
    "SYNDICATION_SITEMAP_CACHE_SECONDS": 600,
    # Public API: requests allowed per client ("<count>/<s|min|hour|day>") and cache lifetime.
    "SYNDICATION_API_RATE": "120/min",
    "SYNDICATION_API_MAX_AGE": 60,
    # Publisher logo for schema.org (a static path or an absolute URL).
    "SYNDICATION_PUBLISHER_LOGO": "syndication/publisher-logo.png",
    # Publication name and language in the Google News sitemap (empty name: station settings).
    "SYNDICATION_NEWS_PUBLICATION_NAME": "",
    "SYNDICATION_NEWS_LANGUAGE": "vi",
}

conf = AppSettings(DEFAULTS)
