"""The workbook reader: numbers as numbers, limits while streaming, and every damaged workbook refused
in one sentence. The damaged workbooks are made here from a good one."""

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from planwatch.domain.numbers import parse_number
from planwatch.intake import workbook
from planwatch.intake.rows import read_rows
from planwatch.intake.workbook import Limits, UnreadableFileError, cell_text, workbook_rows

HEADER = ["document", "indicator", "scope", "unit_area", "year", "value", "comment"]


def good_workbook(*rows: list[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows or (["219/KH-UBND", "Tỷ lệ hộ nghèo", None, None, 2024, 1.5, "ước"],):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezipped(data: bytes, change: dict[str, bytes | None]) -> bytes:
    """``data`` with members replaced or added (bytes) or removed (None)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename in change:
                replacement = change[member.filename]
                if replacement is not None:
                    target.writestr(member.filename, replacement)
            else:
                target.writestr(member, source.read(member))
        for name, added in change.items():
            if added is not None and name not in source.namelist():
                target.writestr(name, added)
    return buffer.getvalue()


def test_a_decimal_cell_is_read_as_the_number_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "values.xlsx"
    path.write_bytes(good_workbook(["219/KH-UBND", "Tỷ lệ", None, None, 2024, 32.125, None]))
    (row,) = read_rows(path)
    assert parse_number(row.value) == 32.125  # was 32125: str(32.125) read with a thousands dot
    assert row.year == "2024"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(32.125, "32,125"), (1500.0, "1500"), (1e-05, "0,00001"), (7, "7"), (None, ""), ("  x ", "x")],
)
def test_cell_text_writes_what_a_person_would_type(cell: object, expected: str) -> None:
    assert cell_text(cell) == expected


GOOD = good_workbook()
DAMAGED = {
    "truncated": GOOD[: len(GOOD) // 2],
    "not a zip": b"PK\x03\x04 not really a workbook",
    "sheet missing": rezipped(GOOD, {"xl/worksheets/sheet1.xml": None}),
    "broken sheet XML": rezipped(GOOD, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"}),
    "no sheets": rezipped(
        GOOD,
        {
            "xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheets/></workbook>"
        },
    ),
    "workbook part missing": rezipped(GOOD, {"xl/workbook.xml": None}),
    "content types missing": rezipped(GOOD, {"[Content_Types].xml": None}),
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_a_damaged_workbook_is_one_refusal(tmp_path: Path, name: str) -> None:
    path = tmp_path / "values.xlsx"
    path.write_bytes(DAMAGED[name])
    with pytest.raises(UnreadableFileError) as refused:
        read_rows(path)
    assert "\n" not in str(refused.value)
    assert str(refused.value).startswith("values.xlsx: ")


def test_rows_past_the_limit_are_refused_with_the_limit() -> None:
    data = good_workbook(*[["d", "i", None, None, 2024, n, None] for n in range(20)])
    with pytest.raises(UnreadableFileError, match="quá 10 dòng"):
        list(workbook_rows(data, "v.xlsx", limits=Limits(rows=10)))


def test_a_long_cell_is_refused_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "values.xlsx"
    path.write_bytes(good_workbook(["219/KH-UBND", "Tỷ lệ", None, None, 2024, 1, "x" * 5000]))
    with pytest.raises(UnreadableFileError, match=r"dòng 2, cột 7 dài quá 2\.000 ký tự"):
        read_rows(path)


def test_the_text_of_the_whole_sheet_is_bounded() -> None:
    data = good_workbook(*[["d", "i", None, None, 2024, n, "y" * 100] for n in range(50)])
    with pytest.raises(UnreadableFileError, match=r"tổng nội dung quá 1\.000 ký tự"):
        list(workbook_rows(data, "v.xlsx", limits=Limits(text_chars=1000)))


def huge_cell_workbook(size: int) -> bytes:
    """One cell of ``size`` characters (Excel stops at 32,767; a crafted file may not)."""
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>'
        + "z" * size
        + "</t></is></c></row></sheetData></worksheet>"
    )
    return rezipped(GOOD, {"xl/worksheets/sheet1.xml": sheet.encode()})


def test_a_small_file_that_unpacks_to_a_huge_cell_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workbook, "MAX_UNPACKED_BYTES", 1024 * 1024)
    data = huge_cell_workbook(2_000_000)
    assert len(data) < 100_000  # compresses to little
    with pytest.raises(UnreadableFileError, match="giải nén ra quá lớn"):
        list(workbook_rows(data, "v.xlsx"))


def test_a_huge_table_of_shared_strings_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_SHARED_STRINGS_BYTES", 1024 * 1024)
    data = rezipped(GOOD, {"xl/sharedStrings.xml": b"<sst>" + b"<si><t>a</t></si>" * 100_000 + b"</sst>"})
    with pytest.raises(UnreadableFileError, match="giải nén ra quá lớn"):
        list(workbook_rows(data, "v.xlsx"))


def test_a_huge_cell_within_the_unpacked_limit_is_refused_at_its_row() -> None:
    with pytest.raises(UnreadableFileError, match="dòng 1, cột 1 dài quá"):
        list(workbook_rows(huge_cell_workbook(100_000), "v.xlsx"))


def test_a_file_over_the_size_limit_is_refused_with_the_limit() -> None:
    with pytest.raises(UnreadableFileError, match="lớn hơn giới hạn 1 KB"):
        list(workbook_rows(GOOD, "v.xlsx", limits=Limits(file_bytes=1024)))
