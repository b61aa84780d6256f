"""Cells of every exported spreadsheet (CSV, .xlsx), safe to open in Excel or LibreOffice.

A spreadsheet reads a cell starting with `=`, `+`, `-` or `@` as a formula (tab and carriage
return can hide such a start), so a title typed as `=HYPERLINK("http://…")` or a DDE call
would run on the computer of whoever opens the export. Such a cell gets a leading apostrophe,
as OWASP advises: it shows as text and nothing is evaluated.

The project's own exports (the takedown log, the royalty reports) write each cell through
`spreadsheet_cell`, or build whole files with `csv_text` and `xlsx_bytes`;
Wagtail's admin exports (the reports' “Tải CSV/XLSX”, listings with `list_export`) go through
it by `guard_wagtail_exports`, installed when core starts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """The value as a cell that no spreadsheet evaluates; numbers and dates stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV file's text with a UTF-8 byte-order mark, which Excel needs to read Vietnamese."""
    out = io.StringIO(newline="")
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([spreadsheet_cell(str(header)) for header in headers])
    for row in rows:
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return out.getvalue()


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[Any], Iterable[Sequence[Any]]]]) -> bytes:
    """An .xlsx workbook, one sheet per (title, headers, rows); headers in bold, frozen.

    Every string is written as text (openpyxl would store a string starting with `=` as a
    formula) after `spreadsheet_cell`.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([spreadsheet_cell(str(header)) for header in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for number, row in enumerate(rows, start=2):
            values = [spreadsheet_cell(value) for value in row]
            sheet.append(values)
            for column, value in enumerate(values, start=1):
                if isinstance(value, str):  # a direct lookup: max_row would scan the sheet
                    sheet.cell(row=number, column=column).data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def guard_wagtail_exports() -> None:
    """Make Wagtail's SpreadsheetExportMixin (every admin CSV and .xlsx export) write its
    cells through `spreadsheet_cell`."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "guards_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_cell(original(self, field, value, export_format))

    preprocess_field_value.guards_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
