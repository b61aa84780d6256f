"""GET /api/v1/schedule: one channel's day of slots, as JSON."""

from __future__ import annotations

import datetime as dt
import re

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from broadcast.models import Channel
from core.dates import BadDay, parse_day
from core.ratelimit import TooManyOut
from core.visibility import is_visible
from schedule.selectors import day_slots, today

router = Router(tags=["schedule"])
CODE_RE = re.compile(r"^[-a-zA-Z0-9_]{1,20}$")
# The days the API answers for (the pages keep their own, narrower range).
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


class ChannelOut(Schema):
    code: str
    name: str
    kind: str
    language: str


class SlotOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str
    description: str
    programme_code: str
    programme: str | None
    programme_url: str | None
    recording_url: str | None


class ScheduleOut(Schema):
    channel: ChannelOut
    date: dt.date
    slots: list[SlotOut]


class ScheduleErrorOut(Schema):
    """A refusal: `detail` says what is wrong, in Vietnamese; `field` names the parameter."""

    detail: str
    field: str | None = None


@router.get("", response={200: ScheduleOut, 400: ScheduleErrorOut, 404: ScheduleErrorOut,
                          429: TooManyOut},
            url_name="schedule", summary="A channel's schedule for one day")
def channel_schedule(
    request: HttpRequest,
    channel: str = Query(..., description="Channel code, e.g. stv1", max_length=100),
    date: str = Query("", description="Day YYYY-MM-DD in Vietnam time (default: today)",
                      max_length=100),
):
    """Every slot overlapping the local day (Asia/Ho_Chi_Minh), in order. `recording_url`
    links the recording of a slot that has ended, when one is published."""
    if date:
        try:
            day = parse_day(date)
        except BadDay:
            return Status(400, {"detail": _("Write the date as YYYY-MM-DD, e.g. 2026-03-31."),
                                "field": "date"})
        if not FIRST_DAY <= day <= LAST_DAY:
            return Status(400, {"detail": _("The schedule covers the days from %(first)s to "
                                            "%(last)s.") % {"first": FIRST_DAY.isoformat(),
                                                            "last": LAST_DAY.isoformat()},
                                "field": "date"})
    else:
        day = today()
    found = (Channel.objects.filter(code=channel).first()
             if CODE_RE.match(channel) else None)
    if found is None:
        return Status(404, {"detail": _("There is no channel with this code."),
                            "field": "channel"})
    root = request.build_absolute_uri("/").rstrip("/")
    now = dt.datetime.now(dt.UTC)
    slots = [{
        "starts_at": slot.starts_at, "ends_at": slot.ends_at, "title": slot.title,
        "description": slot.description, "programme_code": slot.code,
        "programme": slot.programme.name if slot.programme else None,
        "programme_url": root + slot.programme.get_absolute_url() if slot.programme else None,
        "recording_url": (root + slot.episode.get_absolute_url()
                          if slot.episode is not None and slot.ends_at <= now
                          and is_visible(slot.episode) else None),
    } for slot in day_slots(found, day)]
    return Status(200, {"channel": {"code": found.code, "name": found.name, "kind": found.kind,
                                    "language": found.language},
                        "date": day, "slots": slots})


