"""The public schedule pages (Lịch phát sóng) and the XMLTV export.

Pages are rendered into the cached page shell and kept by nginx until the next slot boundary
(registered in apps.py). A day's rows are built once per content generation; which row is on
now and which is next is worked out on every render from the clock, so the highlight moves at
a boundary without any save.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from broadcast.models import Channel, Episode
from core.caching.memo import shared
from core.caching.shell import render_in_shell
from core.dates import BadDay, parse_day
from schedule import xmltv
from schedule.selectors import day_slots, station_zone, today, week_of

WEEKDAYS = [
    pgettext_lazy("schedule day tab", "Monday"),
    pgettext_lazy("schedule day tab", "Tuesday"),
    pgettext_lazy("schedule day tab", "Wednesday"),
    pgettext_lazy("schedule day tab", "Thursday"),
    pgettext_lazy("schedule day tab", "Friday"),
    pgettext_lazy("schedule day tab", "Saturday"),
    pgettext_lazy("schedule day tab", "Sunday"),
]
KHMER_RE = re.compile("[\u1780-\u17ff]")
# The archive reaches back to 2000; the future as far as a year ahead (nothing is planned
# further, and an endless calendar of empty days is no page to offer crawlers).
FIRST_DAY = dt.date(2000, 1, 1)
DAYS_AHEAD = 366


@dataclass(frozen=True)
class Row:
    """One slot as the page shows it (kept in the shared cache, so plain values only)."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str
    lang: str
    description: str
    programme_name: str
    programme_url: str
    recording_url: str


def channels() -> list[Channel]:
    return shared("schedule:channels", lambda: list(Channel.objects.all()))


def channel_or_404(code: str) -> Channel:
    for channel in channels():
        if channel.code == code:
            return channel
    raise Http404("no such channel")


def title_lang(title: str) -> str:
    """Khmer programmes (STV2) carry Khmer titles: screen readers need lang="km"."""
    return "km" if KHMER_RE.search(title) else ""


def day_rows(channel: Channel, day: dt.date) -> list[Row]:
    slots = day_slots(channel, day)
    episode_ids = {slot.episode_id for slot in slots if slot.episode_id}
    visible = set(Episode.objects.visible().filter(pk__in=episode_ids)
                  .values_list("pk", flat=True)) if episode_ids else set()
    return [Row(starts_at=slot.starts_at, ends_at=slot.ends_at, title=slot.title,
                lang=title_lang(slot.title), description=slot.description,
                programme_name=slot.programme.name if slot.programme else "",
                programme_url=slot.programme.get_absolute_url() if slot.programme else "",
                recording_url=(slot.episode.get_absolute_url()
                               if slot.episode_id in visible else ""))
            for slot in slots]


def index(request: HttpRequest) -> HttpResponse:
    """/lich-phat-song/: the first channel's schedule for today."""
    known = channels()
    if not known:
        raise Http404("no channels")
    return HttpResponseRedirect(reverse("schedule:channel", kwargs={"kenh": known[0].code}))


def channel_today(request: HttpRequest, kenh: str) -> HttpResponse:
    return render_day(request, channel_or_404(kenh), today())


def channel_day(request: HttpRequest, kenh: str, ngay: str) -> HttpResponse:
    channel = channel_or_404(kenh)
    try:
        day = parse_day(ngay)
    except BadDay:
        raise Http404("not a date") from None
    if not FIRST_DAY <= day <= today() + dt.timedelta(days=DAYS_AHEAD):
        raise Http404("outside the schedule's range")
    return render_day(request, channel, day)


def render_day(request: HttpRequest, channel: Channel, day: dt.date) -> HttpResponse:
    rows = shared(f"schedule:day:{channel.pk}:{day.isoformat()}",
                  lambda: day_rows(channel, day))
    now = timezone.now()
    on_now = next((row for row in rows if row.starts_at <= now < row.ends_at), None)
    after = on_now.ends_at if on_now else now
    up_next = next((row for row in rows if row.starts_at >= after), None)
    current_day = today()
    week = week_of(day)
    context = {
        "channel": channel,
        "channels": channels(),
        "day": day,
        "weekday": WEEKDAYS[day.weekday()],
        "is_today": day == current_day,
        "today": current_day,
        "tabs": [{"day": tab, "name": WEEKDAYS[tab.weekday()], "is_today": tab == current_day,
                  "selected": tab == day, "url": day_url(channel, tab)} for tab in week],
        "previous_week": day_url(channel, week[0] - dt.timedelta(days=7))
        if week[0] - dt.timedelta(days=7) >= FIRST_DAY else "",
        "next_week": day_url(channel, week[0] + dt.timedelta(days=7))
        if week[0] + dt.timedelta(days=7) <= current_day + dt.timedelta(days=DAYS_AHEAD) else "",
        "rows": [{"row": row, "local_start": row.starts_at.astimezone(station_zone()),
                  "local_end": row.ends_at.astimezone(station_zone()),
                  "is_now": row is on_now, "is_next": row is up_next,
                  "is_past": row.ends_at <= now} for row in rows],
    }
    return render_in_shell(request, "schedule/day.html", context)


def day_url(channel: Channel, day: dt.date) -> str:
    return reverse("schedule:day", kwargs={"kenh": channel.code, "ngay": day.isoformat()})


def xmltv_export(request: HttpRequest) -> HttpResponse:
    """Every channel from yesterday to a week ahead, for guides and set-top boxes."""
    document = shared(f"schedule:xmltv:{today().isoformat()}",
                      lambda: xmltv.export(request.build_absolute_uri("/")))
    return HttpResponse(document, content_type="application/xml; charset=utf-8")
