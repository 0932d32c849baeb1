"""registry.rules: the dated tables — each period's first and last day, and the province override."""

import shutil
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from planwatch.registry.rules import (
    TABLES,
    AreaType,
    RuleNotFound,
    RuleTableError,
    assistance_base_on,
    default_rules,
    load_rules,
    merit_reference_on,
    poverty_standard_for,
)

RURAL, URBAN = AreaType.RURAL, AreaType.URBAN


def copy_of_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    source = resources.files("planwatch.registry").joinpath("rules")
    folder.mkdir()
    for name in TABLES:
        with resources.as_file(source.joinpath(name)) as path:
            shutil.copy(path, folder / name)
    return folder


def test_the_package_ships_exactly_the_tables_it_reads() -> None:
    folder = resources.files("planwatch.registry").joinpath("rules")
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml")) == sorted(TABLES)


@pytest.mark.parametrize(
    ("year", "rural", "urban", "upper_rural", "upper_urban", "decree"),
    [
        (2022, 1_500_000, 2_000_000, 2_250_000, 3_000_000, "07/2021"),
        (2025, 1_500_000, 2_000_000, 2_250_000, 3_000_000, "07/2021"),
        (2026, 1_500_000, 2_000_000, 2_250_000, 3_000_000, "351/2025"),
        (2027, 2_200_000, 2_800_000, 3_300_000, 4_200_000, "351/2025"),
        (2030, 2_200_000, 2_800_000, 3_300_000, 4_200_000, "351/2025"),
    ],
)
def test_each_year_reads_its_own_standard(
    year: int, rural: int, urban: int, upper_rural: int, upper_urban: int, decree: str
) -> None:
    standard = poverty_standard_for(year)
    assert standard.income_line == {RURAL: rural, URBAN: urban}
    assert standard.average_upper == {RURAL: upper_rural, URBAN: upper_urban}
    assert standard.min_deprivations == 3
    assert decree in standard.basis


def test_2026_keeps_the_2022_standard_and_names_both_decrees() -> None:
    basis = poverty_standard_for(2026).basis
    assert "351/2025" in basis
    assert "07/2021" in basis
    assert poverty_standard_for(2026).assumption is None


def test_only_the_2027_average_bound_is_marked_as_an_assumption() -> None:
    assert poverty_standard_for(2025).assumption is None
    assumption = poverty_standard_for(2027).assumption
    assert assumption is not None
    assert "3.300.000" in assumption
    assert "\n" not in assumption


@pytest.mark.parametrize("year", [2021, 2031, 1990])
def test_a_year_without_a_standard_is_refused_in_one_sentence(year: int) -> None:
    with pytest.raises(RuleNotFound, match=f"năm {year}"):
        poverty_standard_for(year)


def test_twelve_indicators_in_six_dimensions_with_both_labels() -> None:
    for year in (2022, 2026, 2027):
        indicators = poverty_standard_for(year).indicators
        assert len(indicators) == 12
        assert len({i.code for i in indicators}) == 12
        assert len({i.dimension for i in indicators}) == 6
        assert all(i.label_vi and i.label_en and i.dimension_vi and i.dimension_en for i in indicators)
    by_dimension = {}
    for indicator in poverty_standard_for(2025).indicators:
        by_dimension.setdefault(indicator.dimension_vi, []).append(indicator.label_vi)
    assert by_dimension["Y tế"] == ["Dinh dưỡng", "Bảo hiểm y tế"]
    assert by_dimension["Thông tin"] == [
        "Sử dụng dịch vụ viễn thông",
        "Phương tiện phục vụ tiếp cận thông tin",
    ]


@pytest.mark.parametrize(
    ("day", "amount", "decree"),
    [
        (date(2021, 7, 1), 360_000, "20/2021"),
        (date(2024, 6, 30), 360_000, "20/2021"),
        (date(2024, 7, 1), 500_000, "76/2024"),
        (date(2030, 1, 1), 500_000, "76/2024"),
    ],
)
def test_the_assistance_base_changes_on_its_first_day(day: date, amount: int, decree: str) -> None:
    level = assistance_base_on(day)
    assert level.amount == amount
    assert decree in level.basis


def test_no_assistance_base_before_the_decree() -> None:
    with pytest.raises(RuleNotFound, match="30/06/2021"):
        assistance_base_on(date(2021, 6, 30))


@pytest.mark.parametrize(
    ("day", "amount", "decree"),
    [
        (date(2021, 9, 1), 1_624_000, "75/2021"),
        (date(2023, 6, 30), 1_624_000, "75/2021"),
        (date(2023, 7, 1), 2_055_000, "55/2023"),
        (date(2024, 6, 30), 2_055_000, "55/2023"),
        (date(2024, 7, 1), 2_789_000, "77/2024"),
    ],
)
def test_the_merit_reference_changes_on_its_first_day(day: date, amount: int, decree: str) -> None:
    level = merit_reference_on(day)
    assert (level.amount, level.valid_from <= day) == (amount, True)
    assert decree in level.basis


def test_no_merit_reference_before_the_first_decree() -> None:
    with pytest.raises(RuleNotFound):
        merit_reference_on(date(2021, 8, 31))


def test_no_province_has_a_higher_level_by_default() -> None:
    assert default_rules().province_levels == ()
    assert assistance_base_on(date(2025, 3, 1), "vn34-01").amount == 500_000


def test_a_province_higher_level_applies_from_its_first_day_only_when_higher(tmp_path: Path) -> None:
    folder = copy_of_rules(tmp_path)
    (folder / "assistance_province_levels.toml").write_text(
        "[[level]]\nprovince = 'vn34-01'\namount = 650_000\nvalid_from = 2025-01-01\n"
        "basis = 'Nghị quyết thử nghiệm của HĐND'\n"
        "[[level]]\nprovince = 'vn34-79'\namount = 450_000\nvalid_from = 2025-01-01\n"
        "basis = 'Nghị quyết thử nghiệm thấp hơn mức quốc gia'\n",
        encoding="utf-8",
    )
    rules = load_rules(folder)
    own = assistance_base_on(date(2025, 1, 1), "vn34-01", rules=rules)
    assert (own.amount, own.province, own.basis) == (650_000, "vn34-01", "Nghị quyết thử nghiệm của HĐND")
    assert assistance_base_on(date(2024, 12, 31), "vn34-01", rules=rules).amount == 500_000
    assert assistance_base_on(date(2025, 1, 1), "vn34-48", rules=rules).amount == 500_000
    assert assistance_base_on(date(2025, 1, 1), None, rules=rules).amount == 500_000
    assert assistance_base_on(date(2025, 1, 1), "vn34-79", rules=rules).amount == 500_000


def test_overlapping_periods_are_refused_naming_the_table(tmp_path: Path) -> None:
    folder = copy_of_rules(tmp_path)
    text = (folder / "merit_reference.toml").read_text(encoding="utf-8")
    (folder / "merit_reference.toml").write_text(
        text.replace("valid_to = 2023-06-30", "valid_to = 2023-07-01"), encoding="utf-8"
    )
    with pytest.raises(RuleTableError, match=r"merit_reference\.toml.*chồng"):
        load_rules(folder)


def test_overlapping_poverty_standards_are_refused(tmp_path: Path) -> None:
    folder = copy_of_rules(tmp_path)
    text = (folder / "poverty_standards.toml").read_text(encoding="utf-8")
    (folder / "poverty_standards.toml").write_text(
        text.replace("year_from = 2026", "year_from = 2025"), "utf-8"
    )
    with pytest.raises(RuleTableError, match="2025"):
        load_rules(folder)


def test_a_missing_table_is_named(tmp_path: Path) -> None:
    folder = copy_of_rules(tmp_path)
    (folder / "assistance_base.toml").unlink()
    with pytest.raises(RuleTableError, match=r"assistance_base\.toml"):
        load_rules(folder)
