"""Reading the schedule: a channel's day, what is on now and next, the next slot boundary."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from broadcast.models import Channel
from schedule.models import Slot


def station_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Local midnight to midnight (Asia/Ho_Chi_Minh), as aware datetimes."""
    zone = station_zone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return start, start + dt.timedelta(days=1)


def day_slots(channel: Channel, day: dt.date) -> list[Slot]:
    """Every slot that overlaps the local day, in order."""
    start, end = day_bounds(day)
    return list(Slot.objects.filter(channel=channel, starts_at__lt=end, ends_at__gt=start)
                .select_related("programme", "episode").order_by("starts_at"))


def now_and_next(channel: Channel, at: dt.datetime | None = None) -> tuple[Slot | None,
                                                                           Slot | None]:
    """The slot on air at `at` (None between slots) and the one after it."""
    at = at or timezone.now()
    current = (Slot.objects.filter(channel=channel, starts_at__lte=at, ends_at__gt=at)
               .select_related("programme", "episode").first())
    following = (Slot.objects.filter(channel=channel, starts_at__gte=current.ends_at
                                     if current else at)
                 .select_related("programme").order_by("starts_at").first())
    return current, following


def next_boundary(now: dt.datetime) -> dt.datetime | None:
    """The next moment any channel's now/next changes: pages showing them expire then."""
    starts = (Slot.objects.filter(starts_at__gt=now).order_by("starts_at")
              .values_list("starts_at", flat=True).first())
    ends = (Slot.objects.filter(ends_at__gt=now).order_by("ends_at")
            .values_list("ends_at", flat=True).first())
    moments = [moment for moment in (starts, ends) if moment is not None]
    return min(moments) if moments else None


def today() -> dt.date:
    """The station's calendar day now (Asia/Ho_Chi_Minh)."""
    return timezone.now().astimezone(station_zone()).date()


def week_of(day: dt.date) -> list[dt.date]:
    """Monday to Sunday of the week holding `day`: the day tabs of the schedule page."""
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=offset) for offset in range(7)]


def range_slots(start: dt.datetime, end: dt.datetime,
                channels: list[Channel] | None = None) -> list[Slot]:
    """Every slot overlapping [start, end), by channel then time (the XMLTV export)."""
    slots = Slot.objects.filter(starts_at__lt=end, ends_at__gt=start)
    if channels is not None:
        slots = slots.filter(channel__in=channels)
    return list(slots.select_related("channel", "programme", "episode")
                .order_by("channel__sort_order", "channel__code", "starts_at"))
