"""The one rule for text in every spreadsheet planwatch writes (the report's workbook, a round's
template): a text that begins like a formula (``=``, ``+``, ``-``, ``@``) is written as text, so that
``=HYPERLINK(…)`` typed into a comment reaches the reader as the characters typed, never as a live
formula of a file the province sends out."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

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
