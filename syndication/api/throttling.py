"""Per-client request limit for the public API: a fixed window counted in the shared cache."""

from __future__ import annotations

import math
import time

from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from syndication.conf import conf

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """"120/min" → (120, 60). A malformed rate is a configuration error, raised loudly."""
    try:
        count, period = rate.split("/", 1)
        number = int(count)
        seconds = PERIODS[period.strip()]
    except (ValueError, KeyError):
        raise ValueError(f"SYNDICATION_API_RATE must look like '120/min', not {rate!r}") from None
    if number < 1:
        raise ValueError("SYNDICATION_API_RATE must allow at least one request")
    return number, seconds


class ClientRateThrottle(BaseThrottle):
    """Counts each client's requests per window with an atomic cache increment (Redis in
    production), so every worker process shares one count; the rate is read per request."""

    def allow_request(self, request: HttpRequest) -> bool:
        limit, period = parse_rate(str(conf.SYNDICATION_API_RATE))
        now = time.time()
        window = int(now // period)
        key = f"syndication:api-rate:{self.get_ident(request)}:{period}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr: start the window again
            cache.set(key, 1, timeout=period + 1)
            count = 1
        return count <= limit

    def wait(self) -> float | None:
        """Seconds to the next window; the same for every client, so no per-request state."""
        limit, period = parse_rate(str(conf.SYNDICATION_API_RATE))
        now = time.time()
        return max(1.0, math.ceil((int(now // period) + 1) * period - now))
