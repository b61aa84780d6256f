"""Per-address request limits, counted in the shared cache (django-ratelimit's counters).

A limit is a group name and a rate such as ``"120/min"``; every process counts into the same
window in the cache (Redis in production), keyed on the reader's address as nginx saw it
(``core.clientip``). The window is fixed per address, and a refused request learns how many
seconds are left in it, for ``Retry-After``. A cache outage lets requests through: a limit
must never take the site down with it.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable

from django.http import HttpRequest
from django.utils.translation import gettext
from django_ratelimit.core import get_usage
from ninja import Schema
from ninja.throttling import BaseThrottle

from core.clientip import address_key, client_address

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """"120/min" → (120, 60). A malformed rate is a configuration error, raised loudly."""
    try:
        count, period = str(rate).split("/", 1)
        number = int(count)
        seconds = PERIODS[period.strip()]
    except (ValueError, KeyError):
        raise ValueError(f"a rate must look like '120/min', not {rate!r}") from None
    if number < 1:
        raise ValueError(f"a rate must allow at least one request, not {rate!r}")
    return number, seconds


def _address(group: str, request: HttpRequest) -> str:
    return address_key(client_address(request))


def exceeded(request: HttpRequest, group: str, rate: str) -> int | None:
    """Count this request in `group`; None while the address is within `rate`, else the whole
    seconds (at least 1) until its window ends."""
    limit = parse_rate(rate)
    try:
        usage = get_usage(request, group=group, key=_address, rate=limit, increment=True)
    except Exception:  # the cache is down: serve the request, say so in the log
        logger.warning("rate limit %s not counted: the cache is unavailable", group,
                       exc_info=True)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, math.ceil(usage["time_left"]))


class TooManyOut(Schema):
    """The API's 429 answer (its Retry-After header gives the same seconds)."""

    detail: str


def too_many_message(seconds: int) -> str:
    """What a refused reader is told (Vietnamese through the catalogue)."""
    return gettext("Too many requests from your address. Please try again in %(seconds)d "
                   "seconds.") % {"seconds": seconds}


class RateThrottle(BaseThrottle):
    """A django-ninja throttle for one limit group; `rate` is read on every request, so a
    setting changed in tests or by the environment applies at once."""

    def __init__(self, group: str, rate: Callable[[], str]) -> None:
        self.group = group
        self.rate = rate
        self._refused = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        self._refused.seconds = exceeded(request, self.group, self.rate())
        return self._refused.seconds is None

    def wait(self) -> float | None:
        return getattr(self._refused, "seconds", None)
