"""Channels with a schedule around the present moment, and demo streams made by ffmpeg."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import require_service


@pytest.fixture
def channels(db):
    """STV1 on air with a local demo stream, the radio likewise, STV2 off air.

    STV1 airs "Thời sự trưa" until 90 s from now, then "Nông nghiệp xanh"; slot boundaries
    are on whole minutes so the page cache's expiry can be checked.
    """
    from broadcast.models import Channel
    from schedule.models import Slot

    stv1 = Channel.objects.create(code="stv1", name="STV1", kind="tv", sort_order=1,
                                  stream_url="/truc-tuyen/stv1/live.m3u8")
    radio = Channel.objects.create(code="radio", name="Phát thanh Sóc Trăng", kind="radio",
                                   sort_order=3, stream_url="/truc-tuyen/radio/live.m3u8")
    stv2 = Channel.objects.create(code="stv2", name="STV2", kind="tv", sort_order=2,
                                  stream_url="https://live.example.vn/stv2.m3u8", on_air=False)
    now = timezone.now().replace(microsecond=0)
    boundary = now + timedelta(seconds=90)
    slots = {
        "morning": Slot.objects.create(channel=stv1, title="Chào buổi sáng",
                                       starts_at=now - timedelta(hours=3),
                                       ends_at=now - timedelta(hours=1)),
        "current": Slot.objects.create(channel=stv1, title="Thời sự trưa",
                                       starts_at=now - timedelta(hours=1), ends_at=boundary),
        "next": Slot.objects.create(channel=stv1, title="Nông nghiệp xanh", starts_at=boundary,
                                    ends_at=boundary + timedelta(minutes=30)),
        "radio": Slot.objects.create(channel=radio, title="Âm nhạc quê hương",
                                     starts_at=now - timedelta(minutes=10),
                                     ends_at=now + timedelta(hours=2)),
    }
    return {"stv1": stv1, "radio": radio, "stv2": stv2, "slots": slots, "boundary": boundary}


@pytest.fixture
def demo_streams(channels, settings, tmp_path):
    """Four-second loops of STV1 and the radio, encoded by make_demo_streams into a scratch
    MEDIA_ROOT."""
    require_service(shutil.which("ffmpeg") is not None, "ffmpeg (apt-get install ffmpeg)")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("make_demo_streams", "--seconds", "6")
    return tmp_path / "media" / "live"
