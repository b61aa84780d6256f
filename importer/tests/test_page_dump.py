"""Importing plain-text page dumps: the seed page, its variants, and legacy-encoded text."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Revision

from importer.legacy_encodings import TCVN3, VNI, encode_legacy
from news.models import Article, Section

SEED_TITLE = (
    "Cụm thi đua các tỉnh miền Tây Nam bộ tổng kết công tác Hội và phong trào Chữ thập đỏ năm 2024"
)
CHROME_SAMPLES = ["TIN LIÊN QUAN", "Thống nhất mua 120 hiện vật", "Giám đốc: Nguyễn Văn Bốn",
                  "Công Văn 1633-CT-TU", "Góc doanh nghiệp"]

# A dump written for these tests (not taken from any outlet).
OWN_DUMP = """Huyện Kế Sách ra mắt chợ an toàn thực phẩm đầu tiên (Lượt xem: 2.345)
>> TIN TỨC >> Kinh tế >> Thị trường
Cập nhật: 05/03/2025Sáng 5/3, huyện Kế Sách ra mắt chợ bảo đảm an toàn thực phẩm đầu tiên của tỉnh.
Tiểu thương ký cam kết tại buổi ra mắt.
Theo ban quản lý, 120 sạp hàng đã được kiểm tra nguồn gốc hàng hóa và niêm yết giá./.
Bài, ảnh: Hồng Nhung
TIN LIÊN QUAN
- Một tin liên quan khác
"""


def seed_paragraphs(seed_text: str) -> list[str]:
    """The seed's article text, from "Sáng nay (29/11)" to "tại địa phương./.", by paragraph."""
    article = seed_text.split("TIN LIÊN QUAN")[0]
    start = article.index("Sáng nay (29/11)")
    end = article.index("tại địa phương./.") + len("tại địa phương./.")
    return [line.strip() for line in article[start:end].split("\n") if line.strip()]


def article_text(article: Article) -> str:
    """Sapo and body as a reader gets them, as one whitespace-normalised string."""
    html = "".join(str(block.render()) for block in article.body)
    body = BeautifulSoup(html, "html.parser").get_text("\n")
    return "\n".join(line.strip() for line in [article.sapo, *body.split("\n")] if line.strip())


def assert_in_order(haystack: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        assert found >= 0, f"missing or out of order: {needle[:60]!r}"
        position = found + len(needle)


def check_seed_article(article: Article, seed_text: str) -> None:
    assert article.title == SEED_TITLE
    assert article.view_count == 106
    assert timezone.localtime(article.published_at).date() == date(2024, 11, 29)
    assert timezone.localtime(article.updated_at).date() == date(2024, 11, 29)
    assert article.primary_section.name == "Tin địa phương"
    assert article.primary_section.parent.name == "Tin tức"
    assert article.byline == "Thuý Liễu, Văn Dô"
    text = article_text(article)
    paragraphs = seed_paragraphs(seed_text)
    assert text.startswith("Sáng nay (29/11)")
    assert text.endswith("tại địa phương./.")
    assert_in_order(text, paragraphs)
    assert article.sapo == paragraphs[0]
    stored = " ".join([article.title, article.sapo, article.byline, str(article.body.raw_data)])
    for chrome in CHROME_SAMPLES:
        assert chrome not in stored
    assert unicodedata.is_normalized("NFC", stored)


def test_seed_page_dump(run_import, seed_text, sections, tmp_path, client):
    dump = tmp_path / "seed.txt"
    dump.write_text(seed_text, encoding="utf-8")
    sections_before = Section.objects.count()

    result = run_import(dump)

    assert result.ok, result.stderr
    article = Article.objects.get()
    check_seed_article(article, seed_text)
    assert Section.objects.count() == sections_before  # "TIN TỨC" matched "Tin tức"
    assert article.live and article.first_published_at == article.published_at
    assert result.lines == [f"created {article.get_absolute_url()}"]
    assert re.fullmatch(r"/tin-dia-phuong/cum-thi-dua-[a-z0-9-]+-\d+\.html",
                        article.get_absolute_url())
    assert article.revisions.count() == 1 and article.live_revision is not None

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    story = soup.select_one("article.article")
    page_text = " ".join(story.get_text(" ").split())
    assert SEED_TITLE in page_text
    assert story.select_one("[data-view-count]").get_text() == "106"
    assert "29/11/2024" in page_text
    assert "Thuý Liễu, Văn Dô" in page_text
    assert_in_order(page_text, [" ".join(p.split()) for p in seed_paragraphs(seed_text)])
    assert page_text.rstrip().endswith("Thuý Liễu, Văn Dô")
    for chrome in CHROME_SAMPLES[1:]:
        assert chrome not in page_text
    crumbs = [li.get_text(strip=True).lstrip("» ") for li in soup.select("nav.breadcrumb li")]
    assert crumbs[1:] == ["TIN TỨC", "Tin địa phương"]


@pytest.mark.parametrize("variant", ["crlf", "nfd", "bom"])
def test_seed_variants_import_the_same_article(run_import, seed_text, sections, tmp_path,
                                               variant):
    dump = tmp_path / f"seed-{variant}.txt"
    if variant == "crlf":
        dump.write_bytes(seed_text.replace("\n", "\r\n").encode("utf-8"))
    elif variant == "nfd":
        nfd = unicodedata.normalize("NFD", seed_text)
        assert nfd != seed_text
        dump.write_text(nfd, encoding="utf-8")
    else:
        dump.write_bytes(b"\xef\xbb\xbf" + seed_text.encode("utf-8"))

    result = run_import(dump)

    assert result.ok, result.stderr
    check_seed_article(Article.objects.get(), seed_text)


def test_crlf_and_lf_dumps_are_the_same_article(run_import, seed_text, sections, tmp_path):
    (tmp_path / "a.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(seed_text.replace("\n", "\r\n").encode("utf-8"))
    result = run_import(tmp_path)
    assert result.ok, result.stderr
    assert [line.split()[0] for line in result.lines] == ["created", "unchanged"]
    assert Article.objects.count() == 1


def test_thousands_separators_and_three_level_breadcrumb(run_import, sections, tmp_path):
    dump = tmp_path / "cho.txt"
    dump.write_text(OWN_DUMP, encoding="utf-8")

    result = run_import(dump)

    assert result.ok, result.stderr
    article = Article.objects.get()
    assert article.view_count == 2345
    market = article.primary_section
    assert (market.name, market.parent.name, market.parent.parent) == (
        "Thị trường", "Kinh tế", sections["root"])
    assert market.slug == "thi-truong" and market.parent.slug == "kinh-te"
    assert article.get_absolute_url().startswith("/thi-truong/huyen-ke-sach-ra-mat-cho-")
    assert article.sapo.startswith("Sáng 5/3")
    assert article.byline == "Bài, ảnh: Hồng Nhung"
    assert "Tiểu thương ký cam kết tại buổi ra mắt." in article_text(article)  # caption kept
    assert "Một tin liên quan" not in article_text(article)


@pytest.mark.parametrize("views,expected", [("2,345", 2345), ("1.234.567", 1234567),
                                            ("7", 7)])
def test_view_count_separators(run_import, sections, tmp_path, views, expected):
    dump = tmp_path / "views.txt"
    dump.write_text(OWN_DUMP.replace("2.345", views), encoding="utf-8")
    assert run_import(dump).ok
    assert Article.objects.get().view_count == expected


@pytest.mark.parametrize("encoding", [VNI, TCVN3])
def test_legacy_encoded_dump_is_converted(run_import, sections, tmp_path, encoding):
    legacy = encode_legacy(OWN_DUMP, encoding)
    assert "Kế Sách" not in legacy  # really mojibake
    dump = tmp_path / f"{encoding}.txt"
    dump.write_text(legacy, encoding="utf-8")

    result = run_import(dump)

    assert result.ok, result.stderr
    article = Article.objects.get()
    assert article.title == "Huyện Kế Sách ra mắt chợ an toàn thực phẩm đầu tiên"
    assert article.view_count == 2345
    assert article.byline == "Bài, ảnh: Hồng Nhung"
    assert article.sapo.startswith("Sáng 5/3, huyện Kế Sách ra mắt chợ bảo đảm an toàn")
    assert "Tiểu thương ký cam kết" in article_text(article)
    assert article.primary_section.name == "Thị trường"


def test_legacy_8bit_file_is_converted(run_import, sections, tmp_path):
    """A VNI Word document saved as ANSI text: cp1252 bytes, not UTF-8."""
    dump = tmp_path / "vni-ansi.txt"
    dump.write_bytes(encode_legacy(OWN_DUMP, VNI).encode("cp1252"))
    result = run_import(dump)
    assert result.ok, result.stderr
    assert Article.objects.get().title.startswith("Huyện Kế Sách")


def test_unicode_page_with_a_pasted_legacy_paragraph(run_import, sections, tmp_path):
    lines = OWN_DUMP.split("\n")
    lines[3] = encode_legacy(lines[3], VNI)
    dump = tmp_path / "mixed.txt"
    dump.write_text("\n".join(lines), encoding="utf-8")
    result = run_import(dump)
    assert result.ok, result.stderr
    assert "Tiểu thương ký cam kết tại buổi ra mắt." in article_text(Article.objects.get())


def test_unconvertible_legacy_text_is_rejected(run_import, sections, tmp_path):
    lines = OWN_DUMP.split("\n")
    # "iø": a VNI tone mark with no vowel to carry it cannot be converted.
    lines[4] = encode_legacy(lines[4], VNI) + " nhöng iø thì sao"
    lines[3] = encode_legacy(lines[3], VNI)
    dump = tmp_path / "broken-vni.txt"
    dump.write_text("\n".join(lines), encoding="utf-8")

    result = run_import(dump)

    assert not result.ok
    assert f"{dump}:5: " in result.stderr
    assert "VNI" in result.stderr and "Unikey" in result.stderr
    assert Article.objects.count() == 0


@pytest.mark.parametrize("text,line,fragment", [
    ("Một tiêu đề không có lượt xem\n>> TIN TỨC >> Tin địa phương\nCập nhật: 01/02/2024Bài.\n",
     1, "Lượt xem"),
    ("Tiêu đề (Lượt xem: 5)\nTIN TỨC > Tin địa phương\nCập nhật: 01/02/2024Bài.\n", 2, ">>"),
    ("Tiêu đề (Lượt xem: 5)\n>> A >> B >> C >> D\nCập nhật: 01/02/2024Bài.\n", 2, "4"),
    ("Tiêu đề (Lượt xem: 5)\n>> TIN TỨC >> Tin địa phương\nNgày 01/02/2024 Bài.\n", 3,
     "Cập nhật"),
    ("Tiêu đề (Lượt xem: 5)\n>> TIN TỨC >> Tin địa phương\nCập nhật: 31/02/2024Bài.\n", 3,
     "31/02/2024"),
    ("Tiêu đề (Lượt xem: 5)\n>> TIN TỨC >> Tin địa phương\nCập nhật: 01/02/2024\nTIN LIÊN QUAN\n",
     3, ""),
    ("Tiêu đề (Lượt xem: 2.5)\n>> TIN TỨC >> Tin địa phương\nCập nhật: 01/02/2024Bài.\n", 1,
     "2.5"),
])
def test_dump_without_the_page_structure_is_rejected(run_import, sections, tmp_path, text,
                                                     line, fragment):
    dump = tmp_path / "bad.txt"
    dump.write_text(text, encoding="utf-8")
    result = run_import(dump)
    assert not result.ok
    reported = [entry for entry in result.stderr.splitlines()
                if entry.startswith(f"{dump}:{line}: ")]
    assert reported and fragment in reported[0]
    assert Article.objects.count() == 0 and Revision.objects.count() == 0
    assert Section.objects.count() == 4  # no section created for a rejected dump


def test_sections_are_created_where_the_breadcrumb_puts_them(run_import, db, tmp_path):
    dump = tmp_path / "fresh.txt"
    dump.write_text(OWN_DUMP, encoding="utf-8")
    assert run_import(dump).ok
    market = Article.objects.get().primary_section
    assert [s.name for s in market.lineage()] == ["Tin tức", "Kinh tế", "Thị trường"]
    assert [s.slug for s in market.lineage()] == ["tin-tuc", "kinh-te", "thi-truong"]
    second = tmp_path / "second.txt"
    second.write_text(OWN_DUMP.replace("Huyện Kế Sách", "Huyện Mỹ Tú").replace(
        ">> TIN TỨC >> Kinh tế >> Thị trường", ">> Tin Tuc >> KINH TE"), encoding="utf-8")
    assert run_import(second).ok
    assert Section.objects.count() == 3
    assert Article.objects.get(title__startswith="Huyện Mỹ Tú").primary_section.name == "Kinh tế"
