"""Poverty classification of a household from its income and deprivations, by the standard of the year.

The rule (every figure from ``rules/poverty_standards.toml``): with the income line L and the average
band's upper bound U of the household's area,
- poor (hộ nghèo): income ≤ L and at least ``min_deprivations`` (3) indicators lacking;
- near-poor (hộ cận nghèo): income ≤ L and fewer lacking;
- average living standard (hộ có mức sống trung bình): L < income ≤ U;
- above: income > U.
An income exactly on a line counts as at or below it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from planwatch.registry.rules import AreaType, RuleBook, money, poverty_standard_for


class LivingStandard(StrEnum):
    """The review's outcome; the order is the code ``classify_columns`` writes (0..3)."""

    POOR = "ho_ngheo"
    NEAR_POOR = "ho_can_ngheo"
    AVERAGE = "ho_muc_song_trung_binh"
    ABOVE = "khac"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]

    @property
    def code(self) -> int:
        return list(LivingStandard).index(self)

    @classmethod
    def from_code(cls, code: int) -> LivingStandard:
        """The standard a ``classify_columns`` code stands for: 0 → :attr:`POOR`."""
        return list(cls)[int(code)]


_LABELS = {
    LivingStandard.POOR: ("hộ nghèo", "poor household"),
    LivingStandard.NEAR_POOR: ("hộ cận nghèo", "near-poor household"),
    LivingStandard.AVERAGE: ("hộ có mức sống trung bình", "household of average living standard"),
    LivingStandard.ABOVE: ("hộ trên mức sống trung bình", "household above the average living standard"),
}


class InvalidSurvey(ValueError):
    """A household survey the standard cannot classify (one sentence)."""


@dataclass(frozen=True, slots=True)
class HouseholdSurvey:
    income_per_person_month: int
    area: AreaType
    deprivations: frozenset[str]  # codes of the 12 indicators the household lacks


@dataclass(frozen=True, slots=True)
class Classification:
    standard: LivingStandard
    reason: str  # Vietnamese: the line, the income, the count (and any assumption used)
    basis: str


def classify(survey: HouseholdSurvey, year: int, *, rules: RuleBook | None = None) -> Classification:
    """The household's living standard in ``year``.

    Raises:
        RuleNotFound: no standard for that year.
        InvalidSurvey: a negative income or an indicator code the standard does not have.
    """
    standard = poverty_standard_for(year, rules=rules)
    unknown = survey.deprivations - standard.indicator_codes
    if unknown:
        raise InvalidSurvey(
            f"chỉ số thiếu hụt không có trong chuẩn nghèo năm {year}: {', '.join(sorted(unknown))}"
        )
    if survey.income_per_person_month < 0:
        raise InvalidSurvey("thu nhập bình quân đầu người không được âm")
    income = survey.income_per_person_month
    line = standard.income_line[survey.area]
    upper = standard.average_upper[survey.area]
    count = len(survey.deprivations)
    area = survey.area.label
    said = f"thu nhập {money(income)}/người/tháng"
    if income <= line:
        poor = count >= standard.min_deprivations
        result = LivingStandard.POOR if poor else LivingStandard.NEAR_POOR
        compare = "từ" if poor else "dưới"
        reason = (
            f"{said} không vượt chuẩn nghèo {area} {money(line)} năm {year} và thiếu hụt {count}/"
            f"{len(standard.indicators)} chỉ số ({compare} {standard.min_deprivations} chỉ số)"
        )
    elif income <= upper:
        result = LivingStandard.AVERAGE
        reason = f"{said} trên chuẩn nghèo {area} {money(line)} và không vượt {money(upper)} năm {year}"
    else:
        result = LivingStandard.ABOVE
        reason = f"{said} trên mức sống trung bình {area} {money(upper)} năm {year}"
    if standard.assumption and income > line:
        reason += f" (giả định: {standard.assumption})"
    return Classification(standard=result, reason=reason, basis=standard.basis)


def classify_columns(
    income: npt.ArrayLike,
    deprivation_count: npt.ArrayLike,
    urban: npt.ArrayLike,
    year: int,
    *,
    rules: RuleBook | None = None,
) -> npt.NDArray[np.int8]:
    """:func:`classify` over columns: the :attr:`LivingStandard.code` (0 poor … 3 above) of each row.

    Args:
        income: income per person per month, đồng.
        deprivation_count: how many indicators each household lacks.
        urban: True for an urban household.

    Raises:
        RuleNotFound: no standard for that year.
        InvalidSurvey: the columns differ in length, or an income is negative.
    """
    standard = poverty_standard_for(year, rules=rules)
    incomes = np.asarray(income, dtype=np.int64)
    counts = np.asarray(deprivation_count)
    is_urban = np.asarray(urban, dtype=bool)
    if not incomes.shape == counts.shape == is_urban.shape:
        raise InvalidSurvey("các cột thu nhập, số chỉ số thiếu hụt và khu vực phải dài bằng nhau")
    if incomes.size and incomes.min() < 0:
        raise InvalidSurvey("thu nhập bình quân đầu người không được âm")
    line = np.where(is_urban, standard.income_line[AreaType.URBAN], standard.income_line[AreaType.RURAL])
    upper = np.where(is_urban, standard.average_upper[AreaType.URBAN], standard.average_upper[AreaType.RURAL])
    codes = np.full(incomes.shape, LivingStandard.ABOVE.code, dtype=np.int8)
    codes[incomes <= upper] = LivingStandard.AVERAGE.code
    at_or_below = incomes <= line
    codes[at_or_below] = LivingStandard.NEAR_POOR.code
    codes[at_or_below & (counts >= standard.min_deprivations)] = LivingStandard.POOR.code
    return codes
