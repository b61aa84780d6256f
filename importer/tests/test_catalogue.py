"""The importer's messages reach station admins in Vietnamese."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import polib

from importer.tests.test_jsonlines import FERRY, jsonl

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER_RE = re.compile(r"%\(\w+\)[sd]")


def test_catalogue_is_complete_and_keeps_placeholders():
    po = polib.pofile(str(CATALOGUE))
    assert not po.metadata_is_fuzzy
    entries = [entry for entry in po if not entry.obsolete]
    assert len(entries) > 40
    for entry in entries:
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural \
            else [entry.msgstr]
        for text in translations:
            assert text and "fuzzy" not in entry.flags, entry.msgid
            assert sorted(PLACEHOLDER_RE.findall(text)) == sorted(
                PLACEHOLDER_RE.findall(entry.msgid)), entry.msgid
            assert unicodedata.is_normalized("NFC", text)
            # Tone style of the portal: hòa, thủy, khóa (not hoà, thuỷ, khoá).
            assert not re.search(r"o[àáảãạ](?!\w)|u[ýỳỷỹỵ](?!\w)", text), text


def test_errors_and_summary_are_printed_in_vietnamese(run_import, sections, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    export = tmp_path / "export.jsonl"
    export.write_text(jsonl({**FERRY, "title": ""}, FERRY), encoding="utf-8")

    result = run_import(empty, export)

    assert not result.ok
    assert f"{empty}: Tệp trống." in result.stderr
    assert f"{export}:1: Thiếu trường “title” hoặc trường này để trống." in result.stderr
    assert "1 bài mới, 0 bài cập nhật, 0 bài không đổi, 2 lỗi" in result.stderr
    assert result.stdout.startswith("created /tin-dia-phuong/")
