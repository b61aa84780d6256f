"""The plain parsing modules on their own: no database, no command."""

from __future__ import annotations

import codecs

import pytest

from importer.content import (
    InputError,
    body_from_text,
    decode_text,
    strip_tags,
    to_unicode,
)
from importer.jsonlines import parse_record
from importer.legacy_encodings import TCVN3, VNI, encode_legacy
from importer.page_dump import dump_import_key, parse_page_dump, parse_views
from importer.tests.test_page_dump import OWN_DUMP


@pytest.mark.parametrize("raw,expected", [
    ("0", 0), ("106", 106), ("2.345", 2345), ("2,345", 2345), ("1 234 567", 1234567),
    ("1.234.567", 1234567), ("12345", 12345),
])
def test_parse_views_accepts_grouped_numbers(raw, expected):
    assert parse_views(raw) == expected


@pytest.mark.parametrize("raw", ["2.5", "2.34", "1,234.567", "12.3456", "-5", "", "1e6"])
def test_parse_views_refuses_anything_else(raw):
    with pytest.raises(ValueError):
        parse_views(raw)


def test_dump_key_ignores_accents_and_case_of_the_title():
    first = parse_page_dump(OWN_DUMP)
    shouting = parse_page_dump(OWN_DUMP.replace("Huyện Kế Sách ra mắt", "HUYỆN KẾ SÁCH RA MẮT"))
    other_day = parse_page_dump(OWN_DUMP.replace("05/03/2025", "06/03/2025"))
    assert first.import_key == shouting.import_key == dump_import_key(
        "huyen ke sach ra mat cho an toan thuc pham dau tien", first.published_at)
    assert other_day.import_key != first.import_key


def test_story_ending_mark_means_no_byline():
    text = OWN_DUMP.replace("Bài, ảnh: Hồng Nhung\n", "")
    parsed = parse_page_dump(text)
    assert parsed.byline == ""
    assert "niêm yết giá./." in parsed.body[0]["value"]


def test_plain_text_and_html_bodies():
    assert body_from_text("") == []
    assert body_from_text("Một\n\n\nHai & ba") == [
        {"type": "paragraph", "value": "<p>Một</p><p>Hai &amp; ba</p>"}]
    assert body_from_text("Chữ <b>đậm</b> đầu\n\nđoạn hai<p>ba</p>") == [
        {"type": "paragraph", "value": "<p>Chữ <b>đậm</b> đầu</p><p>đoạn hai</p><p>ba</p>"}]
    assert body_from_text("<script>x()</script><style>p{}</style>") == []


def test_strip_tags_keeps_text_only():
    assert strip_tags("<b>Đậm</b> &amp; <i>nghiêng</i><script>x</script>") == "Đậm & nghiêng"
    assert strip_tags("AT&T") == "AT&T"


def test_decode_text_variants():
    assert decode_text("Tiếng Việt".encode("utf-16")) == "Tiếng Việt"
    assert decode_text(codecs.BOM_UTF8 + "Việt".encode()) == "Việt"
    vni = encode_legacy("Xin chào các bạn, Việt Nam đẹp lắm", VNI)
    assert decode_text(vni.encode("cp1252")) == vni  # repaired later by to_unicode
    with pytest.raises(InputError) as caught:
        decode_text("dòng một\nCafé crème".encode() + b"\nna\xefve caf\xe9")
    assert caught.value.line == 3
    with pytest.raises(InputError):
        decode_text(b"text\x00with nul")
    with pytest.raises(InputError):
        decode_text(b"text\x07bell")


@pytest.mark.parametrize("encoding", [VNI, TCVN3])
def test_to_unicode_repairs_whole_text_and_pasted_lines(encoding):
    clean = "Xin chào các bạn\nViệt Nam đẹp lắm"
    assert to_unicode(encode_legacy(clean, encoding)) == (clean, encoding)
    mixed = "Tiêu đề tiếng Việt\n" + encode_legacy("Người dân vui mừng đón nước ngọt", encoding)
    assert to_unicode(mixed)[0] == "Tiêu đề tiếng Việt\nNgười dân vui mừng đón nước ngọt"
    assert to_unicode("Hello, world") == ("Hello, world", None)


def test_to_unicode_reports_the_line_of_a_mixed_line():
    text = "Dòng đúng\nDòng đúng nữa\nHội đồng họp. Xin chaøo caùc baïn, Vieät Nam ñeïp laém"
    with pytest.raises(InputError) as caught:
        to_unicode(text, first_line=10)
    assert caught.value.line == 12


def test_jsonl_record_errors_name_the_problem():
    good = ('{"title": "T", "section": "S", "source_url": "https://e.vn/a", '
            '"published_at": "2024-11-29", "views": "1.500", "tags": ["a", "A", " "]}')
    parsed = parse_record(good)
    assert parsed.views == 1500 and parsed.tags == ["a"]
    assert parsed.published_at.isoformat() == "2024-11-29T00:00:00+07:00"
    for bad in ('{"title": 5, "section": "S", "source_url": "https://e.vn/a"}',
                '{"title": "T", "section": "A >> B >> C >> D", "source_url": "https://e.vn/a"}',
                '{"title": "T", "section": "S", "source_url": "ftp://e.vn/a"}',
                '{"title": "T", "section": "S", "source_url": "https://e.vn/a", "views": true}',
                '[' * 100_000):
        with pytest.raises(InputError) as caught:
            parse_record(bad, 7)
        assert caught.value.line == 7
