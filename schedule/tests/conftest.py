"""Schedule fixtures: the station's channels and programmes, and files as schedulers make them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from broadcast.models import Channel, Programme

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = dt.date(2026, 12, 7)
HEADER = ["Ngày", "Giờ bắt đầu", "Thời lượng", "Tên chương trình", "Mã chương trình"]
# A Monday morning and evening on STV1, as a scheduler's sheet lists them.
WEEK_ROWS = [
    ["07/12/2026", "05:30", "30", "Thời sự sáng", "TS-SANG"],
    ["07/12/2026", "06:00", "45", "Nông nghiệp - Nông thôn", "NN"],
    ["07/12/2026", "19:00", "1:00", "Thời sự tối", "TS-TOI"],
    ["08/12/2026", "05:30", "30", "Thời sự sáng", "TS-SANG"],
]


def local(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=ZONE)


@pytest.fixture
def channels(db):
    stv1 = Channel.objects.create(code="stv1", name="STV1", sort_order=1)
    stv2 = Channel.objects.create(code="stv2", name="STV2", language="km", sort_order=2)
    radio = Channel.objects.create(code="radio", name="Phát thanh Sóc Trăng",
                                   kind=Channel.Kind.RADIO, sort_order=3)
    return {"stv1": stv1, "stv2": stv2, "radio": radio}


@pytest.fixture
def programmes(channels):
    stv1 = channels["stv1"]
    return {
        "TS-TOI": Programme.objects.create(name="Thời sự tối", slug="thoi-su-toi", channel=stv1,
                                           code="TS-TOI"),
        "NN": Programme.objects.create(name="Nông nghiệp - Nông thôn", slug="nong-nghiep",
                                       channel=stv1, code="NN"),
        "KH": Programme.objects.create(name="Chương trình tiếng Khmer", slug="tieng-khmer",
                                       channel=channels["stv2"], code="KH", language="km"),
    }


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER, delimiter: str = ",",
              encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if encoding == "cp1258":
        return cp1258(text)
    return text.encode(encoding)


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Text as Excel writes it in Windows-1258: letters like ơ, ư, â precomposed, tone marks
    as separate combining characters (the code page has no "ờ")."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
        out += (base + "".join(p for p in parts if p in TONES)).encode("cp1258")
    return bytes(out)


def xlsx_bytes(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Lịch tuần"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def slot_table(channel: Channel) -> list[tuple[str, str, str]]:
    """A channel's slots as (local start, local end, title), to compare before and after."""
    return [(slot.starts_at.astimezone(ZONE).strftime("%Y-%m-%d %H:%M"),
             slot.ends_at.astimezone(ZONE).strftime("%Y-%m-%d %H:%M"), slot.title)
            for slot in channel.slots.order_by("starts_at")]
