"""The report as .xlsx and CSV, read back: Vietnamese headers, the known sums, and titles that
look like formulas kept as text."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from .conftest import FORMULA_TITLE, MONTH, client_for

HEADERS = ["STT", "Ngày đăng", "Mã bài", "Tiêu đề", "Chuyên mục", "Người viết", "Thể loại",
           "Số chữ", "Lượt xem", "Điểm", "Thành tiền (đồng)"]


def test_xlsx_reads_back_with_the_known_sums(known_month, editor):
    response = client_for(editor).get(reverse("royalties:export_xlsx"), {"month": MONTH})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="nhuan-but-2025-03.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Bài viết", "Theo người viết", "Theo chuyên mục"]
    articles = list(workbook["Bài viết"].iter_rows(values_only=True))
    assert list(articles[0]) == HEADERS
    assert len(articles) == 6
    first = articles[1]
    assert first[3] == "Tin đầu tháng" and first[6] == "Tin" and first[1].day == 1
    assert first[7:] == (5, 100, 1.5, 150_000)
    formula_row = next(row for row in articles if "HYPERLINK" in str(row[3]))
    assert formula_row[3] == "'" + FORMULA_TITLE
    for row in workbook["Bài viết"].iter_rows(min_row=2):
        assert row[3].data_type == "s"
    people = {row[0]: row[1:] for row in
              workbook["Theo người viết"].iter_rows(min_row=2, values_only=True)}
    assert people["Phongvien"] == (2, 20, 350, 4.5, 450_000)
    assert people["Tổng cộng"] == (5, 27, 1360, 11.5, 1_150_000)
    sections = {row[0]: row[1:] for row in
                workbook["Theo chuyên mục"].iter_rows(min_row=2, values_only=True)}
    assert sections["Tin địa phương"] == (4, 12, 1110, 8.5, 850_000)


def test_csv_reads_back_with_the_known_sums(known_month, editor):
    response = client_for(editor).get(reverse("royalties:export_csv"), {"month": MONTH})
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS
    assert len(rows) == 7  # headers, five articles, the total
    assert rows[1][1] == "01/03/2025 00:30" and rows[1][7:] == ["5", "100", "1.50", "150000"]
    assert rows[-1][3] == "Tổng cộng" and rows[-1][7:] == ["27", "1360", "11.50", "1150000"]
    assert sum(Decimal(row[9]) for row in rows[1:-1]) == Decimal("11.5")
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
    assert ["'" + FORMULA_TITLE] == [row[3] for row in rows if "HYPERLINK" in row[3]]


def test_a_reporters_export_holds_only_their_articles(known_month, reporter):
    response = client_for(reporter).get(reverse("royalties:export_csv"), {"month": MONTH})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert {row[5] for row in rows[1:-1]} == {"Phongvien"}
    assert rows[-1][-1] == "450000"
