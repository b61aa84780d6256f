"""The takedown log's CSV: titles, reasons and names typed by people never run as formulas
in the spreadsheet that opens it (core.spreadsheets). Before: written as typed."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from core.tests.test_spreadsheets import ATTACKS

from .conftest import client_for
from .test_role_boundaries import make_live


def test_takedown_csv_cells_cannot_be_formulas(sections, reporter, approver):
    from newsroom.services import withdraw

    approver.first_name, approver.last_name = "@SUM(1+1)", "=cmd"
    approver.save()
    for title in ATTACKS:
        withdraw(make_live(sections["local"], reporter, title), approver, title)
    response = client_for(approver).get(reverse("newsroom:takedown_log_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))[1:]
    assert len(rows) == len(ATTACKS)
    for row, title in zip(rows, ATTACKS, strict=True):
        assert row[3] == "'" + title  # the title as typed
        assert row[6] == "'" + title.strip()  # the reason (stored trimmed)
        assert row[7].startswith("'")  # the approver's name
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
