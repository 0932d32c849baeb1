"""Lay a report out as an Excel workbook: the annex table and the raw figures.

Sheet ``Phụ lục I``: the annex of the docx (every target, grouped as in the document, group rows
merged across the table), status cells in the status colours, headers frozen and repeated when
printed. Sheet ``Số liệu``: every stored figure the report rests on, with its state, whether it is
illustrative, and where it came from. Illustrative figures put a ``SỐ LIỆU MINH HỌA`` banner row at the
top of every sheet.

Numbers stay numbers (so they can be summed), with number formats that carry the Vietnamese locale
tag ``[$-42A]`` and just the decimals each value needs (``#,##0.0``). A format code cannot fix the
separators themselves: a spreadsheet draws them from the locale, so a Vietnamese system shows
``1.500`` and ``99,5``. The docx annex, which is the official text, writes them out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.domain.vocabulary import Assessment, Status
from planwatch.reporting.content import DEMO_BANNER, AnnexRow, ReportContent
from planwatch.reporting.spreadsheet import formulas_as_text

FONT = "Times New Roman"
VIETNAMESE = "[$-42A]"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
DEMO_FILL = PatternFill("solid", fgColor="FDE2E1")
DEMO_FONT = Font(name=FONT, size=12, bold=True, color="B3261E")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
DEMO_NOTE = f"{DEMO_BANNER} — các số liệu là số liệu minh họa, không phải số liệu thống kê chính thức"


def number_format(value: float) -> str:
    """A Vietnamese number format with the decimals the value needs (at most 2): ``1.500``, ``99,5``."""
    text = f"{abs(value):.2f}".rstrip("0").rstrip(".")
    decimals = len(text.partition(".")[2])
    return f"{VIETNAMESE}#,##0" + ("." + "0" * decimals if decimals else "")


def render_xlsx(content: ReportContent) -> bytes:
    """The report's annex and raw figures as an .xlsx workbook.

    Args:
        content: what ``build_report`` made.

    Returns:
        The bytes of the Excel file.
    """
    workbook = Workbook()
    annex = workbook.active
    assert annex is not None  # a new workbook has one sheet
    annex.title = "Phụ lục I"
    _annex_sheet(annex, content)
    _raw_sheet(workbook.create_sheet("Số liệu"), content)
    workbook.properties.title = content.header.summary
    workbook.properties.creator = "planwatch"
    workbook.properties.language = "vi-VN"
    formulas_as_text(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _banner(sheet: Worksheet, row: int, columns: int) -> int:
    """The demo banner across the sheet; returns the next free row."""
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = sheet.cell(row=row, column=1, value=DEMO_NOTE)
    cell.font, cell.fill, cell.alignment = DEMO_FONT, DEMO_FILL, CENTRE
    sheet.row_dimensions[row].height = 22
    return row + 1


def _merged_line(sheet: Worksheet, row: int, columns: int, text: str, font: Font) -> int:
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = sheet.cell(row=row, column=1, value=text)
    cell.font, cell.alignment = font, CENTRE
    return row + 1


def _annex_headings(content: ReportContent) -> list[tuple[str, float]]:
    annex = content.annex
    columns = [("TT", 6.0), ("Chỉ tiêu", 48.0), ("ĐVT", 12.0), ("Mục tiêu", 16.0), ("Cơ sở", 10.0)]
    columns.append(("Năm cơ sở", 9.0))
    columns += [(heading, 12.0) for heading in annex.year_headings]
    if annex.is_review:
        columns += [(f"Đánh giá năm {year}", 15.0) for year in annex.years]
    columns += [("Đánh giá", 16.0), ("Đơn vị theo dõi", 36.0)]
    return columns


def _annex_sheet(sheet: Worksheet, content: ReportContent) -> None:
    annex = content.annex
    headings = _annex_headings(content)
    width = len(headings)
    row = 1
    if content.is_demo:
        row = _banner(sheet, row, width)
    row = _merged_line(sheet, row, width, annex.heading, Font(name=FONT, size=14, bold=True))
    row = _merged_line(sheet, row, width, annex.title, Font(name=FONT, size=13, bold=True))
    row = _merged_line(sheet, row, width, annex.subtitle, Font(name=FONT, size=12, italic=True))
    row += 1
    header_row = row
    _header_row(sheet, row, headings)
    sheet.row_dimensions[row].height = 32
    row += 1
    for group in annex.groups:
        if group.number:
            for column in range(1, width + 1):
                group_cell = sheet.cell(row=row, column=column)
                group_cell.font, group_cell.fill = Font(name=FONT, size=12, bold=True), GROUP_FILL
                group_cell.border, group_cell.alignment = BORDER, CENTRE if column == 1 else WRAP
            sheet.cell(row=row, column=1, value=group.number)
            sheet.cell(row=row, column=2, value=group.title)
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
            row += 1
        for annex_row in group.rows:
            _annex_row(sheet, row, annex_row, annex.is_review)
            row += 1
    sheet.freeze_panes = f"C{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _annex_row(sheet: Worksheet, row: int, annex_row: AnnexRow, is_review: bool) -> None:
    """One target: (value, status that colours the cell) per column."""
    cells: list[tuple[float | int | str | None, Status | None]] = [
        (annex_row.number, None),
        (annex_row.indicator, None),
        (annex_row.unit or "", None),
        (annex_row.goal, None),
        (annex_row.baseline_value, None),
        (annex_row.baseline_year, None),
    ]
    cells += [(_figure(value), None) for value in annex_row.values]
    if is_review:
        cells += [(status.label, status) for status in annex_row.history]
    cells += [(annex_row.status.label, annex_row.status), (annex_row.responsible, None)]
    last = len(cells)
    for column, (value, status) in enumerate(cells, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.font = Font(name=FONT, size=12)
        cell.border = BORDER
        cell.alignment = WRAP if column in (2, last) else CENTRE
        if isinstance(value, float):
            cell.number_format = number_format(value)
        if status is not None:
            cell.fill = PatternFill("solid", fgColor=status.colour.lstrip("#").upper())
            cell.font = Font(name=FONT, size=12, color=status.text_colour.lstrip("#").upper())


def _figure(value: float | Assessment | None) -> float | str | None:
    if isinstance(value, Assessment):
        return value.label
    return value


def _raw_sheet(sheet: Worksheet, content: ReportContent) -> None:
    headings = [
        ("Mã chỉ tiêu", 11.0),
        ("Chỉ tiêu", 48.0),
        ("Phạm vi", 16.0),
        ("Địa bàn", 22.0),
        ("Năm", 8.0),
        ("Giá trị", 12.0),
        ("Đánh giá định tính", 16.0),
        ("ĐVT", 12.0),
        ("Trạng thái", 12.0),
        ("Số liệu minh họa", 12.0),
        ("Nguồn", 36.0),
        ("Cập nhật lúc", 17.0),
        ("Ghi chú", 30.0),
    ]
    row = 1
    if content.is_demo:
        row = _banner(sheet, row, len(headings))
    header_row = row
    _header_row(sheet, row, headings)
    for value in content.raw_values:
        row += 1
        cells: list[float | int | str | datetime | None] = [
            value.target_key,
            value.indicator,
            value.scope or "",
            value.area,
            value.year,
            value.value,
            value.assessment.label if value.assessment else "",
            value.unit or "",
            value.state.label,
            "Có" if value.is_demo else "",
            value.source,
            value.changed_at.replace(tzinfo=None) if value.changed_at else None,
            value.comment,
        ]
        for column, item in enumerate(cells, start=1):
            cell = sheet.cell(row=row, column=column, value=item)
            cell.font = Font(name=FONT, size=12)
            cell.border = BORDER
            cell.alignment = WRAP
            if isinstance(item, float):
                cell.number_format = number_format(item)
            elif isinstance(item, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
        if value.is_demo:
            sheet.cell(row=row, column=10).fill = DEMO_FILL
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headings))}{max(row, header_row)}"


def _header_row(sheet: Worksheet, row: int, headings: Sequence[tuple[str, float]]) -> None:
    """Bold, shaded, bordered column headings on ``row``, each column set to its width."""
    for column, (heading, width) in enumerate(headings, start=1):
        cell = sheet.cell(row=row, column=column, value=heading)
        cell.font, cell.fill, cell.alignment, cell.border = (
            Font(name=FONT, size=12, bold=True),
            HEADER_FILL,
            CENTRE,
            BORDER,
        )
        sheet.column_dimensions[get_column_letter(column)].width = width
