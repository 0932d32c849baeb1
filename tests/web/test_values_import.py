"""`planwatch values import`: every row or none, every bad row named, no duplicates."""

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from planwatch.web.catalogue.models import Target
from planwatch.web.figures.models import Observation, ObservationRevision

CliRun = Callable[..., tuple[int, str, str]]
pytestmark = pytest.mark.django_db

TRAINED = "Tỉ lệ lao động qua đào tạo có bằng cấp, chứng chỉ"
POVERTY = "Tỉ lệ hộ nghèo đa chiều theo chuẩn nghèo quốc gia"
INSURED = "Tỉ lệ dân số tham gia bảo hiểm y tế"

WriteValues = Callable[[list[list[str]]], Path]


def test_a_good_file_is_imported_into_the_territory_of_each_year(
    cli: CliRun, values_file: WriteValues
) -> None:
    path = values_file(
        [
            ["219/KH-UBND", TRAINED, "", "", "2023", "51,5", "Cục Thống kê"],
            [
                "KG-219-KH-UBND",
                "tỷ lệ lao động qua đào tạo có bằng cấp chứng chỉ",
                "",
                "",
                "2025",
                "52.5",
                "",
            ],
        ]
    )

    code, out, err = cli("values", "import", path)

    assert (code, err) == (0, "")
    assert "Đã nhập 2 dòng: 2 số liệu mới" in out
    stored = {(v.year, v.unit.name, v.value) for v in Observation.objects.select_related("unit")}
    # 2023: Kiên Giang itself; 2025: after the 01/7/2025 merger, the area that continues it in An Giang.
    assert {year for year, _, _ in stored} == {2023, 2025}
    assert next(name for year, name, _ in stored if year == 2023) == "Tỉnh Kiên Giang"
    assert "Kiên Giang" in next(name for year, name, _ in stored if year == 2025)
    assert {value for _, _, value in stored} == {51.5, 52.5}


def test_importing_the_same_file_twice_adds_nothing(cli: CliRun, values_file: WriteValues) -> None:
    path = values_file([["219/KH-UBND", POVERTY, "", "", "2024", "1,5", ""]])

    cli("values", "import", path)
    code, out, _ = cli("values", "import", path)

    assert code == 0
    assert "0 số liệu mới, 0 thay đổi, 1 giữ nguyên" in out
    assert Observation.objects.count() == 1
    assert ObservationRevision.objects.count() == 1


def test_a_changed_figure_keeps_the_old_one_in_its_history(cli: CliRun, values_file: WriteValues) -> None:
    cli("values", "import", values_file([["219/KH-UBND", POVERTY, "", "", "2024", "1,5", ""]]))

    cli(
        "values",
        "import",
        values_file([["219/KH-UBND", POVERTY, "", "", "2024", "1,4", "số liệu chính thức"]]),
    )

    value = Observation.objects.get()
    assert (value.value, value.version) == (1.4, 2)
    history = [(r.old_value, r.new_value, r.reason) for r in value.revisions.order_by("id")]
    assert history == [(None, 1.5, ""), (1.5, 1.4, "số liệu chính thức")]


def test_a_file_with_bad_rows_writes_nothing_and_names_every_bad_row(
    cli: CliRun, values_file: WriteValues
) -> None:
    path = values_file(
        [
            ["219/KH-UBND", POVERTY, "", "", "2024", "1,5", ""],  # line 2: good
            ["219/KH-UBND", INSURED, "", "", "2024", "130", ""],  # line 3: impossible share
            ["219/KH-UBND", "Tỷ lệ hộ nghèo đa chiều", "", "", "2024", "1", ""],  # line 4: unknown name
            ["219/KH-UBND", POVERTY, "", "", "3025", "1", ""],  # line 5: year
            ["52-CTr/TU", TRAINED, "", "", "2024", "40", ""],  # line 6: two documents have this number
            ["99/KH-UBND", POVERTY, "", "", "2024", "1", ""],  # line 7: unknown document
            ["219/KH-UBND", POVERTY, "", "", "2023", "một", ""],  # line 8: not a number
            ["219/KH-UBND", POVERTY, "", "", "2024", "1,6", ""],  # line 9: same as line 2
        ]
    )

    code, out, err = cli("values", "import", path)

    assert code == 2
    assert out == ""
    assert "không ghi số liệu nào (7 dòng lỗi)" in err
    assert "dòng 3: 130 % không thể xảy ra: lớn hơn 100" in err
    assert (
        f"dòng 4: văn bản 219/KH-UBND không có chỉ tiêu 'Tỷ lệ hộ nghèo đa chiều'; gần nhất: '{POVERTY}'"
        in err
    )
    assert "dòng 5: năm 3025 nằm ngoài khoảng 1990–2100" in err
    assert "dòng 6: số hiệu 52-CTr/TU thuộc nhiều văn bản: KG-52-CTr-TU" in err
    assert "dòng 7: không có văn bản '99/KH-UBND'" in err
    assert "dòng 8: 'một' không phải là số" in err
    assert "dòng 9: trùng với dòng 2" in err
    assert "Traceback" not in err
    assert Observation.objects.count() == 0


def test_a_scope_picks_the_sub_row(cli: CliRun, values_file: WriteValues) -> None:
    path = values_file([["219/KH-UBND", "Số giường bệnh", "trên 10.000 dân", "", "2024", "30,2", ""]])

    code, _, err = cli("values", "import", path)

    assert (code, err) == (0, "")
    scoped = Target.objects.get(
        document__number="219/KH-UBND", indicator_name="Số giường bệnh", scope="trên 10.000 dân"
    )
    assert ObservationRevision.objects.get().target_key == scoped.address
    assert Observation.objects.get().indicator_id == scoped.indicator_id


def test_an_explicit_unit_that_no_longer_existed_is_refused_with_its_successor(
    cli: CliRun, values_file: WriteValues
) -> None:
    path = values_file([["219/KH-UBND", POVERTY, "", "Kiên Giang", "2026", "1,1", ""]])

    code, _, err = cli("values", "import", path)

    assert code == 2
    assert "'Tỉnh Kiên Giang' không còn tồn tại vào 14/12/2026 (hết hiệu lực 30/06/2025)" in err
    assert "số liệu năm 2026 ghi cho 'Địa bàn tỉnh Kiên Giang (cũ)'" in err


def test_qualitative_targets_take_vietnamese_assessments(cli: CliRun, values_file: WriteValues) -> None:
    path = values_file(
        [
            [
                "LA-52-CTr-TU",
                "Trợ cấp xã hội cho hộ nghèo không có khả năng thoát nghèo",
                "",
                "",
                "2024",
                "đạt một phần",
                "",
            ]
        ]
    )

    code, _, err = cli("values", "import", path)

    assert (code, err) == (0, "")
    assert Observation.objects.get().assessment == "partial"


def test_an_xlsx_file_is_imported_like_a_csv(cli: CliRun, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["document", "indicator", "scope", "unit_area", "year", "value", "comment"])
    sheet.append(["219/KH-UBND", POVERTY, None, None, 2024, 1.5, None])
    path = tmp_path / "values.xlsx"
    workbook.save(path)

    code, _, err = cli("values", "import", path)

    assert (code, err) == (0, "")
    assert Observation.objects.get().value == 1.5


def test_a_qualitative_target_graded_as_a_level_takes_an_assessment_not_a_number(
    cli: CliRun, values_file: WriteValues
) -> None:
    aids = "Chấm dứt các dịch bệnh AIDS, lao và loại trừ sốt rét"  # 219/KH-UBND t29: kind qualitative

    number = cli("values", "import", values_file([["219/KH-UBND", aids, "", "", "2024", "2", ""]]))
    words = cli("values", "import", values_file([["219/KH-UBND", aids, "", "", "2024", "đạt một phần", ""]]))
    evaluated = cli("evaluate", "--document", "219/KH-UBND", "--json")

    assert number[0] == 2
    assert "dòng 2" in number[2]
    assert words[0] == 0
    assert evaluated[0] == 0


def test_a_decimal_xlsx_cell_lands_as_the_number_it_holds(cli: CliRun, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["document", "indicator", "scope", "unit_area", "year", "value", "comment"])
    sheet.append(["219/KH-UBND", POVERTY, None, None, 2024, 32.125, None])
    path = tmp_path / "values.xlsx"
    workbook.save(path)

    code, _, err = cli("values", "import", path)

    assert (code, err) == (0, "")
    assert Observation.objects.get().value == 32.125  # was 32125: refused as over 100 %, or stored 1000×


@pytest.mark.parametrize("damage", ["truncated", "sheet missing", "broken sheet XML", "no sheets"])
def test_a_damaged_workbook_is_refused_in_one_line_with_exit_2(
    cli: CliRun, tmp_path: Path, damage: str
) -> None:
    from tests.intake.test_workbook import DAMAGED

    path = tmp_path / "values.xlsx"
    path.write_bytes(DAMAGED[damage])

    code, out, err = cli("values", "import", path)

    assert (code, out) == (2, "")
    assert err.strip().count("\n") == 0
    assert "values.xlsx: " in err
    assert "Traceback" not in err


@pytest.mark.parametrize("value", ["9" * 400, "1e308", "１２", "٣٤", "5 0", "1_0"])
def test_figures_that_are_not_finite_ascii_numbers_are_refused(
    cli: CliRun, values_file: WriteValues, value: str
) -> None:
    code, _, err = cli("values", "import", values_file([["219/KH-UBND", POVERTY, "", "", "2024", value, ""]]))

    assert code == 2
    assert "dòng 2:" in err
    assert Observation.objects.count() == 0


@pytest.mark.parametrize("year", ["2_024", "２０２４", "٢٠٢٤", "20 24"])
def test_years_in_other_than_ascii_digits_are_refused(
    cli: CliRun, values_file: WriteValues, year: str
) -> None:
    code, _, err = cli("values", "import", values_file([["219/KH-UBND", POVERTY, "", "", year, "1,5", ""]]))

    assert code == 2
    assert "dòng 2: năm" in err
    assert Observation.objects.count() == 0


def test_an_import_that_fails_while_writing_writes_nothing(
    cli: CliRun, values_file: WriteValues, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planwatch.web.figures import services

    def broken(rows: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "_insert_revisions", broken)
    rows = [["219/KH-UBND", POVERTY, "", "", str(year), "1,5", ""] for year in range(2020, 2025)]

    with pytest.raises(RuntimeError):
        cli("values", "import", values_file(rows))

    # The observations were inserted before the revisions failed: one transaction took both back.
    assert Observation.objects.count() == 0
