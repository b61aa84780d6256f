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


# How dates and numbers read in each edition (core.templatetags.portal: vi_date, vi_number,
# clock, day_month). Vietnamese: 07/12/2026 14:30, 2.345. Khmer (docs/khmer.md): Khmer digits
# and month names, day month year: ៧ ធ្នូ ២០២៦ ម៉ោង ១៤:៣០, ២.៣៤៥.
KHMER = "km"
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
KHMER_MONTHS = ("មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា", "កក្កដា", "សីហា", "កញ្ញា",
                "តុលា", "វិច្ឆិកា", "ធ្នូ")
KHMER_HOUR = "ម៉ោង"


def local_digits(text: str, language: str) -> str:
    """`text` with its ASCII digits in the edition's script (Khmer digits in Khmer)."""
    return text.translate(KHMER_DIGITS) if language == KHMER else text


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_day(value: dt.date | dt.datetime, language: str, with_time: bool = False) -> str:
    """A day (and its time) as readers of `language` write it, in the station's time zone."""
    value = _local(value)
    with_time = with_time and isinstance(value, dt.datetime)
    if language == KHMER:
        text = f"{value.day} {KHMER_MONTHS[value.month - 1]} {value.year}"
        if with_time:
            text += f" {KHMER_HOUR} {value:%H:%M}"
        return local_digits(text, language)
    return value.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


def format_day_month(value: dt.date | dt.datetime, language: str) -> str:
    """A day of the current weeks, without its year: 07/12, or ៧ ធ្នូ."""
    value = _local(value)
    if language == KHMER:
        return local_digits(f"{value.day} {KHMER_MONTHS[value.month - 1]}", language)
    return value.strftime("%d/%m")


def format_clock(value: dt.datetime | dt.time, language: str) -> str:
    """A time of day, 24-hour: 14:30, or ១៤:៣០."""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return local_digits(value.strftime("%H:%M"), language)


def format_count(count: int, language: str) -> str:
    """A whole number with "." between thousands (both editions): 2.345, or ២.៣៤៥."""
    return local_digits(f"{count:,}".replace(",", "."), language)
