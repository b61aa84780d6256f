"""Cells of every exported spreadsheet (CSV, .xlsx), safe to open in Excel or LibreOffice.

A spreadsheet reads a cell starting with `=`, `+`, `-` or `@` as a formula (tab and carriage
return can hide such a start), so a title typed as `=HYPERLINK("http://…")` or a DDE call
would run on the computer of whoever opens the export. Such a cell gets a leading apostrophe,
as OWASP advises: it shows as text and nothing is evaluated.

The project's own exports (the takedown log) write each cell through `spreadsheet_cell`;
Wagtail's admin exports (the reports' “Tải CSV/XLSX”, listings with `list_export`) go through
it by `guard_wagtail_exports`, installed when core starts.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """The value as a cell that no spreadsheet evaluates; numbers and dates stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
