"""Reporting periods and their data cut-off (Nghị định 09/2019/NĐ-CP, Điều 12; domain.md §5).

A figure describes a period: a year, a half year, a quarter or a month. Statistics close before the
calendar does: a year's data run from 15/12 of the year before to 14/12, a half year to 14/6, a
quarter to the 14th of its last month, a month from the 15th of the month before to the 14th. This
module is the one place that knows these rules and the years planwatch accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.numbers import parse_integer
from planwatch.domain.text import echoed

# Reporting years planwatch accepts: every entry point (files, API, forms, rounds) asks this module.
FIRST_YEAR = 1990
LAST_YEAR = 2100
# The day of the month on which a period's data close (Nghị định 09/2019: 14/12 for a year).
CUTOFF_DAY = 14


class PeriodType(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"

    @property
    def label(self) -> str:
        return {"year": "năm", "half": "6 tháng", "quarter": "quý", "month": "tháng"}[self.value]


# How many periods of each type a year has, and the letter that names them in a period code.
_PER_YEAR = {PeriodType.YEAR: 1, PeriodType.HALF: 2, PeriodType.QUARTER: 4, PeriodType.MONTH: 12}
_LETTER = {PeriodType.HALF: "H", PeriodType.QUARTER: "Q", PeriodType.MONTH: "M"}
_BY_LETTER = {letter: kind for kind, letter in _LETTER.items()}
_CODE = re.compile(r"(?P<year>[0-9]{4})(?:(?P<letter>[HQM])(?P<index>[0-9]{1,2}))?")
# Vietnamese ways of writing a period: "6 tháng đầu năm 2025", "quý 3/2025", "tháng 7/2025".
_WORDS = (
    (re.compile(r"6 tháng đầu năm ([0-9]{4})"), PeriodType.HALF, 1),
    (re.compile(r"6 tháng cuối năm ([0-9]{4})"), PeriodType.HALF, 2),
)
_NUMBERED = re.compile(r"(quý|tháng)\s*([0-9]{1,2})\s*[/-]\s*([0-9]{4})")


def check_year(year: int) -> int:
    """``year`` when planwatch accepts it as a reporting year.

    Raises:
        InvalidValueError: outside 1990–2100.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValueError(f"năm {year} nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR}")
    return year


def year_cutoff(year: int) -> date:
    """Last day of a year's data period: 14/12."""
    return date(year, 12, CUTOFF_DAY)


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """One reporting period: ``index`` counts from 1 within the year (1 for a whole year)."""

    year: int
    type: PeriodType = PeriodType.YEAR
    index: int = 1

    def __post_init__(self) -> None:
        check_year(self.year)
        if not 1 <= self.index <= _PER_YEAR[self.type]:
            raise InvalidValueError(f"kỳ {self.type.label} số {self.index} không tồn tại")

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(year)

    @property
    def code(self) -> str:
        """``2025``, ``2025H1``, ``2025Q3``, ``2025M07``: how the store and the files name it."""
        if self.type is PeriodType.YEAR:
            return str(self.year)
        width = 2 if self.type is PeriodType.MONTH else 1
        return f"{self.year}{_LETTER[self.type]}{self.index:0{width}d}"

    @property
    def label(self) -> str:
        """``năm 2025``, ``6 tháng đầu năm 2025``, ``quý 3/2025``, ``tháng 7/2025``."""
        if self.type is PeriodType.YEAR:
            return f"năm {self.year}"
        if self.type is PeriodType.HALF:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        return f"{self.type.label} {self.index}/{self.year}"

    @property
    def months(self) -> int:
        return 12 // _PER_YEAR[self.type]

    @property
    def start(self) -> date:
        """First day of the period's data: the 15th of the month before it begins."""
        first_month = (self.index - 1) * self.months + 1
        if first_month == 1:
            return date(self.year - 1, 12, CUTOFF_DAY + 1)
        return date(self.year, first_month - 1, CUTOFF_DAY + 1)

    @property
    def end(self) -> date:
        """Last day of the period's data: the 14th of its last month."""
        return date(self.year, self.index * self.months, CUTOFF_DAY)

    def __str__(self) -> str:
        return self.code


def parse_period(text: str) -> Period:
    """A period as written in a file, the API or a form.

    Accepts ``2025``, ``2025H1``, ``2025Q3``, ``2025M07`` (case-insensitive) and the Vietnamese
    ``6 tháng đầu năm 2025``, ``quý 3/2025``, ``tháng 7/2025``.

    Raises:
        InvalidValueError: any other text, or a year outside 1990–2100.
    """
    cleaned = " ".join(text.split()).lower()
    if not cleaned:
        raise InvalidValueError("thiếu kỳ số liệu (năm)")
    match = _CODE.fullmatch(cleaned.upper())
    if match:
        year = int(match["year"])
        if not match["letter"]:
            return Period(year)
        return Period(year, _BY_LETTER[match["letter"]], int(match["index"]))
    for pattern, kind, index in _WORDS:
        found = pattern.fullmatch(cleaned)
        if found:
            return Period(int(found[1]), kind, index)
    numbered = _NUMBERED.fullmatch(cleaned)
    if numbered:
        kind = PeriodType.QUARTER if numbered[1] == "quý" else PeriodType.MONTH
        return Period(int(numbered[3]), kind, int(numbered[2]))
    raise InvalidValueError(
        f"kỳ '{echoed(text)}' không đọc được: ghi năm (2025), 6 tháng (2025H1), quý (2025Q3) "
        "hoặc tháng (2025M07)"
    )


def parse_year(text: str) -> int:
    """A reporting year written with ASCII digits, between 1990 and 2100.

    Raises:
        InvalidValueError: not a whole year, or outside the accepted years.
    """
    try:
        year = parse_integer(text)
    except InvalidValueError:
        raise InvalidValueError(f"năm '{echoed(text)}' không phải là số nguyên") from None
    return check_year(year)


def in_force(valid_from: date | None, valid_to: date | None, day: date) -> bool:
    """Whether something valid from ``valid_from`` to ``valid_to`` (its last day; None: open) exists on
    ``day``: the one rule of a unit's or an agency's validity."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


def unit_reports_for(valid_from: date | None, valid_to: date | None, period: Period) -> bool:
    """Whether a unit valid from ``valid_from`` to ``valid_to`` (last day; None: open) may carry a
    figure for ``period``: it exists on the period's cut-off (a district abolished after 30/6/2025
    reports the first half of 2025, cut-off 14/6, but not the second half nor the year)."""
    return in_force(valid_from, valid_to, period.end)


def unit_refusal(name: str, valid_from: date | None, valid_to: date | None, period: Period) -> str:
    """Why a unit may not carry a figure for ``period`` (one sentence), or "" when it may."""
    if unit_reports_for(valid_from, valid_to, period):
        return ""
    day = period.end
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
