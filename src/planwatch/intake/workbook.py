"""Reading an uploaded workbook (.xlsx) safely: the one reader of the values import and of a round's
spreadsheet.

Reading streams the sheet (openpyxl's read-only mode) and stops at the first limit passed, naming it:
the file's size, its unpacked size (a small file can unpack to gigabytes), the rows, one cell's length
and the text of the whole sheet. Every zip, XML or workbook fault becomes one ``UnreadableFileError``
sentence, never a traceback. Numbers come back as the text a person would type, in Vietnamese notation
(32.125 -> ``32,125``), so that ``parse_number`` reads what the cell holds.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO

from planwatch.domain.errors import DomainError
from planwatch.domain.numbers import format_number
from planwatch.domain.text import nfc

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
# openpyxl reads the table of shared strings whole, before the first row: bounded apart.
MAX_SHARED_STRINGS_BYTES = 40 * 1024 * 1024
MAX_ROWS = 150_000
MAX_COLUMNS = 64
MAX_CELL_CHARS = 2_000
MAX_TEXT_CHARS = 30_000_000


class UnreadableFileError(DomainError):
    """The file cannot be read at all (wrong format, encoding, header, or a limit passed)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What one reading accepts; the defaults are the values import's (README, "Limits")."""

    file_bytes: int = MAX_FILE_BYTES
    rows: int = MAX_ROWS
    cell_chars: int = MAX_CELL_CHARS
    text_chars: int = MAX_TEXT_CHARS


def size_text(size: int) -> str:
    """``20 MB``, ``512 KB``."""
    if size >= 1024 * 1024:
        return f"{format_number(size / (1024 * 1024))} MB"
    return f"{format_number(size / 1024)} KB"


def workbook_rows(
    source: Path | bytes, name: str, *, sheet: str | None = None, limits: Limits = Limits()
) -> Iterator[tuple[int, list[str]]]:
    """The rows of one sheet (``sheet`` when the workbook has it, else the first), numbered from 1,
    each cell as text.

    Raises:
        UnreadableFileError: not a workbook, a damaged one, or a limit passed (named in the message).
    """
    size = len(source) if isinstance(source, bytes) else source.stat().st_size
    if size > limits.file_bytes:
        raise UnreadableFileError(f"{name}: tệp lớn hơn giới hạn {size_text(limits.file_bytes)}")
    stream: IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
    try:
        yield from _rows(stream, name, sheet, limits)
    except UnreadableFileError:
        raise
    except Exception as error:  # any fault of an untrusted file (zip, XML, workbook) is one refusal
        kind = type(error).__name__
        raise UnreadableFileError(
            f"{name}: không đọc được tệp XLSX (tệp hỏng hoặc không phải .xlsx: {kind})"
        ) from None
    finally:
        stream.close()


def _rows(stream: IO[bytes], name: str, sheet: str | None, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # imported here: only workbook readers pay for it

    with zipfile.ZipFile(stream) as archive:
        members = archive.infolist()
        strings = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES or strings > MAX_SHARED_STRINGS_BYTES:
            raise UnreadableFileError(
                f"{name}: tệp giải nén ra quá lớn (giới hạn {size_text(MAX_UNPACKED_BYTES)}, "
                f"chữ trong các ô {size_text(MAX_SHARED_STRINGS_BYTES)}); không nhận tệp này"
            )
    stream.seek(0)
    book = load_workbook(stream, read_only=True, data_only=True)
    try:
        if not book.sheetnames:
            raise UnreadableFileError(f"{name}: tệp Excel không có trang tính nào")
        chosen = book[sheet] if sheet is not None and sheet in book.sheetnames else book.worksheets[0]
        text_chars = 0
        for index, cells in enumerate(chosen.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
            if index > limits.rows:
                raise UnreadableFileError(
                    f"{name}: quá {format_number(limits.rows)} dòng; hãy chia thành nhiều tệp"
                )
            texts = [cell_text(cell) for cell in cells]
            for column, text in enumerate(texts, start=1):
                if len(text) > limits.cell_chars:
                    raise UnreadableFileError(
                        f"{name}: ô ở dòng {index}, cột {column} dài quá "
                        f"{format_number(limits.cell_chars)} ký tự"
                    )
                text_chars += len(text)
            if text_chars > limits.text_chars:
                raise UnreadableFileError(
                    f"{name}: tổng nội dung quá {format_number(limits.text_chars)} ký tự (đến dòng {index})"
                )
            yield index, texts
    finally:
        book.close()


def cell_text(cell: object) -> str:
    """A cell as a person would have typed it: 32.125 -> ``32,125`` (a decimal comma: ``32.125`` reads
    as thirty-two thousand), 1500.0 -> ``1500``, text as it is (NFC)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        if not math.isfinite(cell):
            return str(cell)  # "inf", "nan": refused by parse_number
        if cell.is_integer() and abs(cell) < 1e18:
            return str(int(cell))
        return format(Decimal(repr(cell)), "f").replace(".", ",")
    return nfc(str(cell)).strip()
