"""The demo week of schedule: three channels, programmes with codes, idempotent."""

from __future__ import annotations

import pytest

from broadcast.models import Channel, Programme
from demo.demo_content import load_schedule
from schedule.models import Slot
from schedule.selectors import day_slots, today, week_of

pytestmark = pytest.mark.django_db


def test_a_week_for_each_channel_created_once():
    Channel.objects.create(code="stv1", name="STV1", sort_order=1)  # as load() makes it
    created = load_schedule()
    assert created == Slot.objects.count() > 0
    radio = Channel.objects.get(code="radio")
    assert radio.name == "Phát thanh Sóc Trăng" and radio.kind == Channel.Kind.RADIO
    for code in ("stv1", "stv2", "radio"):
        channel = Channel.objects.get(code=code)
        assert all(day_slots(channel, day) for day in week_of(today())), code
    assert Programme.objects.get(code="KM-TS").language == "km"
    assert Slot.objects.filter(programme__code="NN").exists()
    assert Slot.objects.filter(programme__code="PT-TC", channel=radio).exists()
    assert load_schedule() == 0 and Slot.objects.count() == created
