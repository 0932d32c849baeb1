"""Reading a values file: CSV (UTF-8, with or without BOM) or XLSX whose header names its columns
(``COLUMNS``, any order): where the figure belongs (``target`` — a target address such as
``KG-219-KH-UBND/t12`` —, or ``indicator`` — a code, or a name with ``document`` —, with ``scope``
and ``unit_area``), when (``year`` or ``period``: 2025, 2025H1, 2025Q3, 2025M07), what (``value``,
``kind``: official / estimate / preliminary, ``comment``) and, for optimistic locking, the
``version`` read.

Rows are returned raw (text) with their line numbers; checking them against the catalogue is the
caller's job, so that every bad row can be reported at once.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from planwatch.domain.numbers import format_number
from planwatch.domain.text import nfc
from planwatch.intake.workbook import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    UnreadableFileError,
    size_text,
    workbook_rows,
)

COLUMNS = (
    "document",
    "target",
    "indicator",
    "scope",
    "unit_area",
    "year",
    "period",
    "kind",
    "value",
    "comment",
    "version",
)
# Each group needs one of its columns in the header.
REQUIRED = (("target", "indicator"), ("year", "period"), ("value",))

__all__ = [
    "COLUMNS",
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "RawRow",
    "UnreadableFileError",
    "read_rows",
]


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row of a values file, as text. ``line`` is the 1-based line (row) in the file."""

    line: int
    document: str = ""
    indicator: str = ""
    scope: str = ""
    unit_area: str = ""
    year: str = ""
    value: str = ""
    comment: str = ""
    target: str = ""
    period: str = ""
    kind: str = ""
    version: str = ""


def read_rows(path: Path) -> list[RawRow]:
    """Read every data row of a ``.csv`` or ``.xlsx`` values file.

    Raises:
        UnreadableFileError: missing file, unknown extension, bad encoding, corrupt XLSX, wrong header.
    """
    if not path.is_file():
        raise UnreadableFileError(f"không tìm thấy tệp {path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UnreadableFileError(f"{path.name}: tệp lớn hơn giới hạn {size_text(MAX_FILE_BYTES)}")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = _csv_table(path)
    elif suffix == ".xlsx":
        table = _xlsx_table(path)
    else:
        raise UnreadableFileError(
            f"{path.name}: chỉ nhận tệp .csv hoặc .xlsx (nhận được '{suffix or 'không đuôi'}')"
        )
    return _rows_from_table(path.name, table)


def _csv_table(path: Path) -> list[tuple[int, list[str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFileError(
            f"{path.name}: không phải UTF-8 (byte lỗi ở vị trí {error.start}); hãy lưu tệp dạng CSV UTF-8"
        ) from None
    reader = csv.reader(io.StringIO(nfc(text)))
    table: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if len(table) >= MAX_ROWS:
                raise UnreadableFileError(
                    f"{path.name}: quá {format_number(MAX_ROWS)} dòng; hãy chia thành nhiều tệp"
                )
            if any(len(cell) > MAX_CELL_CHARS for cell in row):
                raise UnreadableFileError(
                    f"{path.name}: một ô ở dòng {reader.line_num} dài quá "
                    f"{format_number(MAX_CELL_CHARS)} ký tự"
                )
            table.append((reader.line_num, row))
    except csv.Error as error:
        raise UnreadableFileError(f"{path.name}: CSV hỏng ở dòng {reader.line_num}: {error}") from None
    return table


def _xlsx_table(path: Path) -> list[tuple[int, list[str]]]:
    return list(workbook_rows(path, path.name))


def _rows_from_table(name: str, table: list[tuple[int, list[str]]]) -> list[RawRow]:
    non_empty = [(line, cells) for line, cells in table if any(c.strip() for c in cells)]
    if not non_empty:
        raise UnreadableFileError(f"{name}: tệp rỗng")
    header_cells = non_empty[0][1]
    header = [c.strip().lower() for c in header_cells]
    while header and not header[-1]:
        header.pop()
    missing = [" hoặc ".join(group) for group in REQUIRED if not any(c in header for c in group)]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        raise UnreadableFileError(
            f"{name}: dòng tiêu đề gồm các cột trong {','.join(COLUMNS)}"
            + (f"; thiếu cột {', '.join(missing)}" if missing else "")
            + (f"; cột lạ {', '.join(unknown)}" if unknown else "")
        )
    rows = []
    for line, cells in non_empty[1:]:
        record = {column: (cells[i].strip() if i < len(cells) else "") for i, column in enumerate(header)}
        rows.append(RawRow(line=line, **{c: record.get(c, "") for c in COLUMNS}))
    if not rows:
        raise UnreadableFileError(f"{name}: chỉ có dòng tiêu đề, không có số liệu")
    return rows
