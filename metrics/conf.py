"""View count settings with their defaults (see core.conf)."""

from core.conf import AppSettings

conf = AppSettings({
    # Redis that buffers views counted by Django's own beacon; empty: straight to the database.
    "METRICS_REDIS_URL": "",
    # Seconds between flushes of that buffer: a Redis restart loses at most this interval.
    "METRICS_FLUSH_SECONDS": 1.0,
})
