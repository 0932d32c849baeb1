"""`planwatch evaluate` on imported figures, with expectations computed by hand (evaluation.md)."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from planwatch.domain.periods import Period
from planwatch.domain.vocabulary import ObservationSource, ValueState
from planwatch.intake.figures import Figure
from planwatch.web.catalogue.models import Target
from planwatch.web.figures.services import ObservationWrite, observations_write, series_of
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.geography.selectors import communes_of_former

CliRun = Callable[..., tuple[int, str, str]]
pytestmark = pytest.mark.django_db

TRAINED = "Tỉ lệ lao động qua đào tạo có bằng cấp, chứng chỉ"
POVERTY = "Tỉ lệ hộ nghèo đa chiều theo chuẩn nghèo quốc gia"

WriteValues = Callable[[list[list[str]]], Path]


def _rows(cli: CliRun, *args: str) -> list[dict[str, object]]:
    code, out, err = cli("evaluate", "--json", *args)
    assert (code, err) == (0, "")
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def test_the_worked_example_is_on_track_across_the_merger(cli: CliRun, values_file: WriteValues) -> None:
    # Given 51,5 % in 2023 (Kiên Giang) and 52,5 % in 2025 (its area inside An Giang), target 55 % by 2030.
    cli(
        "values",
        "import",
        values_file(
            [
                ["219/KH-UBND", TRAINED, "", "", "2023", "51,5", ""],
                ["219/KH-UBND", TRAINED, "", "", "2025", "52,5", ""],
            ]
        ),
    )

    rows = _rows(cli, "--document", "219/KH-UBND")

    row = next(r for r in rows if r["target"] == "t6")
    # a share moves in percentage points (decision 0007): (52,5 − 51,5) / 2 = 0,5 a year against
    # (55 − 51,5) / 7 = 0,5 a year needed; R = 1.
    assert row["status"] == "on_track"
    assert row["ratio"] == pytest.approx(1.0, abs=1e-9)
    # P = (52.5 − 51.5) / (55 − 51.5) = 0.2857; straight line 0.5 %/year reaches 55.0 in 2030.
    assert row["share_covered"] == pytest.approx(0.2857, abs=1e-3)
    assert row["projected"] == pytest.approx(55.0)
    assert (row["unit_area"], row["latest_year"], row["latest_value"]) == ("Kiên Giang", 2025, 52.5)
    assert set(row) >= {
        "document", "doc_id", "indicator", "scope", "unit_area", "comparator", "target_value", "target_year",
        "baseline_year", "baseline_value", "latest_year", "latest_value", "status", "ratio", "share_covered",
        "projected",
    }  # fmt: skip


def test_a_figure_of_the_whole_new_province_is_another_territory(
    cli: CliRun, values_file: WriteValues
) -> None:
    cli(
        "values",
        "import",
        values_file(
            [
                ["219/KH-UBND", POVERTY, "", "", "2024", "1,5", ""],
                ["219/KH-UBND", POVERTY, "", "An Giang", "2025", "3", ""],
            ]
        ),
    )

    rows = [r for r in _rows(cli, "--document", "KG-219-KH-UBND") if r["target"] == "t12"]

    by_area = {str(r["unit_area"]): r for r in rows}
    assert set(by_area) == {"Kiên Giang", "An Giang"}
    # Kiên Giang: 1,5 % < 2 % → achieved; An Giang's 3 % is not mixed into Kiên Giang's series.
    assert (by_area["Kiên Giang"]["status"], by_area["Kiên Giang"]["latest_value"]) == ("achieved", 1.5)
    # One observation and no baseline for the new province: nothing to measure a pace from.
    assert (by_area["An Giang"]["status"], by_area["An Giang"]["latest_value"]) == ("insufficient_data", 3.0)


def test_as_of_ignores_later_figures(cli: CliRun, values_file: WriteValues) -> None:
    cli(
        "values",
        "import",
        values_file(
            [
                ["219/KH-UBND", POVERTY, "", "", "2023", "2,5", ""],
                ["219/KH-UBND", POVERTY, "", "", "2024", "1,5", ""],
            ]
        ),
    )

    row = next(r for r in _rows(cli, "--document", "219/KH-UBND", "--as-of", "2023") if r["target"] == "t12")

    assert (row["latest_year"], row["status"]) == (2023, "insufficient_data")


def test_targets_without_figures_have_no_data() -> None:
    from planwatch.web.catalogue.selectors import document_get
    from planwatch.web.figures.selectors import evaluation_rows

    rows = evaluation_rows(document_get("LA-52-CTr-TU"))

    assert len(rows) == 43
    assert {r.status for r in rows} == {"no_data"}
    assert {r.unit_area for r in rows} == {"Long An"}


def test_the_human_table_has_vietnamese_labels_and_numbers(cli: CliRun, values_file: WriteValues) -> None:
    cli(
        "values",
        "import",
        values_file(
            [
                ["219/KH-UBND", TRAINED, "", "", "2023", "51,5", ""],
                ["219/KH-UBND", TRAINED, "", "", "2025", "52,5", ""],
            ]
        ),
    )

    code, out, _ = cli("evaluate", "--document", "219/KH-UBND")

    assert code == 0
    assert "Đánh giá" in out.splitlines()[0]
    line = next(line for line in out.splitlines() if " t6 " in line)
    assert "Đúng tiến độ" in line
    assert "52,5 % (2025)" in line
    assert "1,00" in line


def test_who_monitors_a_target_now_follows_its_function_through_the_restructuring() -> None:
    from planwatch.web.catalogue.selectors import document_get
    from planwatch.web.figures.selectors import evaluation_rows

    rows = {r.target: r for r in evaluation_rows(document_get("219/KH-UBND"))}

    # Both named Sở LĐTBXH in 2024; from 01/3/2025 poverty went to Sở NN&MT and vocational training to
    # Sở GDĐT (Nghị định 45/2025/NĐ-CP), then to An Giang's departments on 01/7/2025.
    assert (rows["t12"].responsible, rows["t12"].responsible_now) == (
        "Sở LĐTBXH",
        "Sở Nông nghiệp và Môi trường tỉnh An Giang",
    )
    assert (rows["t6"].responsible, rows["t6"].responsible_now) == (
        "Sở LĐTBXH",
        "Sở Giáo dục và Đào tạo tỉnh An Giang",
    )


def test_counts_of_every_commune_of_the_former_province_add_up_to_its_figure(
    cli: CliRun, values_file: WriteValues
) -> None:
    housing = "Xây dựng căn hộ nhà ở xã hội cho người thu nhập thấp, công nghiệp khu công nghiệp"
    communes = communes_of_former(AdministrativeUnit.objects.get(code="kien-giang"))
    rows = [["219/KH-UBND", housing, "", commune.code, "2026", "2", ""] for commune in communes]
    code, _, err = cli("values", "import", values_file(rows[:-1]))
    assert (code, err) == (0, "")

    # One commune of the former Kiên Giang has not reported: no total is shown for its territory.
    row = next(r for r in _rows(cli, "--document", "219/KH-UBND") if r["target"] == "t42")
    assert (row["unit_area"], row["latest_year"], row["latest_value"]) == ("Kiên Giang", None, None)

    code, _, err = cli("values", "import", values_file(rows[-1:]))
    assert (code, err) == (0, "")
    row = next(r for r in _rows(cli, "--document", "219/KH-UBND") if r["target"] == "t42")

    # Every commune whose predecessors lay in Kiên Giang reported 2 căn hộ: the territory's figure.
    assert len(communes) == 48  # of the new An Giang's 102; the other 54 continue the former An Giang
    assert (row["unit_area"], row["latest_year"], row["latest_value"]) == (
        "Kiên Giang",
        2026,
        2.0 * len(communes),
    )


def test_a_target_reads_its_province_and_those_that_continue_it_never_another_province(
    cli: CliRun, values_file: WriteValues
) -> None:
    # given Kiên Giang's own figure, the new An Giang's (which continues it) and Tây Ninh's (which does not)
    cli("values", "import", values_file([["219/KH-UBND", POVERTY, "", "", "2024", "1,5", ""]]))
    target = Target.objects.get(document__doc_id="KG-219-KH-UBND", key="t12")
    observations_write(
        [
            ObservationWrite(
                series=series_of(target),
                unit=AdministrativeUnit.objects.get(code=code),
                period=Period.of_year(2025),
                figure=Figure(value, None),
                state=ValueState.APPROVED,
                source=ObservationSource.FILE,
                source_detail="test",
            )
            for code, value in (("an-giang", 3.0), ("tay-ninh", 4.0))
        ]
    )

    rows = [r for r in _rows(cli, "--document", "KG-219-KH-UBND") if r["target"] == "t12"]

    # then the target is judged in Kiên Giang and in the new An Giang only
    assert sorted(str(r["unit_area"]) for r in rows) == ["An Giang", "Kiên Giang"]
