"""The spreadsheet of one sender of a round: written pre-filled, read back into the same rows the form
sends (services.round_figures_save validates both the same way)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from planwatch.domain.errors import ImportRejectedError, InvalidValueError
from planwatch.domain.numbers import format_number, is_ascii_digits
from planwatch.intake.workbook import Limits, workbook_rows
from planwatch.reporting.spreadsheet import formulas_as_text
from planwatch.web.rounds.models import RoundSender
from planwatch.web.rounds.selectors import entry_rows
from planwatch.web.rounds.services import EntryInput

SHEET = "So lieu"
ID_HEADER = "Mã (không sửa)"
VALUE_HEADER_PREFIX = "Số liệu năm "
EXPLANATION_HEADER = "Giải trình"
HEADER_ROW = 3
MAX_BYTES = 5 * 1024 * 1024
# One row per target of a document: a few hundred; explanations are a few sentences.
LIMITS = Limits(file_bytes=MAX_BYTES, rows=10_000, cell_chars=2_000, text_chars=5_000_000)


def sender_workbook(sender: RoundSender) -> bytes:
    """A pre-filled workbook: one row per target, the value and explanation columns to fill."""
    round_ = sender.round
    rows = entry_rows(sender)
    previous_years = [round_.year - 3, round_.year - 2, round_.year - 1]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet["A1"] = f"Đợt báo cáo năm {round_.year} — {round_.document} — {sender.name}"
    sheet["A1"].font = Font(bold=True)
    sheet["A2"] = (
        f"Hạn gửi {round_.deadline_on:%d/%m/%Y}. Ghi số kiểu Việt Nam (99,5; 1.500) "
        "hoặc đạt / đạt một phần / "
        "chưa đạt; không sửa cột Mã. Tải lên lại trên trang nhập số liệu."
    )
    headers = [
        ID_HEADER,
        "STT",
        "Chỉ tiêu",
        "Phạm vi",
        "Đơn vị tính",
        "Mục tiêu",
        "Cơ sở",
        *[f"Năm {y}" for y in previous_years],
        f"{VALUE_HEADER_PREFIX}{round_.year}",
        EXPLANATION_HEADER,
    ]
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=text)
        cell.font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for offset, row in enumerate(rows, start=1):
        line = HEADER_ROW + offset
        cells: list[str | int] = [
            row.target.pk,
            offset,
            row.target.indicator_name,
            row.target.scope,
            row.target.unit,
            row.target_text,
            row.baseline_text,
            *[row.previous.get(y, "") for y in previous_years],
            row.value_text,
            row.explanation,
        ]
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=line, column=column, value=value)
        sheet.cell(row=line, column=len(headers) - 1).fill = fill
        sheet.cell(row=line, column=len(headers)).fill = fill
    sheet.column_dimensions["C"].width = 60
    formulas_as_text(book)
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def entries_from_workbook(data: bytes, year: int, name: str = "Tệp Excel") -> list[EntryInput]:
    """Read the uploaded workbook back into rows, each numbered by its spreadsheet row.

    Raises:
        UnreadableFileError: not a workbook, a damaged one, or past a limit (the limit named).
        InvalidValueError: not a workbook of this round (no header row with the value column).
        ImportRejectedError: a row whose target code cannot be read.
    """
    rows = [cells for _, cells in workbook_rows(data, name, sheet=SHEET, limits=LIMITS)]
    header_at = next((i for i, row in enumerate(rows) if ID_HEADER in row), None)
    if header_at is None:
        raise InvalidValueError(
            f"Tệp không có dòng tiêu đề với cột '{ID_HEADER}': hãy dùng tệp tải về từ đợt này."
        )
    header = rows[header_at]
    value_header = f"{VALUE_HEADER_PREFIX}{year}"
    if value_header not in header:
        raise InvalidValueError(f"Tệp không có cột '{value_header}': tệp của một đợt báo cáo khác?")
    id_col, value_col = header.index(ID_HEADER), header.index(value_header)
    explanation_col = header.index(EXPLANATION_HEADER) if EXPLANATION_HEADER in header else None
    entries: list[EntryInput] = []
    problems: list[tuple[int, str]] = []
    for index, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = list(row) + [""] * (len(header) - len(row))
        code = cells[id_col]
        value = cells[value_col]
        explanation = cells[explanation_col] if explanation_col is not None else ""
        if not code and not value:
            continue
        if not is_ascii_digits(code):
            problems.append(
                (index, f"cột '{ID_HEADER}' phải giữ nguyên mã chỉ tiêu, không phải '{code[:40]}'")
            )
            continue
        entries.append(EntryInput(line=index, target_id=int(code), value_text=value, explanation=explanation))
    if problems:
        raise ImportRejectedError(problems)
    return entries


def number_text(value: float | None) -> str:
    return format_number(value) if value is not None else ""
