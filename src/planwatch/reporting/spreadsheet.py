"""The one rule for text in every spreadsheet planwatch writes (the report's workbook, a round's
template): a text that begins like a formula (``=``, ``+``, ``-``, ``@``) is written as text, so that
``=HYPERLINK(…)`` typed into a comment reaches the reader as the characters typed, never as a live
formula of a file the province sends out."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@")


def formulas_as_text(workbook: Workbook) -> None:
    """Make every formula-like text cell of ``workbook`` a text cell (call it just before saving)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if (
                    isinstance(cell, Cell)
                    and isinstance(cell.value, str)
                    and cell.value.startswith(FORMULA_STARTS)
                ):
                    cell.data_type = "s"  # openpyxl made it "f" (a formula) for a leading "="
                    cell.quotePrefix = True  # and the spreadsheet shows it as text when edited


def streamed_row(sheet: WriteOnlyWorksheet, values: list[object]) -> list[object]:
    """A row for ``sheet.append`` of a write-only (streamed) workbook, where ``formulas_as_text`` cannot
    go back over the cells: a formula-like text becomes a text cell here, by the same rule."""
    row: list[object] = []
    for value in values:
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            row.append(cell)
        else:
            row.append(value)
    return row


def csv_text(value: object) -> str:
    """A CSV cell by the same rule: a formula-like text gets a leading apostrophe, which spreadsheets
    show as text and do not evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
