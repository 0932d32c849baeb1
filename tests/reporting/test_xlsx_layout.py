"""The xlsx report opened with openpyxl: annex table, merged group rows, colours, formats, raw figures."""

import io

import pytest
from openpyxl import Workbook, load_workbook
from tests.reporting.factories import raw_value, report_facts

from planwatch.domain.vocabulary import Status
from planwatch.reporting import build_report, render_xlsx
from planwatch.reporting.content import DEMO_BANNER
from planwatch.reporting.xlsx_layout import number_format


def _workbook(**overrides: object) -> Workbook:
    return load_workbook(io.BytesIO(render_xlsx(build_report(report_facts(**overrides)))))


@pytest.fixture(scope="module")
def workbook() -> Workbook:
    return _workbook()


def _row_of(sheet: object, first_cell: object) -> int:
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == first_cell)  # type: ignore[attr-defined]


def test_two_sheets_the_annex_and_the_raw_figures(workbook: Workbook) -> None:
    assert workbook.sheetnames == ["Phụ lục I", "Số liệu"]


def test_the_annex_header_is_frozen_and_repeated_when_printed(workbook: Workbook) -> None:
    sheet = workbook["Phụ lục I"]
    header = _row_of(sheet, "TT")

    assert [c.value for c in sheet[header]] == [
        "TT",
        "Chỉ tiêu",
        "ĐVT",
        "Mục tiêu",
        "Cơ sở",
        "Năm cơ sở",
        "Thực hiện năm 2025",
        "Thực hiện năm 2026",
        "Đánh giá",
        "Đơn vị theo dõi",
    ]
    assert sheet.freeze_panes == f"C{header + 1}"
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet[1][0].value == "Phụ lục I"


def test_group_rows_are_merged_across_the_table(workbook: Workbook) -> None:
    sheet = workbook["Phụ lục I"]
    row = _row_of(sheet, "II")

    assert sheet.cell(row=row, column=2).value == "Trợ giúp xã hội và giảm nghèo"
    assert f"B{row}:J{row}" in {str(r) for r in sheet.merged_cells.ranges}


def test_figures_stay_numbers_with_a_vietnamese_format_and_statuses_are_coloured(workbook: Workbook) -> None:
    sheet = workbook["Phụ lục I"]
    row = _row_of(sheet, 2)

    cells = {c.column_letter: c for c in sheet[row]}
    assert (cells["B"].value, cells["D"].value) == ("Tỷ lệ hộ nghèo đa chiều", "< 2 (2030)")
    assert (cells["G"].value, cells["H"].value) == (1.5, 1.1)
    assert cells["H"].number_format == "[$-42A]#,##0.0"
    assert cells["I"].value == "Đã đạt"
    assert cells["I"].fill.fgColor.rgb.endswith(Status.ACHIEVED.colour.lstrip("#").upper())
    assert _row_of(sheet, 4) > row


def test_number_formats_carry_just_the_decimals_needed() -> None:
    assert [number_format(v) for v in (1500.0, 99.5, 1.25, 1 / 3)] == [
        "[$-42A]#,##0",
        "[$-42A]#,##0.0",
        "[$-42A]#,##0.00",
        "[$-42A]#,##0.00",
    ]


def test_the_raw_sheet_lists_every_figure_with_state_and_source(workbook: Workbook) -> None:
    sheet = workbook["Số liệu"]

    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in sheet[1]][:10] == [
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Phạm vi",
        "Địa bàn",
        "Năm",
        "Giá trị",
        "Đánh giá định tính",
        "ĐVT",
        "Trạng thái",
        "Số liệu minh họa",
    ]
    assert [(r[0], r[4], r[5], r[8], r[10]) for r in rows] == [
        ("t12", 2026, 1.1, "Đã duyệt", "import values.csv, dòng 2"),
        ("t12", 2025, 1.5, "Đã gửi", "import values.csv, dòng 2"),
    ]
    assert sheet.freeze_panes == "A2"


def test_illustrative_figures_put_a_banner_on_every_sheet() -> None:
    workbook = _workbook(is_demo=True)

    for sheet in workbook.worksheets:
        assert DEMO_BANNER in str(sheet["A1"].value)
        assert any(str(r).startswith("A1:") for r in sheet.merged_cells.ranges)


def test_real_figures_have_no_banner(workbook: Workbook) -> None:
    for sheet in workbook.worksheets:
        assert DEMO_BANNER not in str(sheet["A1"].value)


@pytest.mark.parametrize("comment", ['=HYPERLINK("http://example.invalid","xem")', "+1", "-2", "@SUM(A1)"])
def test_a_comment_that_starts_like_a_formula_is_written_as_text(comment: str) -> None:
    sheet = _workbook(raw_values=(raw_value(comment=comment),))["Số liệu"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == comment]
    assert cells, "the comment is in the raw figures"
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
