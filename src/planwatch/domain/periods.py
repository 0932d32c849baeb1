"""Reporting periods and the one rule for which unit a period's figure may be reported on (domain.md §5).

Data of a report period runs from the 15th to the 14th (Nghị định 09/2019/NĐ-CP): a year from 15/12
of the year before to 14/12, the first half-year to 14/6, the second half-year from 15/6 to 14/12.
A figure describes a unit as it stands on the period's last day, the *cut-off*: it may be reported
for a unit that exists on that day, and for no other. So a district (abolished after 30/6/2025)
reports the first half of 2025 (cut-off 14/6/2025) but not the second half nor the whole year 2025
(cut-off 14/12/2025); those go to the units that continue it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class PeriodPart(StrEnum):
    """Which part of a year a figure covers."""

    YEAR = "year"
    FIRST_HALF = "h1"
    SECOND_HALF = "h2"


_LABELS = {
    PeriodPart.YEAR: "năm {year}",
    PeriodPart.FIRST_HALF: "6 tháng đầu năm {year}",
    PeriodPart.SECOND_HALF: "6 tháng cuối năm {year}",
}


@dataclass(frozen=True, slots=True)
class ReportingPeriod:
    """A year or a half-year of reported data."""

    year: int
    part: PeriodPart = PeriodPart.YEAR

    @classmethod
    def year_of(cls, year: int) -> ReportingPeriod:
        return cls(year, PeriodPart.YEAR)

    @property
    def cutoff(self) -> date:
        """The last day of the period's data: 14/6 for the first half-year, else 14/12."""
        return date(self.year, 6, 14) if self.part is PeriodPart.FIRST_HALF else date(self.year, 12, 14)

    @property
    def start(self) -> date:
        """The first day of the period's data: 15/12 of the year before, or 15/6 for the second half."""
        if self.part is PeriodPart.SECOND_HALF:
            return date(self.year, 6, 15)
        return date(self.year - 1, 12, 15)

    @property
    def label(self) -> str:
        return _LABELS[self.part].format(year=self.year)


def unit_reports_for(valid_from: date | None, valid_to: date | None, period: ReportingPeriod) -> bool:
    """Whether a unit valid from ``valid_from`` to ``valid_to`` (last day; None: open) may carry a
    figure for ``period``: it exists on the period's cut-off."""
    day = period.cutoff
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


def unit_refusal(name: str, valid_from: date | None, valid_to: date | None, period: ReportingPeriod) -> str:
    """Why a unit may not carry a figure for ``period`` (one sentence), or "" when it may."""
    if unit_reports_for(valid_from, valid_to, period):
        return ""
    day = period.cutoff
    if valid_to is not None and valid_to < day:
        return (
            f"'{name}' không còn tồn tại vào {day:%d/%m/%Y} (hết hiệu lực {valid_to:%d/%m/%Y}), "
            f"ngày chốt số liệu {period.label}"
        )
    start = valid_from or day + timedelta(days=1)
    return (
        f"'{name}' chưa tồn tại vào {day:%d/%m/%Y} (có hiệu lực từ {start:%d/%m/%Y}), "
        f"ngày chốt số liệu {period.label}"
    )
