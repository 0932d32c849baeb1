from pathlib import Path

import pytest
from openpyxl import Workbook

from planwatch.intake.rows import RawRow, UnreadableFileError, read_rows

HEADER = "document,indicator,scope,unit_area,year,value,comment\n"


def test_csv_with_bom_is_read_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_bytes(("\ufeff" + HEADER + '219/KH-UBND,Tỷ lệ hộ nghèo,,,2024,"1,2",ước\n').encode())

    rows = read_rows(path)

    assert rows == [RawRow(2, "219/KH-UBND", "Tỷ lệ hộ nghèo", "", "", "2024", "1,2", "ước")]


def test_xlsx_is_read_like_csv(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(","))
    sheet.append(["219/KH-UBND", "Tỷ lệ hộ nghèo", None, None, 2024, 1.2, None])
    path = tmp_path / "values.xlsx"
    workbook.save(path)

    rows = read_rows(path)

    assert rows == [RawRow(2, "219/KH-UBND", "Tỷ lệ hộ nghèo", "", "", "2024", "1,2", "")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("values.txt", b"x", "chỉ nhận tệp .csv hoặc .xlsx"),
        ("values.csv", b"", "tệp rỗng"),
        ("values.csv", HEADER.encode(), "chỉ có dòng tiêu đề"),
        ("values.csv", b"document,indicator,year\n", "thiếu cột value"),
        ("values.csv", b"document,indicator,year,value,colour\n", "cột lạ colour"),
        ("values.csv", "document,indicator,year,value\nà,b,2024,1\n".encode("cp1258"), "không phải UTF-8"),
        ("values.xlsx", b"PK\x03\x04 not really a workbook", "không đọc được tệp XLSX"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(UnreadableFileError, match=message):
        read_rows(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="không tìm thấy"):
        read_rows(tmp_path / "absent.csv")


def test_a_csv_past_the_row_limit_is_refused_with_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planwatch.intake import rows

    monkeypatch.setattr(rows, "MAX_ROWS", 3)
    path = tmp_path / "values.csv"
    path.write_text(HEADER + "219/KH-UBND,Tỷ lệ,,,2024,1,\n" * 5, encoding="utf-8")

    with pytest.raises(UnreadableFileError, match="quá 3 dòng"):
        read_rows(path)


def test_a_long_csv_cell_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text(HEADER + "219/KH-UBND,Tỷ lệ,,,2024,1," + "x" * 3000 + "\n", encoding="utf-8")

    with pytest.raises(UnreadableFileError, match=r"dòng 2 dài quá 2\.000 ký tự"):
        read_rows(path)
