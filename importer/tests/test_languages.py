"""JSON Lines in the Khmer edition: `language` and `translation_of`, sections per language,
and refused rows that write nothing."""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from importer.tests.test_command import snapshot
from importer.tests.test_jsonlines import FERRY, jsonl
from news.models import Article, Section

FERRY_KM = {
    "title": "កំពង់ចម្លង\u200bដាយង៉ាយ\u200bបន្ថែម\u200bជើង\u200bដឹក",
    "sapo": "ចាប់ពី\u200bថ្ងៃទី២០ ខែធ្នូ។",
    "body": "ប្រតិបត្តិករ\u200bបាន\u200bបន្ថែម\u200bសាឡាង\u200bពីរ។",
    "section": "ព័ត៌មានក្នុងស្រុក",
    "published_at": "2024-12-18T08:00:00",
    "source_url": "https://example.vn/km/ben-pha",
    "language": "km",
    "translation_of": FERRY["source_url"],
}


@pytest.fixture
def km():
    return Locale.objects.get(language_code="km")


def test_a_translation_joins_its_original_in_the_khmer_section_tree(run_import, sections,
                                                                    tmp_path, km):
    export = tmp_path / "export.jsonl"
    export.write_text(jsonl(FERRY, FERRY_KM), encoding="utf-8")
    result = run_import(export)
    assert result.ok, result.stderr
    original = Article.objects.get(source_url=FERRY["source_url"])
    translation = Article.objects.get(source_url=FERRY_KM["source_url"])
    assert original.locale.language_code == "vi"
    assert translation.locale == km and translation.title == FERRY_KM["title"]
    assert translation.translation_key == original.translation_key
    assert original.get_translation(km) == translation
    # The Khmer section was created in the Khmer tree; the Vietnamese one was matched.
    assert original.primary_section == sections["local"]
    khmer_section = translation.primary_section
    assert khmer_section.locale == km and khmer_section.name == "ព័ត៌មានក្នុងស្រុក"
    assert translation.get_absolute_url().startswith(f"/km/{khmer_section.slug}/")

    # Re-importing changes nothing; a second Khmer file naming the section matches it.
    before = snapshot()
    assert run_import(export).ok
    assert snapshot() == before
    other = tmp_path / "other.jsonl"
    other.write_text(jsonl({**FERRY_KM, "source_url": "https://example.vn/km/khac",
                            "translation_of": ""}), encoding="utf-8")
    assert run_import(other).ok
    assert Section.objects.filter(locale=km).count() == 1


def test_a_vietnamese_name_in_khmer_gets_a_khmer_section(run_import, sections, tmp_path, km):
    export = tmp_path / "export.jsonl"
    export.write_text(jsonl({**FERRY, "language": "km"}), encoding="utf-8")
    assert run_import(export).ok
    article = Article.objects.get()
    assert article.primary_section.locale == km
    assert article.primary_section.slug == "tin-dia-phuong"  # slugs are per edition
    assert article.primary_section != sections["local"]


@pytest.mark.parametrize("record, message", [
    ({**FERRY, "language": "fr"}, "“language” phải là một trong vi, km"),
    ({**FERRY, "language": 5}, "“language” phải là văn bản"),
    ({**FERRY_KM}, "chưa được nhập"),
    ({**FERRY_KM, "translation_of": "khong-phai-dia-chi"}, "“translation_of”"),
])
def test_a_refused_row_writes_nothing_and_says_why_in_vietnamese(run_import, sections,
                                                                 tmp_path, record, message):
    export = tmp_path / "export.jsonl"
    export.write_text(jsonl(record), encoding="utf-8")
    before = snapshot()
    result = run_import(export)
    assert message in result.stderr + result.stdout, result.stderr + result.stdout
    assert snapshot() == before


def test_a_translation_in_the_originals_language_is_refused(run_import, sections, tmp_path):
    export = tmp_path / "export.jsonl"
    export.write_text(jsonl(FERRY), encoding="utf-8")
    assert run_import(export).ok
    before = snapshot()
    export.write_text(jsonl({**FERRY_KM, "language": "vi"}), encoding="utf-8")
    result = run_import(export)
    assert "cùng ngôn ngữ" in result.stderr + result.stdout
    assert snapshot() == before
