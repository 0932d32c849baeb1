"""A table of a page as a file: xlsx (numbers stay numbers, shown the Vietnamese way) or csv.

- **xlsx**: one sheet, a bold heading row, numbers as numbers with a Vietnamese format (``1.500``,
  ``99,5``: the file holds the number, Excel shows it with the reader's separators), texts that begin
  like a formula written as text (``spreadsheet.formulas_as_text``, the one rule of every workbook).
- **csv**: UTF-8 with a byte-order mark, so that Excel opens the Vietnamese letters right; commas
  between the fields; numbers with a decimal *point* and no thousands separator (``1500.25``), the
  form every program reads back; a text that begins like a formula (``=``, ``+``, ``-``, ``@``) gets
  a leading apostrophe, so no spreadsheet runs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from planwatch.reporting.spreadsheet import FORMULA_STARTS, formulas_as_text
from planwatch.reporting.xlsx_layout import number_format

Cell = str | int | float | None
BOM = "\ufeff"


def table_xlsx(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, note: str = ""
) -> bytes:
    """The table as a workbook of one sheet named ``title`` (cut to Excel's 31 characters); ``note``,
    when given (e.g. "Số liệu minh họa"), is the first line above the headings."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Bảng"
    if note:
        sheet.append([note])
        sheet.cell(row=1, column=1).font = Font(bold=True, color="9C2A00")
    sheet.append(list(headers))
    heading_row = sheet.max_row
    for column in range(1, len(headers) + 1):
        sheet.cell(row=heading_row, column=column).font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for column, value in enumerate(row, start=1):
            if isinstance(value, float | int) and not isinstance(value, bool):
                sheet.cell(row=sheet.max_row, column=column).number_format = number_format(float(value))
    for column, header in enumerate(headers, start=1):
        width = max([len(header), *(len(str(r[column - 1] or "")) for r in rows[:200])])
        sheet.column_dimensions[get_column_letter(column)].width = min(60, width + 2)
    sheet.freeze_panes = f"A{heading_row + 1}"
    workbook.properties.title = title
    workbook.properties.creator = "planwatch"
    workbook.properties.language = "vi-VN"
    formulas_as_text(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(value: Cell) -> str:
    """One field as the csv holds it (see the module's rules)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)  # shortest exact form: 99.5
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def table_csv(headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, note: str = "") -> bytes:
    """The table as UTF-8 csv with a byte-order mark; ``note`` is a first line of its own."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if note:
        writer.writerow([note])
    writer.writerow(list(headers))
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
