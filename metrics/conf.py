"""View count settings with their defaults (see core.conf)."""

from core.conf import AppSettings

conf = AppSettings({
    # Redis that buffers views counted by Django's own beacon; empty: straight to the database.
    "METRICS_REDIS_URL": "",
    # Seconds between flushes of that buffer: a Redis restart loses at most this interval.
    "METRICS_FLUSH_SECONDS": 1.0,
    # Views one address (an IPv6 line: its /64) may add to one article in one clock minute,
    # however many client cookies it invents. Mobile carriers put many readers behind one
    # address (CGNAT): see docs/caching-and-views.md for why 30.
    "METRICS_VIEWS_PER_ADDRESS_MINUTE": 30,
})


def views_per_address_minute() -> int:
    value = int(conf.METRICS_VIEWS_PER_ADDRESS_MINUTE)
    if value < 1:
        raise ValueError("METRICS_VIEWS_PER_ADDRESS_MINUTE must allow at least one view")
    return value
