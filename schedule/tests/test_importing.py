"""Importing a week: each format, each refusal (row numbers, nothing changed), exact replacement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from broadcast.models import Episode
from schedule import importing
from schedule.importing import ScheduleImportError, import_file
from schedule.models import Slot
from schedule.tests.conftest import (
    HEADER,
    MONDAY,
    WEEK_ROWS,
    cp1258,
    csv_bytes,
    local,
    slot_table,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def refusal(data: bytes, filename: str = "lich.csv", channel=None) -> list[str]:
    with pytest.raises(ScheduleImportError) as raised:
        import_file(data, filename, channel)
    return raised.value.lines()


def test_xlsx_week_with_typed_cells_merged_days_end_times_and_codes(channels, programmes):
    rows = [
        [dt.datetime(2026, 12, 7), dt.time(5, 30), 30, "Thời sự sáng", "TS-SANG"],
        [None, "06:00", dt.time(0, 45), "Nông nghiệp - Nông thôn", "NN"],  # day merged above
        [None, "19h00", "60 phút", "Thời sự tối", "TS-TOI"],
        [dt.date(2026, 12, 7), dt.time(23, 30), 60, "Phim truyện", ""],  # runs past midnight
    ]
    result = import_file(xlsx_bytes(rows), "lich.xlsx", channels["stv1"])
    assert (result.created, result.replaced, result.linked) == (4, 0, 2)
    assert (result.first_day, result.last_day) == (MONDAY, MONDAY)
    assert slot_table(channels["stv1"]) == [
        ("2026-12-07 05:30", "2026-12-07 06:00", "Thời sự sáng"),
        ("2026-12-07 06:00", "2026-12-07 06:45", "Nông nghiệp - Nông thôn"),
        ("2026-12-07 19:00", "2026-12-07 20:00", "Thời sự tối"),
        ("2026-12-07 23:30", "2026-12-08 00:30", "Phim truyện"),
    ]
    evening = Slot.objects.get(title="Thời sự tối")
    assert evening.programme == programmes["TS-TOI"] and evening.code == "TS-TOI"
    # An unknown code is kept on the slot, without a programme.
    assert Slot.objects.get(title="Thời sự sáng").programme is None


def test_xlsx_with_end_time_column_and_channel_column(channels, programmes):
    header = ["KÊNH", "ngay", "Gio bat dau", "Giờ kết thúc", "Tên Chương Trình"]
    rows = [["stv2", "07/12/2026", "18:00", "18:30", "Chương trình tiếng Khmer"],
            ["STV2", "07/12/2026", "23:45", "00:15", "ព័ត៌មាន"]]
    import_file(xlsx_bytes(rows, header), "lich.xlsx")
    assert slot_table(channels["stv2"]) == [
        ("2026-12-07 18:00", "2026-12-07 18:30", "Chương trình tiếng Khmer"),
        ("2026-12-07 23:45", "2026-12-08 00:15", "ព័ត៌មាន"),
    ]
    # Without a code the title finds the programme of that channel.
    assert Slot.objects.get(title="Chương trình tiếng Khmer").programme == programmes["KH"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_csv_utf8_with_or_without_bom(channels, encoding):
    import_file(csv_bytes(WEEK_ROWS, encoding=encoding), "lich.csv", channels["stv1"])
    assert [row[2] for row in slot_table(channels["stv1"])] == [
        "Thời sự sáng", "Nông nghiệp - Nông thôn", "Thời sự tối", "Thời sự sáng"]


def test_csv_with_semicolons_as_excel_writes_it_in_vietnam(channels):
    import_file(csv_bytes(WEEK_ROWS, delimiter=";"), "lich.csv", channels["stv1"])
    assert len(slot_table(channels["stv1"])) == 4


def test_csv_in_windows_1258_is_decoded_to_nfc(channels):
    data = csv_bytes(WEEK_ROWS, encoding="cp1258")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really the legacy code page, tone marks apart
    import_file(data, "lich.csv", channels["stv1"])
    titles = [row[2] for row in slot_table(channels["stv1"])]
    assert titles[2] == "Thời sự tối" and titles[1] == "Nông nghiệp - Nông thôn"


def test_text_that_is_no_known_encoding_is_refused_and_nothing_changes(channels):
    import_file(csv_bytes(WEEK_ROWS), "lich.csv", channels["stv1"])
    before = slot_table(channels["stv1"])
    # 0x81 and 0x8D are unassigned in Windows-1258 and invalid as UTF-8.
    data = csv_bytes(WEEK_ROWS).replace("Thời".encode(), b"Th\x81\x8di")
    lines = refusal(data, channel=channels["stv1"])
    assert lines == ["Nội dung tệp không phải UTF-8 hay Windows-1258 (tiếng Việt): hãy lưu "
                     "tệp dạng \"CSV UTF-8\" rồi tải lên lại."]
    assert slot_table(channels["stv1"]) == before
    assert importing.decode_text(cp1258("Thời sự")) == "Thời sự"


def test_overlapping_slots_are_refused_with_both_rows(channels):
    import_file(csv_bytes(WEEK_ROWS), "lich.csv", channels["stv1"])
    before = slot_table(channels["stv1"])
    rows = [["09/12/2026", "05:30", "45", "Thời sự sáng", ""],
            ["09/12/2026", "06:00", "30", "Nông nghiệp", ""],
            ["09/12/2026", "06:30", "30", "Ca nhạc", ""]]
    lines = refusal(csv_bytes(rows), channel=channels["stv1"])
    assert lines == ["Dòng 3: trùng giờ với dòng 2 (09/12 05:30–09/12 06:15, \"Thời sự sáng\")"]
    assert slot_table(channels["stv1"]) == before


def test_times_and_dates_that_do_not_parse_are_listed_row_by_row(channels):
    rows = [["07/12/2026", "05:30", "30", "Thời sự sáng", ""],
            ["07/12/2026", "25h70", "30", "Nông nghiệp", ""],
            ["31/02/2026", "07:00", "30", "Ca nhạc", ""],
            ["07/12/2026", "08:00", "nửa tiếng", "Phim", ""],
            ["07/12/2026", "09:00", "30", "", ""]]
    lines = refusal(csv_bytes(rows), channel=channels["stv1"])
    assert lines == [
        "Dòng 3: giờ bắt đầu \"25h70\" không đúng dạng giờ (hh:mm)",
        "Dòng 4: ngày \"31/02/2026\" không đúng dạng ngày (dd/mm/yyyy)",
        "Dòng 5: thời lượng \"nửa tiếng\" không phải số phút hay h:mm",
        "Dòng 6: thiếu tên chương trình",
    ]
    assert not Slot.objects.exists()


def test_unknown_channel_is_refused_for_each_row(channels):
    header = ["Kênh", *HEADER]
    rows = [["stv1", *WEEK_ROWS[0]], ["stv9", *WEEK_ROWS[1]], ["vtv1", *WEEK_ROWS[2]]]
    lines = refusal(csv_bytes(rows, header))
    assert lines == ["Dòng 3: không có kênh \"stv9\"", "Dòng 4: không có kênh \"vtv1\""]
    assert not Slot.objects.exists()


def test_rows_without_any_channel_are_refused(channels):
    lines = refusal(csv_bytes(WEEK_ROWS[:1]))
    assert lines == ["Dòng 2: chưa có kênh: hãy chọn kênh hoặc thêm cột \"Kênh\""]


def test_a_missing_column_is_refused(channels):
    header = ["Ngày", "Giờ bắt đầu", "Tên chương trình"]
    lines = refusal(csv_bytes([["07/12/2026", "05:30", "Thời sự"]], header),
                    channel=channels["stv1"])
    assert lines == ["Thiếu cột: \"Thời lượng\" hoặc \"Giờ kết thúc\"."]
    lines = refusal(csv_bytes([["07/12/2026", "30", "Thời sự"]],
                              ["Ngày", "Thời lượng", "Tên chương trình"]),
                    channel=channels["stv1"])
    assert lines == ["Thiếu cột: Giờ bắt đầu."]
    assert not Slot.objects.exists()


def test_reimporting_the_week_replaces_exactly_that_week_of_that_channel(channels):
    stv1, stv2 = channels["stv1"], channels["stv2"]
    import_file(csv_bytes(WEEK_ROWS), "lich.csv", stv1)
    import_file(csv_bytes(WEEK_ROWS), "lich.csv", stv2)
    next_week = [["14/12/2026", "05:30", "30", "Thời sự sáng", ""]]
    import_file(csv_bytes(next_week), "lich.csv", stv1)
    recording = Episode.objects.create(programme=stv1.programmes.create(
        name="Thời sự tối", slug="ts-toi"), title="Thời sự tối 7/12", live=True)
    Slot.objects.filter(title="Thời sự tối").update(episode=recording)

    revised = [["07/12/2026", "05:30", "30", "Thời sự sáng", ""],
               ["07/12/2026", "06:00", "30", "Sức khỏe cho mọi người", ""],
               ["07/12/2026", "19:00", "60", "Thời sự tối", ""],
               ["08/12/2026", "06:00", "30", "Ca nhạc", ""]]
    result = import_file(csv_bytes(revised), "lich.csv", stv1)
    assert (result.created, result.replaced) == (4, 4)
    assert slot_table(stv1) == [
        ("2026-12-07 05:30", "2026-12-07 06:00", "Thời sự sáng"),
        ("2026-12-07 06:00", "2026-12-07 06:30", "Sức khỏe cho mọi người"),
        ("2026-12-07 19:00", "2026-12-07 20:00", "Thời sự tối"),
        ("2026-12-08 06:00", "2026-12-08 06:30", "Ca nhạc"),
        ("2026-12-14 05:30", "2026-12-14 06:00", "Thời sự sáng"),
    ]
    assert len(slot_table(stv2)) == 4  # the other channel's week is untouched
    # The same slot again keeps its recording.
    assert Slot.objects.get(channel=stv1, title="Thời sự tối").episode == recording
    # The same file twice gives the same schedule.
    import_file(csv_bytes(revised), "lich.csv", stv1)
    assert len(slot_table(stv1)) == 5


def test_a_slot_running_into_the_file_from_the_night_before_is_a_conflict(channels):
    stv1 = channels["stv1"]
    Slot.objects.create(channel=stv1, title="Phim truyện đêm", starts_at=local(MONDAY, 23, 30),
                        ends_at=local(MONDAY, 23, 30) + dt.timedelta(hours=1))
    rows = [["08/12/2026", "00:00", "30", "Ca nhạc", ""]]
    lines = refusal(csv_bytes(rows), channel=stv1)
    assert lines == ["Dòng 2: trùng giờ với chương trình đã có trước các ngày trong tệp "
                     "(07/12 23:30, \"Phim truyện đêm\")"]
    assert len(slot_table(stv1)) == 1


def test_a_failure_while_writing_leaves_the_old_schedule(channels, monkeypatch):
    stv1 = channels["stv1"]
    import_file(csv_bytes(WEEK_ROWS), "lich.csv", stv1)
    before = slot_table(stv1)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Slot.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        import_file(csv_bytes(WEEK_ROWS[:2]), "lich.csv", stv1)
    assert slot_table(stv1) == before


XMLTV = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tv SYSTEM "xmltv.dtd">
<tv generator-info-name="playout">
  <channel id="stv1"><display-name>STV1</display-name></channel>
  <channel id="stv2"><display-name>STV2</display-name></channel>
  <programme start="20261207190000 +0700" stop="20261207200000 +0700" channel="stv1">
    <title lang="vi">Thời sự tối</title><desc lang="vi">Tin trong tỉnh.</desc>
  </programme>
  <programme start="20261207113000 +0000" stop="20261207120000 +0000" channel="stv2">
    <title lang="km">ព័ត៌មាន</title>
  </programme>
</tv>
"""


def test_xmltv_import_by_channel_ids(channels, programmes):
    result = import_file(XMLTV.encode(), "lich.xml")
    assert sorted(result.channels) == ["stv1", "stv2"]
    assert slot_table(channels["stv1"]) == [
        ("2026-12-07 19:00", "2026-12-07 20:00", "Thời sự tối")]
    assert slot_table(channels["stv2"]) == [
        ("2026-12-07 18:30", "2026-12-07 19:00", "ព័ត៌មាន")]
    slot = Slot.objects.get(channel=channels["stv1"])
    assert slot.description == "Tin trong tỉnh." and slot.programme == programmes["TS-TOI"]


def test_xmltv_refusals_name_the_line(channels):
    bad = XMLTV.replace('channel="stv2"', 'channel="vtv9"').replace(
        'start="20261207190000 +0700"', 'start="2026-12-07 19:00"')
    lines = refusal(bad.encode(), "lich.xml")
    assert lines == ["Dòng 6: giờ bắt đầu \"2026-12-07 19:00\" không đúng dạng giờ (hh:mm)"]
    lines = refusal(XMLTV.replace('channel="stv2"', 'channel="vtv9"').encode(), "lich.xml")
    assert lines == ["Dòng 9: không có kênh \"vtv9\""]
    entity = ('<?xml version="1.0"?><!DOCTYPE tv [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              '<tv><programme start="20261207190000" stop="20261207200000" channel="stv1">'
              '<title>&x;</title></programme></tv>')
    assert refusal(entity.encode(), "lich.xml") == ["Dòng 1: thiếu tên chương trình"]
    assert not Slot.objects.exists()


def test_command_imports_and_refuses(channels, tmp_path, capsys):
    good = tmp_path / "tuan.csv"
    good.write_bytes(csv_bytes(WEEK_ROWS))
    call_command("import_schedule", str(good), "--channel", "stv1")
    assert "4" in capsys.readouterr().out
    assert len(slot_table(channels["stv1"])) == 4
    bad = tmp_path / "sai.csv"
    bad.write_bytes(csv_bytes([["07/12/2026", "5 giờ", "30", "Thời sự", ""]]))
    with pytest.raises(CommandError) as raised:
        call_command("import_schedule", str(bad), "--channel", "stv1")
    assert "Dòng 2" in str(raised.value)
    with pytest.raises(CommandError):
        call_command("import_schedule", str(good), "--channel", "vtv1")
    assert len(slot_table(channels["stv1"])) == 4


def test_a_broadcast_day_running_past_midnight_replaces_only_its_own_slots(channels):
    stv1 = channels["stv1"]
    following = local(MONDAY + dt.timedelta(days=1), 6)
    Slot.objects.create(channel=stv1, title="Thời sự sáng thứ Ba", starts_at=following,
                        ends_at=following + dt.timedelta(minutes=30))
    rows = [["07/12/2026", "23:00", "60", "Phim truyện, tập 1", ""],
            ["07/12/2026", "24:00", "30", "Ca nhạc", ""]]
    for _ in range(2):  # the same file twice: the same schedule
        import_file(csv_bytes(rows, delimiter="\t"), "lich.csv", stv1)
        assert slot_table(stv1) == [
            ("2026-12-07 23:00", "2026-12-08 00:00", "Phim truyện, tập 1"),
            ("2026-12-08 00:00", "2026-12-08 00:30", "Ca nhạc"),
            ("2026-12-08 06:00", "2026-12-08 06:30", "Thời sự sáng thứ Ba"),
        ]


@pytest.mark.parametrize(("data", "filename", "reason"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "lich.xls",
     "Chỉ nhập được tệp Excel .xlsx, CSV và XMLTV: hãy lưu bảng tính dạng .xlsx hoặc CSV UTF-8."),
    (b"PK\x03\x04 not really a workbook", "lich.xlsx", "Không đọc được tệp Excel (.xlsx) này."),
    (b"   \r\n", "lich.csv", "Tệp trống."),
    (b"<tv><programme", "lich.xml", None),
    ("Lịch tuần 50\nkhông có tiêu đề\n".encode(), "lich.csv", None),
])
def test_unreadable_files_are_refused_with_a_reason(channels, data, filename, reason):
    lines = refusal(data, filename, channels["stv1"])
    assert len(lines) == 1
    if reason is not None:
        assert lines == [reason]
    assert not Slot.objects.exists()


def test_a_slot_edited_by_hand_may_not_overlap(channels):
    from django.core.exceptions import ValidationError

    stv1 = channels["stv1"]
    Slot.objects.create(channel=stv1, title="Thời sự tối", starts_at=local(MONDAY, 19),
                        ends_at=local(MONDAY, 20))
    clash = Slot(channel=stv1, title="Ca nhạc", starts_at=local(MONDAY, 19, 30),
                 ends_at=local(MONDAY, 20, 30))
    with pytest.raises(ValidationError) as raised:
        clash.full_clean()
    assert raised.value.messages == ["Khung giờ này trùng với \"Thời sự tối\" trên cùng kênh."]
    Slot(channel=stv1, title="Ca nhạc", starts_at=local(MONDAY, 20),
         ends_at=local(MONDAY, 21)).full_clean()
