"""registry.assistance: coefficients × the base in force, age bands, the highest-only rule and its
exception, and merit allowances rounded to 1.000 đ — every figure computed by hand."""

import shutil
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from planwatch.registry.assistance import (
    AssistanceError,
    age_on,
    all_categories,
    merit_allowance,
    monthly_assistance,
)
from planwatch.registry.rules import TABLES, RuleNotFound, load_rules

ORPHAN = "tre_em_khong_nguon_nuoi_duong"
SEVERE = "khuyet_tat_nang"
EXTREME = "khuyet_tat_dac_biet_nang"
ELDERLY_POOR = "cao_tuoi_ngheo_khong_nguoi_phung_duong"
OVER_80 = "tu_80_khong_luong_huu"
SINGLE_PARENT = "don_than_ngheo_nuoi_con"
ADULT = date(1990, 1, 1)


def amount(codes: list[str], day: date, born: date | None = ADULT, **kwargs: object) -> int | None:
    allowance = monthly_assistance(codes, day=day, birth_date=born, **kwargs)  # type: ignore[arg-type]
    return None if allowance is None else allowance.amount


def test_every_category_names_its_clause_and_has_both_labels() -> None:
    categories = all_categories()
    assert len({c.code for c in categories}) == len(categories) >= 8
    for category in categories:
        assert category.clause.startswith("Điều 5 khoản")
        assert category.label_vi
        assert category.label_en
        assert all(band.clause.startswith("Điều 6 khoản 1") for band in category.coefficients)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2021, 7, 1), 540_000),  # 360.000 × 1,5
        (date(2024, 6, 30), 540_000),
        (date(2024, 7, 1), 750_000),  # 500.000 × 1,5
    ],
)
def test_the_base_in_force_on_the_day_paid(day: date, expected: int) -> None:
    assert amount([SEVERE], day) == expected


def test_no_allowance_before_the_base_level_existed() -> None:
    with pytest.raises(RuleNotFound, match="30/06/2021"):
        amount([SEVERE], date(2021, 6, 30))


@pytest.mark.parametrize(
    ("codes", "born", "day", "expected"),
    [
        # a child without care: 2,5 under 4, 1,5 from the 4th birthday, nothing from the 16th
        ([ORPHAN], date(2021, 9, 10), date(2025, 9, 9), 1_250_000),
        ([ORPHAN], date(2021, 9, 10), date(2025, 9, 10), 750_000),
        ([ORPHAN], date(2021, 9, 10), date(2037, 9, 9), 750_000),
        ([ORPHAN], date(2021, 9, 10), date(2037, 9, 10), None),
        # an older person of a poor household alone: 1,5 from 60 to under 80, 2,0 from 80
        ([ELDERLY_POOR], date(1945, 5, 20), date(2025, 5, 19), 750_000),
        ([ELDERLY_POOR], date(1945, 5, 20), date(2025, 5, 20), 1_000_000),
        ([ELDERLY_POOR], date(1966, 5, 20), date(2026, 5, 19), None),
        # severe disability: 2,0 for a child, 1,5 from 16, 2,0 again from 60
        ([SEVERE], date(2010, 2, 1), date(2026, 1, 31), 1_000_000),
        ([SEVERE], date(2010, 2, 1), date(2026, 2, 1), 750_000),
        ([SEVERE], date(1966, 2, 1), date(2026, 1, 31), 750_000),
        ([SEVERE], date(1966, 2, 1), date(2026, 2, 1), 1_000_000),
        # extremely severe disability: 2,5 child, 2,0 adult, 2,5 older person
        ([EXTREME], date(2010, 2, 1), date(2026, 1, 31), 1_250_000),
        ([EXTREME], date(2010, 2, 1), date(2026, 2, 1), 1_000_000),
        ([EXTREME], date(1966, 2, 1), date(2026, 2, 1), 1_250_000),
        # 80 without a pension: 1,0 from the 80th birthday
        ([OVER_80], date(1946, 3, 1), date(2026, 2, 28), None),
        ([OVER_80], date(1946, 3, 1), date(2026, 3, 1), 500_000),
    ],
)
def test_age_bands_turn_on_the_birthday(
    codes: list[str], born: date, day: date, expected: int | None
) -> None:
    assert amount(codes, day, born) == expected


def test_a_29_february_birthday_counts_from_1_march_in_a_common_year() -> None:
    assert age_on(date(2020, 2, 29), date(2023, 2, 28)) == 2
    assert age_on(date(2020, 2, 29), date(2023, 3, 1)) == 3
    assert age_on(date(2020, 2, 29), date(2024, 2, 29)) == 4


def test_only_the_single_highest_coefficient_is_paid() -> None:
    # 85 years old, severely disabled (2,0 as an older person) and 80+ without a pension (1,0)
    allowance = monthly_assistance([OVER_80, SEVERE], day=date(2025, 1, 15), birth_date=date(1940, 1, 1))
    assert allowance is not None
    assert (allowance.amount, allowance.coefficient, allowance.category) == (
        1_000_000,
        Decimal("2.0"),
        SEVERE,
    )
    assert allowance.categories == (SEVERE,)
    assert "cao nhất trong 2 diện" in allowance.rule
    assert "Điều 6 khoản 2" in allowance.rule
    assert allowance.rule.startswith("500.000 đ × 2:")
    assert "Điều 5 khoản 6" in allowance.basis
    assert "76/2024" in allowance.basis
    same = monthly_assistance([SEVERE, OVER_80], day=date(2025, 1, 15), birth_date=date(1940, 1, 1))
    assert same == allowance


def test_a_single_poor_parent_gets_one_coefficient_per_child() -> None:
    assert amount([SINGLE_PARENT], date(2025, 1, 15), None, children=3) == 1_500_000  # 500.000 × 1,0 × 3
    assert amount([SINGLE_PARENT], date(2024, 1, 15), None, children=2) == 720_000  # 360.000 × 1,0 × 2
    with pytest.raises(AssistanceError, match="số con"):
        amount([SINGLE_PARENT], date(2025, 1, 15), None, children=0)


def test_the_exception_adds_the_child_raising_coefficient_to_the_highest_other_one() -> None:
    # severely disabled adult (1,5) who is also a single poor parent of 2 children (2 × 1,0): 3,5
    allowance = monthly_assistance(
        [SINGLE_PARENT, SEVERE], day=date(2025, 1, 15), birth_date=ADULT, children=2
    )
    assert allowance is not None
    assert (allowance.amount, allowance.coefficient) == (1_750_000, Decimal("3.5"))
    assert allowance.categories == (SEVERE, SINGLE_PARENT)
    assert "ngoại lệ" in allowance.rule
    assert "giả định" in allowance.rule  # the exception's clause is still to be checked: said
    assert "Điều 5 khoản 4" in allowance.basis


def test_missing_birth_date_unknown_category_and_nothing_due() -> None:
    with pytest.raises(AssistanceError, match="cần ngày sinh"):
        amount([ORPHAN], date(2025, 1, 1), None)
    with pytest.raises(AssistanceError, match="'ho_ngheo'"):
        amount(["ho_ngheo"], date(2025, 1, 1))
    assert amount([], date(2025, 1, 1)) is None


def test_a_province_higher_level_pays_more(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    for name in TABLES:
        with resources.as_file(resources.files("planwatch.registry").joinpath("rules", name)) as path:
            shutil.copy(path, folder / name)
    (folder / "assistance_province_levels.toml").write_text(
        "[[level]]\nprovince = 'vn34-01'\namount = 650_000\nvalid_from = 2025-01-01\nbasis = 'NQ thử'\n",
        encoding="utf-8",
    )
    rules = load_rules(folder)
    assert (
        amount([SEVERE], date(2025, 1, 1), province_code="vn34-01", rules=rules) == 975_000
    )  # 650.000 × 1,5
    assert amount([SEVERE], date(2025, 1, 1), province_code="vn34-48", rules=rules) == 750_000


@pytest.mark.parametrize(
    ("coefficient", "day", "expected"),
    [
        # 1,5 × 2.789.000 = 4.183.500: exactly half a thousand, rounded half up to 4.184.000
        ("1.5", date(2024, 7, 1), 4_184_000),
        ("1.5", date(2024, 6, 30), 3_083_000),  # 1,5 × 2.055.000 = 3.082.500 → up
        ("1.5", date(2023, 7, 1), 3_083_000),
        ("1.5", date(2023, 6, 30), 2_436_000),  # 1,5 × 1.624.000 = 2.436.000 exactly
        ("1.5", date(2021, 9, 1), 2_436_000),
        ("1.2", date(2024, 7, 1), 3_347_000),  # 3.346.800 → up
        ("1.0001", date(2024, 7, 1), 2_789_000),  # 2.789.278,9 → down
        ("0.1", date(2024, 7, 1), 279_000),  # 278.900 → up
        ("1", date(2024, 7, 1), 2_789_000),
    ],
)
def test_merit_allowances_round_half_up_to_a_thousand(coefficient: str, day: date, expected: int) -> None:
    assert merit_allowance(Decimal(coefficient), day=day) == expected


def test_no_merit_allowance_before_the_first_reference_or_for_a_negative_coefficient() -> None:
    with pytest.raises(RuleNotFound):
        merit_allowance(Decimal("1"), day=date(2021, 8, 31))
    with pytest.raises(AssistanceError, match="âm"):
        merit_allowance(Decimal("-1"), day=date(2025, 1, 1))


def test_one_category_code_given_as_a_string_is_one_category() -> None:
    assert amount(SEVERE, date(2025, 1, 1)) == 750_000  # type: ignore[arg-type]
