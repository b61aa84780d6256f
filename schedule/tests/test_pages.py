"""The public schedule pages: day tabs, now/next, catch-up links, 404s, cache lifetime."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from broadcast.models import Episode, Programme
from news.tests.conftest import assert_in_order, visible_text
from schedule.models import Slot
from schedule.tests.conftest import MONDAY, local

pytestmark = pytest.mark.django_db
WEDNESDAY = MONDAY + dt.timedelta(days=2)


@pytest.fixture
def day(channels):
    """Wednesday on STV1: morning news (recorded), farming, the evening news, a film."""
    stv1 = channels["stv1"]
    programme = Programme.objects.create(name="Thời sự", slug="thoi-su", channel=stv1,
                                         code="TS")
    recording = Episode.objects.create(programme=programme, title="Thời sự sáng 9/12",
                                       live=True, published_at=local(WEDNESDAY, 7))
    slots = {}
    for hour, minutes, title in ((6, 30, "Thời sự sáng"), (7, 90, "Nông nghiệp"),
                                 (19, 60, "Thời sự tối"), (20, 90, "Phim truyện")):
        slots[title] = Slot.objects.create(
            channel=stv1, title=title, starts_at=local(WEDNESDAY, hour),
            ends_at=local(WEDNESDAY, hour) + dt.timedelta(minutes=minutes),
            programme=programme if title.startswith("Thời sự") else None)
    slots["Thời sự sáng"].episode = recording
    slots["Thời sự sáng"].save()
    Slot.objects.create(channel=channels["stv2"], title="ព័ត៌មាន",
                        starts_at=local(WEDNESDAY, 18), ends_at=local(WEDNESDAY, 19))
    return {"slots": slots, "recording": recording, "stv1": stv1}


def slot_items(body: str) -> dict[str, str]:
    """Each slot's <li> by its title, to read its highlight."""
    return {visible_text(item).split(" đến ")[0].split(" ", 1)[1]: item
            for item in re.findall(r'<li class="slot.*?</li>', body, flags=re.S)}


def test_day_page_lists_slots_with_tabs_and_highlights_now_and_next(client, day):
    with time_machine.travel(local(WEDNESDAY, 7, 45), tick=False):
        response = client.get("/lich-phat-song/stv1/2026-12-09/")
    assert response.status_code == 200
    body = response.content.decode()
    text = visible_text(body)
    assert_in_order(text, ["Lịch phát sóng STV1", "STV1", "STV2", "Phát thanh Sóc Trăng",
                           "Thứ Hai 07/12", "Thứ Ba 08/12", "Thứ Tư 09/12 (hôm nay)",
                           "Thứ Năm 10/12", "Thứ Sáu 11/12", "Thứ Bảy 12/12",
                           "Chủ nhật 13/12", "Thứ Tư, 09/12/2026",
                           "06:00 Thời sự sáng đến 06:30 Xem lại",
                           "07:00 Đang phát Nông nghiệp đến 08:30",
                           "19:00 Tiếp theo Thời sự tối đến 20:00", "20:00 Phim truyện"])
    items = slot_items(body)
    assert 'aria-current="time"' in items["Đang phát Nông nghiệp"]
    assert [title for title, item in items.items() if "aria-current" in item] == [
        "Đang phát Nông nghiệp"]
    assert f'href="{day["recording"].get_absolute_url()}"' in items["Thời sự sáng"]
    assert 'href="/lich-phat-song/stv1/2026-12-09/" aria-current="page"' in body
    assert 'href="/lich-phat-song/stv1/" aria-current="page"' in body


def test_recordings_only_for_past_slots_with_a_published_episode(client, day):
    Episode.objects.create(programme=day["slots"]["Thời sự tối"].programme, title="Nháp",
                           live=False)
    evening = day["slots"]["Thời sự tối"]
    evening.episode = Episode.objects.get(title="Nháp")
    evening.save()
    with time_machine.travel(local(WEDNESDAY, 23), tick=False):
        body = client.get("/lich-phat-song/stv1/2026-12-09/").content.decode()
    assert body.count("Xem lại") == 1  # the morning news; the evening's draft stays hidden
    with time_machine.travel(local(WEDNESDAY, 6, 10), tick=False):
        body = client.get("/lich-phat-song/stv1/2026-12-09/").content.decode()
    assert "Xem lại" not in body  # the recorded slot is still on air


def test_khmer_titles_are_marked_for_screen_readers(client, day):
    with time_machine.travel(local(WEDNESDAY, 12), tick=False):
        body = client.get("/lich-phat-song/stv2/2026-12-09/").content.decode()
    assert '<span class="slot-title" lang="km">ព័ត៌មាន</span>' in body


def test_today_index_and_404s(client, day):
    with time_machine.travel(local(WEDNESDAY, 12), tick=False):
        today = client.get("/lich-phat-song/stv1/")
        assert "Thứ Tư, 09/12/2026" in visible_text(today.content.decode())
        index = client.get("/lich-phat-song/")
        assert (index.status_code, index["Location"]) == (302, "/lich-phat-song/stv1/")
        for url in ("/lich-phat-song/vtv1/", "/lich-phat-song/vtv1/2026-12-09/",
                    "/lich-phat-song/stv1/2026-02-30/", "/lich-phat-song/stv1/0000-01-01/",
                    "/lich-phat-song/stv1/9999-12-31/", "/lich-phat-song/stv1/1999-12-31/",
                    "/lich-phat-song/stv1/2026-13-01/", "/lich-phat-song/stv1/09-12-2026/"):
            assert client.get(url).status_code == 404, url
        empty = client.get("/lich-phat-song/radio/2026-12-09/")
        assert "Chưa có lịch phát sóng cho ngày này." in empty.content.decode()


def test_cached_page_expires_at_the_next_boundary_and_the_highlight_moves(day):
    """Anonymous pages are kept by nginx (X-Accel-Expires) no longer than the next slot
    boundary; after it, the same URL shows the next slot on air with nothing saved."""
    reader = Client()
    before = local(WEDNESDAY, 8, 29)
    with time_machine.travel(before, tick=False):
        response = reader.get("/lich-phat-song/stv1/2026-12-09/")
        expires = int(response["X-Accel-Expires"])
        boundary = local(WEDNESDAY, 8, 30)  # Nông nghiệp ends
        assert 0 < expires <= (boundary - before).total_seconds()
        assert "max-age=0" in response["Cache-Control"]
        items = slot_items(response.content.decode())
        assert 'aria-current="time"' in items["Đang phát Nông nghiệp"]
    saved = Slot.objects.order_by("-pk").values_list("pk", flat=True).first()
    with time_machine.travel(local(WEDNESDAY, 19, 59, 30), tick=False):
        response = reader.get("/lich-phat-song/stv1/2026-12-09/")
        items = slot_items(response.content.decode())
        assert 'aria-current="time"' in items["Đang phát Thời sự tối"]
        assert "up-next" in items["Tiếp theo Phim truyện"]
        assert "aria-current" not in items["Nông nghiệp"]
        assert 0 <= int(response["X-Accel-Expires"]) <= 30
    assert Slot.objects.order_by("-pk").values_list("pk", flat=True).first() == saved


def test_the_shell_render_equals_the_full_render(rf, day):
    from django.shortcuts import render

    from core.caching.shell import render_in_shell
    from schedule import views

    with time_machine.travel(local(WEDNESDAY, 12), tick=False):
        request = rf.get("/lich-phat-song/stv1/2026-12-09/")
        shell = views.channel_day(request, "stv1", "2026-12-09")
        assert shell.status_code == 200
        captured = {}

        def capture(request, template, context):
            captured.update(context)
            return render_in_shell(request, template, context)

        views.render_in_shell, original = capture, views.render_in_shell
        try:
            views.channel_day(rf.get("/lich-phat-song/stv1/2026-12-09/"), "stv1", "2026-12-09")
        finally:
            views.render_in_shell = original
        full = render(rf.get("/lich-phat-song/stv1/2026-12-09/"), "schedule/day.html", captured)
    assert shell.content == full.content
