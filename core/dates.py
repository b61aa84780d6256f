"""Days read from readers' addresses, and the moments they stand for.

Every public parameter that names a day (the search's from/to, the API's date_from/date_to and
the schedule's day) is read by `parse_day`, and turned into a time bound by `day_start` or
`day_end`. Python's dates run from year 1 to 9999, but the local midnight of 0001-01-01 is
before year 1 in UTC, and the day after 9999-12-31 does not exist: the bounds are clamped to
a range every database and time zone can hold, which changes no answer (nothing is published
before 1900 or after 9000).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

# Only the form YYYY-MM-DD with ASCII digits: date.fromisoformat also takes "20240101" and
# week dates, and \d would take any script's digits.
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(9000, 12, 31)


class BadDay(ValueError):
    """Not a calendar day written YYYY-MM-DD."""


def parse_day(text: str) -> dt.date:
    """The day `text` names (surrounding spaces ignored); BadDay for anything else."""
    text = (text or "").strip()
    if not ISO_DAY.fullmatch(text):
        raise BadDay(text)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # 2024-02-30, 2024-13-01, 0000-01-01
        raise BadDay(text) from None


def _clamped(day: dt.date) -> dt.date:
    return min(max(day, EARLIEST), LATEST)


def day_start(day: dt.date) -> dt.datetime:
    """The local midnight that begins `day` (clamped to EARLIEST..LATEST), time-zone aware."""
    return timezone.make_aware(dt.datetime.combine(_clamped(day), dt.time.min))


def day_end(day: dt.date) -> dt.datetime:
    """The local midnight that ends `day`: an exclusive upper bound, never past the calendar."""
    return day_start(_clamped(day) + dt.timedelta(days=1))
