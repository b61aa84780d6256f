"""Newsroom settings with their defaults (see core.conf)."""

from core.conf import AppSettings

MINIMUM_RETENTION_DAYS = 365  # legal deposit: twelve months

conf = AppSettings({
    # Every published version of an article is kept at least this long.
    "NEWSROOM_RETENTION_DAYS": MINIMUM_RETENTION_DAYS,
    # An urgent takedown clears the whole cache so no cached page or feed keeps the article.
    "NEWSROOM_TAKEDOWN_CLEARS_CACHE": True,
})
