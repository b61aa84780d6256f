"""The public schedule pages (Lịch phát sóng) and the XMLTV export.

Pages are rendered into the cached page shell and kept by nginx until the next slot boundary
(registered in apps.py). A day's slots are rendered once per content generation, each in its
four states (on now, up next, past, later); which slot is on now and which is next is worked
out on every render from the clock, so the highlight moves at a boundary without any save.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy

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
    """The day's slots as the active language's edition shows them (Khmer titles on /km/)."""
    language = get_language()
    slots = day_slots(channel, day)
    episode_ids = {slot.episode_id for slot in slots if slot.episode_id}
    visible = set(Episode.objects.visible().filter(pk__in=episode_ids)
                  .values_list("pk", flat=True)) if episode_ids else set()
    rows = []
    for slot in slots:
        title = slot.title_for(language)
        rows.append(Row(
            starts_at=slot.starts_at, ends_at=slot.ends_at, title=title,
            lang=title_lang(title), description=slot.description,
            programme_name=slot.programme.title_for(language) if slot.programme else "",
            programme_url=slot.programme.get_absolute_url() if slot.programme else "",
            recording_url=(slot.episode.get_absolute_url()
                           if slot.episode_id in visible else "")))
    return rows


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


# A slot is shown in one of four states; each is rendered once per content generation.
SLOT_STATES = ("now", "next", "past", "later")


@dataclass(frozen=True)
class RenderedSlot:
    """A slot's times and its list item, rendered in each state (shared cache: plain values)."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    html: dict[str, str]


def rendered_slots(channel: Channel, day: dt.date) -> list[RenderedSlot]:
    """The day's list items in every state, so a page render only picks one per slot."""
    zone = station_zone()
    slots = []
    for row in day_rows(channel, day):
        context = {"row": row, "local_start": row.starts_at.astimezone(zone),
                   "local_end": row.ends_at.astimezone(zone)}
        slots.append(RenderedSlot(
            starts_at=row.starts_at, ends_at=row.ends_at,
            html={state: render_to_string("schedule/includes/slot.html",
                                          {**context, "state": state})
                  for state in SLOT_STATES}))
    return slots


def day_navigation(channel: Channel, day: dt.date, current_day: dt.date) -> str:
    """The channel links, the week's day tabs and the week links (they change with the day)."""
    week = week_of(day)
    earlier, later = week[0] - dt.timedelta(days=7), week[0] + dt.timedelta(days=7)
    return render_to_string("schedule/includes/day_nav.html", {
        "channel": channel, "channels": channels(), "is_today": day == current_day,
        "tabs": [{"day": tab, "name": WEEKDAYS[tab.weekday()], "is_today": tab == current_day,
                  "selected": tab == day, "url": day_url(channel, tab)} for tab in week],
        "previous_week": day_url(channel, earlier) if earlier >= FIRST_DAY else "",
        "next_week": day_url(channel, later)
        if later <= current_day + dt.timedelta(days=DAYS_AHEAD) else "",
    })


def slot_state(slot: RenderedSlot, now: dt.datetime, on_now: RenderedSlot | None,
               up_next: RenderedSlot | None) -> str:
    if slot is on_now:
        return "now"
    if slot is up_next:
        return "next"
    return "past" if slot.ends_at <= now else "later"


def render_day(request: HttpRequest, channel: Channel, day: dt.date) -> HttpResponse:
    """The day page. Its slots and navigation are rendered once per content generation (and
    language); which slot is on now and next is worked out from the clock on every render."""
    language = get_language()
    current_day = today()
    slots = shared(f"schedule:day:{language}:{channel.pk}:{day.isoformat()}",
                   lambda: rendered_slots(channel, day))
    navigation = shared(
        f"schedule:nav:{language}:{channel.pk}:{day.isoformat()}:{current_day.isoformat()}",
        lambda: day_navigation(channel, day, current_day))
    now = timezone.now()
    on_now = next((slot for slot in slots if slot.starts_at <= now < slot.ends_at), None)
    after = on_now.ends_at if on_now else now
    up_next = next((slot for slot in slots if slot.starts_at >= after), None)
    context = {
        "channel": channel,
        "day": day,
        "weekday": WEEKDAYS[day.weekday()],
        "navigation": mark_safe(navigation),  # rendered by day_navigation's template
        "rows": [mark_safe(slot.html[slot_state(slot, now, on_now, up_next)])
                 for slot in slots],
    }
    return render_in_shell(request, "schedule/day.html", context)


def day_url(channel: Channel, day: dt.date) -> str:
    return reverse("schedule:day", kwargs={"kenh": channel.code, "ngay": day.isoformat()})


def xmltv_export(request: HttpRequest) -> HttpResponse:
    """Every channel from yesterday to a week ahead, for guides and set-top boxes."""
    document = shared(f"schedule:xmltv:{today().isoformat()}",
                      lambda: xmltv.export(request.build_absolute_uri("/")))
    return HttpResponse(document, content_type="application/xml; charset=utf-8")
