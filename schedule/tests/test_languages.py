"""Programmes and slots carry a language; the Khmer edition shows their Khmer titles."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from lxml import etree

from broadcast.models import Programme
from live.views import channel as live_channel
from schedule.importing import import_file
from schedule.models import Slot
from schedule.tests.conftest import MONDAY, csv_bytes, local
from schedule.views import day_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def khmer_programme(channels):
    programme = Programme.objects.create(
        name="Văn hóa Khmer", name_km="វប្បធម៌ខ្មែរ", slug="van-hoa-khmer",
        channel=channels["stv2"], code="KM-VH", language="km")
    slot = Slot.objects.create(channel=channels["stv2"], programme=programme,
                               title="Lễ hội Oóc Om Bóc", title_km="បុណ្យអកអំបុក",
                               starts_at=local(MONDAY, 20), ends_at=local(MONDAY, 21))
    plain = Slot.objects.create(channel=channels["stv2"], title="Thời sự tối",
                                starts_at=local(MONDAY, 19), ends_at=local(MONDAY, 19, 45))
    return {"programme": programme, "slot": slot, "plain": plain}


def test_title_for_each_edition_and_the_slots_language(khmer_programme, channels):
    programme, slot, plain = khmer_programme.values()
    assert programme.title_for("km") == "វប្បធម៌ខ្មែរ"
    assert programme.title_for("vi") == "Văn hóa Khmer"
    assert slot.title_for("km") == "បុណ្យអកអំបុក" and slot.title_for("vi") == "Lễ hội Oóc Om Bóc"
    # No Khmer title: both editions show the title as written.
    assert plain.title_for("km") == plain.title_for("vi") == "Thời sự tối"
    # A slot speaks its programme's language, else its channel's.
    assert slot.language == "km" and plain.language == "km"
    stv1 = Slot(channel=channels["stv1"], title="x")
    assert stv1.language == "vi"


def test_template_filter_follows_the_active_language(khmer_programme):
    template = Template("{% load broadcast_i18n i18n %}{% get_current_language as lang %}"
                        "{{ slot|title_in:lang }}|{{ row|title_in:lang }}")
    context = {"slot": khmer_programme["slot"],
               "row": {"title": "Lễ hội", "title_km": "បុណ្យ"}}
    with translation.override("km"):
        assert template.render(Context(context)) == "បុណ្យអកអំបុក|បុណ្យ"
    with translation.override("vi"):
        assert template.render(Context(context)) == "Lễ hội Oóc Om Bóc|Lễ hội"


def test_schedule_rows_and_live_page_in_each_edition(khmer_programme, channels):
    with translation.override("km"):
        rows = day_rows(channels["stv2"], MONDAY)
    assert [(row.title, row.lang, row.programme_name) for row in rows] == [
        ("Thời sự tối", "", ""), ("បុណ្យអកអំបុក", "km", "វប្បធម៌ខ្មែរ")]
    with translation.override("vi"):
        rows = day_rows(channels["stv2"], MONDAY)
    assert [row.title for row in rows] == ["Thời sự tối", "Lễ hội Oóc Om Bóc"]
    request = RequestFactory().get("/truc-tuyen/stv2/")
    with time_machine.travel(local(MONDAY, 20, 10), tick=False):
        with translation.override("km"):
            khmer = live_channel(request, "stv2").content.decode()
        with translation.override("vi"):
            vietnamese = live_channel(request, "stv2").content.decode()
    assert "បុណ្យអកអំបុក" in khmer and "Lễ hội Oóc Om Bóc" not in khmer
    assert "Lễ hội Oóc Om Bóc" in vietnamese and "បុណ្យអកអំបុក" not in vietnamese


XMLTV = """<?xml version="1.0" encoding="UTF-8"?>
<tv generator-info-name="playout">
  <channel id="stv2"><display-name>STV2</display-name></channel>
  <programme start="20261207200000 +0700" stop="20261207210000 +0700" channel="stv2">
    <title lang="km">បុណ្យអកអំបុក</title><title lang="vi">Lễ hội Oóc Om Bóc</title>
  </programme>
  <programme start="20261207210000 +0700" stop="20261207213000 +0700" channel="stv2">
    <title lang="km">ព័ត៌មាន</title>
  </programme>
</tv>
"""


def test_xmltv_import_reads_the_khmer_title_and_the_export_writes_it(client, channels):
    import_file(XMLTV.encode(), "lich.xml")
    slots = list(Slot.objects.filter(channel=channels["stv2"]).order_by("starts_at"))
    assert [(slot.title, slot.title_km) for slot in slots] == [
        ("Lễ hội Oóc Om Bóc", "បុណ្យអកអំបុក"), ("ព័ត៌មាន", "ព័ត៌មាន")]
    with time_machine.travel(local(MONDAY, 22), tick=False):
        exported = client.get("/lich-phat-song/xmltv.xml").content
    programme = etree.fromstring(exported).findall("programme")[0]
    assert [(title.get("lang"), title.text) for title in programme.findall("title")] == [
        ("vi", "Lễ hội Oóc Om Bóc"), ("km", "បុណ្យអកអំបុក")]
    assert programme.findtext("language") == "km"  # the channel's language
    # Read back, the export gives the same titles.
    import_file(exported, "xmltv.xml")
    again = list(Slot.objects.filter(channel=channels["stv2"]).order_by("starts_at"))
    assert [(s.title, s.title_km) for s in again] == [(s.title, s.title_km) for s in slots]


def test_spreadsheet_column_for_khmer_titles(channels):
    header = ["Ngày", "Giờ bắt đầu", "Thời lượng", "Tên chương trình", "Tên tiếng Khmer"]
    rows = [["07/12/2026", "20:00", "60", "Múa Rom vong", "របាំរាំវង់"],
            ["07/12/2026", "21:00", "30", "Phim truyện", ""]]
    import_file(csv_bytes(rows, header=header), "lich.csv", channels["stv2"])
    slots = Slot.objects.filter(channel=channels["stv2"]).order_by("starts_at")
    assert [(slot.title, slot.title_km) for slot in slots] == [
        ("Múa Rom vong", "របាំរាំវង់"), ("Phim truyện", "")]
    assert slots[0].starts_at == local(MONDAY, 20) and slots[0].ends_at - slots[0].starts_at \
        == dt.timedelta(hours=1)


def test_administrator_gives_a_programme_its_khmer_name_in_the_admin(khmer_programme):
    from newsroom import roles
    from newsroom.tests.conftest import client_for
    from schedule.tests.test_admin import member_of

    # Programmes are the administrators' (editors have no rights on them).
    client = client_for(member_of(roles.ADMINISTRATOR, "quantri"))
    programme = khmer_programme["programme"]
    url = f"/admin/snippets/broadcast/programme/edit/{programme.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "name": programme.name, "slug": programme.slug, "channel": programme.channel_id,
        "kind": programme.kind, "description": "", "language": "km",
        "name_km": "  វប្បធម៌\u200bខ្មែរ ខេត្តឃ្លាំង ", "code": programme.code, "cover": "",
        "sort_order": 0})
    assert response.status_code == 302, response.content.decode()[-2000:]
    programme.refresh_from_db()
    # Kept exactly as typed (but the surrounding spaces Django's form strips).
    assert programme.name_km == "វប្បធម៌\u200bខ្មែរ ខេត្តឃ្លាំង"
    assert programme.title_for("km") == programme.name_km


def test_programme_page_shows_its_khmer_name_in_the_khmer_edition(khmer_programme, client):
    programme = khmer_programme["programme"]
    vietnamese = client.get(programme.get_absolute_url())
    assert vietnamese.status_code == 200
    page = vietnamese.content.decode()
    assert '<h1 class="page-title">Văn hóa Khmer</h1>' in page and "វប្បធម៌ខ្មែរ" not in page
    khmer = client.get("/km" + programme.get_absolute_url())
    assert khmer.status_code == 200
    assert '<h1 class="page-title">វប្បធម៌ខ្មែរ</h1>' in khmer.content.decode()
