"""Importing JSON Lines exports: fields, sections, HTML sanitising."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.utils import timezone

from news.models import Article, Section


def jsonl(*records: dict | str) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
                     for r in records) + "\n"


FERRY = {
    "title": "Bến phà Đại Ngãi tăng chuyến phục vụ người dân dịp cuối năm",
    "sapo": "Từ ngày 20/12, bến phà tăng thêm 10 chuyến mỗi ngày.",
    "body": "Đơn vị vận hành bố trí thêm hai phà lớn.\n\nHành khách được hướng dẫn xếp hàng "
            "theo làn.\nXe máy đi làn bên phải.",
    "section": "Tin địa phương",
    "byline": "Minh Khang",
    "published_at": "2024-12-18T07:30:00",
    "views": 1520,
    "tags": ["giao thông", "Tết", "giao thông"],
    "source_url": "https://example.vn/ben-pha-dai-ngai",
    "source_name": "Báo Ví Dụ",
}
FESTIVAL = {
    "title": "Khách du lịch đến Sóc Trăng tăng mạnh",
    "body": "<p>Lượng khách tăng 30%.</p>",
    "section": "Du lịch",
    "published_at": "2024-12-01T09:00:00Z",
    "views": "3.400",
    "source_url": "https://example.vn/du-lich",
}


def test_good_file(run_import, sections, tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(jsonl(FERRY, FESTIVAL), encoding="utf-8")

    result = run_import(path)

    assert result.ok, result.stderr
    ferry = Article.objects.get(title=FERRY["title"])
    assert ferry.primary_section == sections["local"]
    assert ferry.sapo == FERRY["sapo"]
    assert ferry.body.raw_data[0]["value"] == (
        "<p>Đơn vị vận hành bố trí thêm hai phà lớn.</p>"
        "<p>Hành khách được hướng dẫn xếp hàng theo làn.<br/>Xe máy đi làn bên phải.</p>"
    )
    assert ferry.byline == "Minh Khang" and ferry.view_count == 1520
    local = timezone.localtime(ferry.published_at)
    assert (local.date().isoformat(), local.hour, local.minute) == ("2024-12-18", 7, 30)
    assert ferry.updated_at == ferry.published_at == ferry.first_published_at
    assert ferry.last_published_at == ferry.published_at
    assert sorted(ferry.tags.names()) == ["Tết", "giao thông"]
    assert ferry.source_url == FERRY["source_url"] and ferry.source_name == "Báo Ví Dụ"
    assert ferry.live

    festival = Article.objects.get(title=FESTIVAL["title"])
    assert festival.view_count == 3400
    assert festival.published_at == datetime(2024, 12, 1, 9, tzinfo=UTC)
    tourism = festival.primary_section
    assert tourism.name == "Du lịch" and tourism.parent == sections["root"]
    assert result.lines == [f"created {ferry.get_absolute_url()}",
                            f"created {festival.get_absolute_url()}"]


def test_section_names_match_without_accents_or_case_and_paths_work(run_import, sections,
                                                                    tmp_path):
    path = tmp_path / "sections.ndjson"
    path.write_text(jsonl(
        {**FERRY, "section": "TIN TRONG NUOC"},
        {**FESTIVAL, "section": "Tin tức >> Tin địa phương >> Vĩnh Châu"},
    ), encoding="utf-8")
    assert run_import(path).ok
    assert Article.objects.get(title=FERRY["title"]).primary_section == sections["national"]
    vinh_chau = Article.objects.get(title=FESTIVAL["title"]).primary_section
    assert (vinh_chau.name, vinh_chau.parent) == ("Vĩnh Châu", sections["local"])


def test_html_body_is_sanitised(run_import, sections, tmp_path, client):
    body = (
        '<p onclick="steal()">Đoạn <strong>một</strong> <em>nghiêng</em> '
        '<a href="javascript:alert(1)">xấu</a> <a href="https://example.vn/x" '
        'onmouseover="x()">tốt</a></p>'
        "<script>alert('xss')</script><style>body{display:none}</style>"
        '<img src="x" onerror="alert(2)"><iframe src="https://evil.example"></iframe>'
        "<h2>Tiêu đề phụ</h2><ul><li>Một</li><li>Hai</li></ul>"
        "<blockquote><p>Câu trích dẫn.</p></blockquote><div>Đoạn cuối</div>"
    )
    path = tmp_path / "html.jsonl"
    path.write_text(jsonl({**FERRY, "body": body, "sapo": "<b>Sapo</b> đậm"}), encoding="utf-8")

    assert run_import(path).ok

    article = Article.objects.get()
    stored = json.dumps(list(article.body.raw_data), ensure_ascii=False)
    for banned in ("script", "alert", "onclick", "onmouseover", "onerror", "javascript:",
                   "<style", "display:none", "<img", "iframe", "evil"):
        assert banned not in stored
    assert [block["type"] for block in article.body.raw_data] == ["paragraph", "quote",
                                                                  "paragraph"]
    first = article.body.raw_data[0]["value"]
    assert "<strong>một</strong>" in first and "<em>nghiêng</em>" in first
    assert '<a href="https://example.vn/x">tốt</a>' in first and " xấu " in first
    assert "<a>" not in first
    assert "<h2>Tiêu đề phụ</h2><ul><li>Một</li><li>Hai</li></ul>" in first
    assert article.body.raw_data[1]["value"]["text"] == "Câu trích dẫn."
    assert article.body.raw_data[2]["value"] == "<p>Đoạn cuối</p>"
    assert article.sapo == "Sapo đậm"

    page = client.get(article.get_absolute_url()).content.decode()
    assert "alert(" not in page and "onclick" not in page and "Câu trích dẫn." in page


def test_missing_published_at_is_dated_at_import(run_import, sections, tmp_path):
    path = tmp_path / "nodate.jsonl"
    record = {key: value for key, value in FERRY.items() if key != "published_at"}
    path.write_text(jsonl(record), encoding="utf-8")
    before = timezone.now()
    assert run_import(path).ok
    article = Article.objects.get()
    assert article.published_at >= before and article.live
    assert run_import(path).lines[0].startswith("unchanged ")


def test_legacy_text_in_a_field_is_converted(run_import, sections, tmp_path):
    from importer.legacy_encodings import VNI, encode_legacy

    path = tmp_path / "vni.jsonl"
    path.write_text(jsonl({**FERRY, "sapo": encode_legacy(FERRY["sapo"], VNI)}),
                    encoding="utf-8")
    assert run_import(path).ok
    assert Article.objects.get().sapo == FERRY["sapo"]


def test_every_bad_record_is_reported_with_its_line(run_import, sections, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(jsonl(
        FERRY,                                                     # 1 ok
        "{not json",                                               # 2
        {**FESTIVAL, "title": "  "},                               # 3 no title
        {key: v for key, v in FESTIVAL.items() if key != "section"},  # 4 no section
        {**FESTIVAL, "published_at": "29/11/2024"},                # 5 bad date
        {**FESTIVAL, "views": -3},                                 # 6 bad views
        {**FESTIVAL, "tags": "a, b"},                              # 7 tags not a list
        {**FESTIVAL, "source_url": "javascript:alert(1)"},         # 8 bad URL
        "[1, 2]",                                                  # 9 not an object
        "",                                                        # 10 blank: skipped
        {**FESTIVAL, "source_url": "https://example.vn/ok-2"},     # 11 ok
    ), encoding="utf-8")
    sections_before = Section.objects.count()

    result = run_import(path)

    assert not result.ok
    errors = [line for line in result.stderr.splitlines() if line.startswith(f"{path}:")]
    assert [int(line.split(":")[1]) for line in errors] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert "title" in errors[1] and "section" in errors[2] and "29/11/2024" in errors[3]
    assert len(result.lines) == 2 and all(line.startswith("created ") for line in result.lines)
    assert Article.objects.count() == 2
    assert Section.objects.count() == sections_before + 1  # only the good line's "Du lịch"
    assert "2 created, 0 updated, 0 unchanged, 8 errors" in result.stderr \
        or "2 bài mới" in result.stderr
