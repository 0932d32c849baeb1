"""registry.poverty: hand-computed households on both sides of every line, area and year."""

import numpy as np
import pytest

from planwatch.registry.poverty import (
    Classification,
    HouseholdSurvey,
    InvalidSurvey,
    LivingStandard,
    classify,
    classify_columns,
)
from planwatch.registry.rules import AreaType, RuleNotFound, poverty_standard_for

RURAL, URBAN = AreaType.RURAL, AreaType.URBAN
CODES = [i.code for i in poverty_standard_for(2025).indicators]
POOR, NEAR, AVERAGE, ABOVE = LivingStandard


def lacking(count: int) -> frozenset[str]:
    return frozenset(CODES[:count])


def outcome(income: int, area: AreaType, count: int, year: int) -> LivingStandard:
    return classify(HouseholdSurvey(income, area, lacking(count)), year).standard


@pytest.mark.parametrize(
    ("income", "area", "count", "year", "expected"),
    [
        # 2022–2025: rural line 1.500.000, urban 2.000.000; ≥ 3 of 12 indicators
        (1_500_000, RURAL, 3, 2025, POOR),  # exactly on the line counts as at or below it
        (1_499_999, RURAL, 3, 2025, POOR),
        (1_500_000, RURAL, 2, 2025, NEAR),  # 2 deprivations: near-poor
        (1_500_001, RURAL, 12, 2025, AVERAGE),  # 1 đ above the line: not poor, whatever it lacks
        (2_250_000, RURAL, 0, 2025, AVERAGE),  # average band's upper bound included
        (2_250_001, RURAL, 0, 2025, ABOVE),
        (2_000_000, URBAN, 3, 2025, POOR),
        (2_000_000, URBAN, 2, 2025, NEAR),
        (2_000_001, URBAN, 3, 2025, AVERAGE),
        (1_800_000, RURAL, 3, 2025, AVERAGE),  # the same income: above the rural line …
        (1_800_000, URBAN, 3, 2025, POOR),  # … below the urban one
        (3_000_000, URBAN, 0, 2025, AVERAGE),
        (3_000_001, URBAN, 0, 2025, ABOVE),
        (0, RURAL, 0, 2022, NEAR),
        # 2026 keeps the 2022–2025 lines
        (1_500_001, RURAL, 3, 2026, AVERAGE),
        (1_500_000, RURAL, 3, 2026, POOR),
        (2_000_001, URBAN, 3, 2026, AVERAGE),
        (2_250_001, RURAL, 0, 2026, ABOVE),
        # 2027–2030: rural 2.200.000, urban 2.800.000
        (1_500_001, RURAL, 3, 2027, POOR),  # the same household was average in 2026
        (2_200_000, RURAL, 3, 2027, POOR),
        (2_200_000, RURAL, 2, 2027, NEAR),
        (2_200_001, RURAL, 3, 2027, AVERAGE),
        (2_800_000, URBAN, 3, 2027, POOR),
        (2_800_001, URBAN, 3, 2027, AVERAGE),
        (3_300_000, RURAL, 0, 2030, AVERAGE),  # the assumed 2027–2030 upper bound
        (3_300_001, RURAL, 0, 2030, ABOVE),
        (4_200_000, URBAN, 0, 2030, AVERAGE),
        (4_200_001, URBAN, 0, 2030, ABOVE),
    ],
)
def test_households_on_both_sides_of_each_threshold(
    income: int, area: AreaType, count: int, year: int, expected: LivingStandard
) -> None:
    assert outcome(income, area, count, year) is expected


def test_the_reason_names_the_line_the_income_and_the_count() -> None:
    result = classify(HouseholdSurvey(1_500_000, RURAL, lacking(3)), 2025)
    assert result == Classification(
        POOR,
        "thu nhập 1.500.000 đ/người/tháng không vượt chuẩn nghèo nông thôn 1.500.000 đ năm 2025 và "
        "thiếu hụt 3/12 chỉ số (từ 3 chỉ số)",
        "Nghị định 07/2021/NĐ-CP, Điều 3",
    )
    near = classify(HouseholdSurvey(2_000_000, URBAN, lacking(2)), 2026)
    assert "chuẩn nghèo đô thị 2.000.000 đ" in near.reason
    assert "2/12 chỉ số (dưới 3 chỉ số)" in near.reason
    assert "351/2025" in near.basis


def test_the_assumed_bound_is_said_where_it_decides() -> None:
    average = classify(HouseholdSurvey(3_000_000, RURAL, frozenset()), 2027)
    assert average.standard is AVERAGE
    assert "giả định" in average.reason
    assert "3.300.000 đ" in average.reason
    assert "giả định" not in classify(HouseholdSurvey(2_000_000, RURAL, lacking(3)), 2027).reason
    assert "giả định" not in classify(HouseholdSurvey(2_000_000, RURAL, frozenset()), 2025).reason


def test_labels_in_both_languages_and_codes_in_order() -> None:
    assert [s.code for s in LivingStandard] == [0, 1, 2, 3]
    assert POOR.label == "hộ nghèo"
    assert NEAR.label_en == "near-poor household"
    assert AreaType.URBAN.label == "đô thị"
    assert AreaType.RURAL.label_en == "rural"


def test_unknown_indicators_a_negative_income_and_years_without_a_standard_are_refused() -> None:
    with pytest.raises(InvalidSurvey, match="xe_may"):
        classify(HouseholdSurvey(1_000_000, RURAL, frozenset({"xe_may"})), 2025)
    with pytest.raises(InvalidSurvey, match="âm"):
        classify(HouseholdSurvey(-1, RURAL, frozenset()), 2025)
    with pytest.raises(RuleNotFound):
        classify(HouseholdSurvey(1_000_000, RURAL, frozenset()), 2031)
    with pytest.raises(RuleNotFound):
        classify_columns(np.array([1]), np.array([0]), np.array([False]), 2021)
    with pytest.raises(InvalidSurvey, match="dài bằng nhau"):
        classify_columns(np.array([1, 2]), np.array([0]), np.array([False]), 2025)


@pytest.mark.parametrize("year", range(2022, 2031))
def test_the_columns_give_what_classify_gives_row_by_row(year: int) -> None:
    rng = np.random.default_rng(year)
    size = 4000
    standard = poverty_standard_for(year)
    edges = np.array([v for a in AreaType for v in (standard.income_line[a], standard.average_upper[a])])
    near_edges = rng.choice(edges, size) + rng.integers(-2, 3, size)
    income = np.where(rng.random(size) < 0.5, near_edges, rng.integers(0, 6_000_000, size))
    count = rng.integers(0, 13, size)
    urban = rng.random(size) < 0.4
    codes = classify_columns(income, count, urban, year)
    expected = [
        classify(HouseholdSurvey(int(i), URBAN if u else RURAL, lacking(int(c))), year).standard.code
        for i, c, u in zip(income, count, urban, strict=True)
    ]
    assert codes.tolist() == expected
    assert set(expected) == {0, 1, 2, 3}  # every outcome was exercised


def test_a_code_gives_back_its_standard() -> None:
    assert [LivingStandard.from_code(c) for c in (0, 1, 2, 3)] == [POOR, NEAR, AVERAGE, ABOVE]
