"""XMLTV export (valid against Debian's xmltv.dtd, read back by the importer) and the JSON API."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import time_machine
from lxml import etree

from broadcast.models import Episode, Programme
from conftest import require_service
from schedule.importing import import_file
from schedule.models import Slot
from schedule.tests.conftest import MONDAY, local, slot_table

pytestmark = pytest.mark.django_db
# Debian's xmltv-util installs the DTD; XMLTV_DTD points elsewhere (an unpacked copy).
XMLTV_DTD = Path(os.environ.get("XMLTV_DTD", "/usr/share/xmltv/xmltv.dtd"))


@pytest.fixture
def week(channels):
    stv1, stv2 = channels["stv1"], channels["stv2"]
    news = Programme.objects.create(name="Thời sự", slug="thoi-su", channel=stv1, code="TS")
    khmer = Programme.objects.create(name="Tin tức tiếng Khmer", slug="tin-khmer",
                                     channel=stv2, code="KH", language="km")
    recording = Episode.objects.create(programme=news, title="Thời sự 7/12", live=True,
                                       published_at=local(MONDAY, 20))
    Slot.objects.create(channel=stv1, title="Thời sự tối", programme=news, code="TS",
                        starts_at=local(MONDAY, 19), ends_at=local(MONDAY, 20),
                        description="Tin tức trong tỉnh & cả nước <trực tiếp>",
                        episode=recording)
    Slot.objects.create(channel=stv1, title="Phim truyện", starts_at=local(MONDAY, 20),
                        ends_at=local(MONDAY, 21, 30))
    Slot.objects.create(channel=stv2, title="ព័ត៌មាន", programme=khmer, code="KH",
                        starts_at=local(MONDAY, 18), ends_at=local(MONDAY, 18, 30))
    # Outside the export's days (more than a week ahead): left out.
    Slot.objects.create(channel=stv1, title="Xa lắm", starts_at=local(MONDAY, 19)
                        + dt.timedelta(days=10), ends_at=local(MONDAY, 20)
                        + dt.timedelta(days=10))
    return {"recording": recording}


@pytest.mark.xmltv
def test_xmltv_export_is_valid_against_the_xmltv_dtd(client, week):
    require_service(XMLTV_DTD.exists(), f"{XMLTV_DTD} (Debian package xmltv-util)")
    with time_machine.travel(local(MONDAY, 22), tick=False):
        response = client.get("/lich-phat-song/xmltv.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(response.content)
    dtd = etree.DTD(str(XMLTV_DTD))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    assert [channel.get("id") for channel in document.findall("channel")] == [
        "stv1", "stv2", "radio"]
    programmes = document.findall("programme")
    assert [(p.get("channel"), p.get("start"), p.get("stop"), p.findtext("title"))
            for p in programmes] == [
        ("stv1", "20261207190000 +0700", "20261207200000 +0700", "Thời sự tối"),
        ("stv1", "20261207200000 +0700", "20261207213000 +0700", "Phim truyện"),
        ("stv2", "20261207180000 +0700", "20261207183000 +0700", "ព័ត៌មាន"),
    ]
    assert programmes[2].find("title").get("lang") == "km"
    assert programmes[0].findtext("desc") == "Tin tức trong tỉnh & cả nước <trực tiếp>"
    assert programmes[0].findtext("url[@system='catch-up']") == (
        "http://testserver" + week["recording"].get_absolute_url())


@pytest.mark.xmltv
def test_a_dtd_check_catches_an_invalid_document():
    """The validation above is real: children out of the DTD's order are rejected."""
    require_service(XMLTV_DTD.exists(), f"{XMLTV_DTD} (Debian package xmltv-util)")
    bad = etree.fromstring(b'<tv><programme start="1" channel="a"><desc>x</desc>'
                           b'<title>t</title></programme></tv>')
    assert not etree.DTD(str(XMLTV_DTD)).validate(bad)


def test_the_export_imports_back_to_the_same_schedule(client, channels, week):
    with time_machine.travel(local(MONDAY, 22), tick=False):
        exported = client.get("/lich-phat-song/xmltv.xml").content
    before = slot_table(channels["stv1"]), slot_table(channels["stv2"])
    result = import_file(exported, "xmltv.xml")
    assert result.created == 3 and result.replaced == 3
    assert (slot_table(channels["stv1"]), slot_table(channels["stv2"])) == before


def test_api_lists_a_channels_day(client, week):
    with time_machine.travel(local(MONDAY, 22), tick=False):
        response = client.get("/api/v1/schedule", {"channel": "stv1", "date": "2026-12-07"})
    assert response.status_code == 200
    data = response.json()
    assert data["channel"] == {"code": "stv1", "name": "STV1", "kind": "tv", "language": "vi"}
    assert data["date"] == "2026-12-07"
    assert [(slot["title"], slot["starts_at"]) for slot in data["slots"]] == [
        ("Thời sự tối", "2026-12-07T12:00:00Z"), ("Phim truyện", "2026-12-07T13:00:00Z")]
    first = data["slots"][0]
    assert first["programme"] == "Thời sự" and first["programme_code"] == "TS"
    assert first["recording_url"] == "http://testserver" + week["recording"].get_absolute_url()
    assert data["slots"][1]["recording_url"] is None


def test_api_errors_are_clear(client, week):
    bad_date = client.get("/api/v1/schedule", {"channel": "stv1", "date": "07/12/2026"})
    assert bad_date.status_code == 400
    assert bad_date.json() == {"detail": "Hãy viết ngày theo dạng YYYY-MM-DD, ví dụ 2026-03-31.",
                               "field": "date"}
    far = client.get("/api/v1/schedule", {"channel": "stv1", "date": "9999-12-31"})
    assert far.status_code == 400
    assert far.json()["detail"] == (
        "Lịch phát sóng chỉ có các ngày từ 2000-01-01 đến 2100-12-31.")
    for not_a_day in ("20261207", "2026-W49-1", "٢٠٢٦-١٢-٠٧", "10000-01-01"):
        response = client.get("/api/v1/schedule", {"channel": "stv1", "date": not_a_day})
        assert response.status_code == 400 and response.json()["field"] == "date"
    unknown = client.get("/api/v1/schedule", {"channel": "vtv1", "date": "2026-12-07"})
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Không có kênh nào có mã này.", "field": "channel"}
    nul = client.get("/api/v1/schedule", {"channel": "a\x00b"})
    assert nul.status_code == 400
    assert nul.json() == {"detail": "Giá trị của “channel” chứa ký tự không được phép.",
                          "field": "channel"}
    missing = client.get("/api/v1/schedule")
    assert missing.status_code == 400
    assert missing.json()["detail"] == "Thiếu tham số bắt buộc “channel”."


def test_api_is_documented_in_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/schedule"]["get"]
    assert {param["name"] for param in operation["parameters"]} == {"channel", "date"}
    assert {"200", "400", "404"} <= set(operation["responses"])
