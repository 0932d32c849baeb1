"""Dated rule tables of the social-protection registry, read from ``rules/*.toml`` (docs/registry.md).

Every amount, line and coefficient the registry uses comes from these tables, each row with its period
and its legal basis; the code holds no figure of a decree. Money is ``int`` đồng; incomes are đồng per
person per month. A row may carry ``assumption``: a value not read from the decree's text, which the
functions that use it repeat in what they return.

The tables are read once per process (:func:`default_rules`); a test or a tool may read another
directory with :func:`load_rules` and pass the result as ``rules=``.
"""

from __future__ import annotations

import functools
import itertools
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from planwatch.domain.numbers import format_number

TABLES = (
    "poverty_standards.toml",
    "deprivation_indicators.toml",
    "assistance_base.toml",
    "assistance_province_levels.toml",
    "assistance_categories.toml",
    "merit_reference.toml",
)


class RuleNotFound(ValueError):
    """No rule in force for the date or year asked (one sentence, Vietnamese)."""


class RuleTableError(ValueError):
    """A rule table is missing, unreadable or inconsistent (one sentence naming the file)."""


class AreaType(StrEnum):
    """Khu vực: the poverty line differs between rural and urban areas."""

    RURAL = "nong_thon"
    URBAN = "do_thi"

    @property
    def label(self) -> str:
        return {"nong_thon": "nông thôn", "do_thi": "đô thị"}[self.value]

    @property
    def label_en(self) -> str:
        return {"nong_thon": "rural", "do_thi": "urban"}[self.value]

    @classmethod
    def of_unit(cls, name: str) -> AreaType:
        """The area type a commune's name implies when nothing else says it: a ward (phường) is urban,
        every other commune (xã, đặc khu) rural — the one rule the synthetic registry and
        its benches use."""
        return (
            cls.URBAN
            if unicodedata.normalize("NFC", name).strip().casefold().startswith("phường")
            else cls.RURAL
        )


@dataclass(frozen=True, slots=True)
class DeprivationIndicator:
    """One of the 12 indicators of lacking basic social services, in one of 6 dimensions."""

    code: str
    dimension: str
    dimension_vi: str
    dimension_en: str
    label_vi: str
    label_en: str


@dataclass(frozen=True, slots=True)
class PovertyStandard:
    """A multidimensional poverty standard for a period of years (both ends included)."""

    year_from: int
    year_to: int
    income_line: dict[AreaType, int]
    average_upper: dict[AreaType, int]
    min_deprivations: int
    indicators: tuple[DeprivationIndicator, ...]
    basis: str
    assumption: str | None = None

    @property
    def indicator_codes(self) -> frozenset[str]:
        return frozenset(i.code for i in self.indicators)


@dataclass(frozen=True, slots=True)
class RuleValue:
    """An amount in force from ``valid_from`` to ``valid_to`` (inclusive; None: no end yet)."""

    amount: int
    basis: str
    valid_from: date
    valid_to: date | None = None
    province: str | None = None  # a province's own higher level, by planwatch code (vn34-01)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class CoefficientBand:
    """A category's coefficient for an age band in whole years (``min_age`` ≤ age < ``below_age``)."""

    coefficient: Decimal
    clause: str
    min_age: int | None = None
    below_age: int | None = None
    per_child: bool = False

    @property
    def needs_age(self) -> bool:
        return self.min_age is not None or self.below_age is not None

    def holds_at(self, age: int | None) -> bool:
        if not self.needs_age:
            return True
        if age is None:
            return False
        return (self.min_age is None or age >= self.min_age) and (
            self.below_age is None or age < self.below_age
        )


@dataclass(frozen=True, slots=True)
class AssistanceCategory:
    """A category of monthly social assistance (Nghị định 20/2021/NĐ-CP, Điều 5) with its coefficients."""

    code: str
    label_vi: str
    label_en: str
    clause: str  # "Điều 5 khoản 1"
    coefficients: tuple[CoefficientBand, ...]

    @property
    def label(self) -> str:
        return self.label_vi


@dataclass(frozen=True, slots=True)
class HighestOnlyRule:
    """Only the single highest coefficient is paid, except for the listed categories, which add."""

    basis: str
    exception_categories: frozenset[str]
    exception: str
    exception_basis: str
    assumption: str | None = None


@dataclass(frozen=True, slots=True)
class RuleBook:
    """Every rule table, as read from one directory."""

    standards: tuple[PovertyStandard, ...]
    assistance_base: tuple[RuleValue, ...]
    province_levels: tuple[RuleValue, ...]
    merit_reference: tuple[RuleValue, ...]
    categories: Mapping[str, AssistanceCategory]
    highest_only: HighestOnlyRule
    source: str = field(default="planwatch.registry/rules")


def _money(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RuleTableError(f"{where}: số tiền phải là số nguyên dương (đồng), không phải {value!r}")
    return value


def _day(value: object, where: str) -> date:
    if not isinstance(value, date):
        raise RuleTableError(f"{where}: ngày phải viết dạng 2024-07-01, không phải {value!r}")
    return value


def _by_area(value: object, where: str) -> dict[AreaType, int]:
    if not isinstance(value, dict) or set(value) != {a.value for a in AreaType}:
        raise RuleTableError(f"{where}: cần đúng hai khu vực nong_thon và do_thi")
    return {AreaType(k): _money(v, where) for k, v in value.items()}


def _dated(rows: Iterable[dict[str, Any]], where: str, *, province: bool = False) -> tuple[RuleValue, ...]:
    values = tuple(
        RuleValue(
            amount=_money(row.get("amount"), where),
            basis=str(row["basis"]),
            valid_from=_day(row.get("valid_from"), where),
            valid_to=_day(row["valid_to"], where) if "valid_to" in row else None,
            province=str(row["province"]) if province else None,
        )
        for row in rows
    )
    groups: dict[str | None, list[RuleValue]] = {}
    for value in values:
        groups.setdefault(value.province, []).append(value)
    for group in groups.values():
        group.sort(key=lambda v: v.valid_from)
        for earlier, later in itertools.pairwise(group):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise RuleTableError(
                    f"{where}: mức từ {later.valid_from:%d/%m/%Y} chồng lên mức "
                    f"từ {earlier.valid_from:%d/%m/%Y}"
                )
    return tuple(sorted(values, key=lambda v: (v.province or "", v.valid_from)))


def _read(directory: Traversable, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(directory.joinpath(name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleTableError(f"thiếu bảng quy định {name}") from None
    except tomllib.TOMLDecodeError as error:
        raise RuleTableError(f"bảng quy định {name} không đọc được: {error}") from None


def _standards(
    data: dict[str, Any], sets: dict[str, tuple[DeprivationIndicator, ...]]
) -> list[PovertyStandard]:
    where = "poverty_standards.toml"
    standards = []
    for row in data.get("standard", []):
        if row.get("indicator_set") not in sets:
            raise RuleTableError(
                f"{where}: bộ chỉ số {row.get('indicator_set')!r} không có trong bảng chỉ số"
            )
        standard = PovertyStandard(
            year_from=int(row["year_from"]),
            year_to=int(row["year_to"]),
            income_line=_by_area(row.get("income_line"), where),
            average_upper=_by_area(row.get("average_upper"), where),
            min_deprivations=int(row["min_deprivations"]),
            indicators=sets[row["indicator_set"]],
            basis=str(row["basis"]),
            assumption=" ".join(str(row["assumption"]).split()) if "assumption" in row else None,
        )
        if standard.year_from > standard.year_to or any(
            standard.average_upper[a] <= standard.income_line[a] for a in AreaType
        ):
            raise RuleTableError(f"{where}: chuẩn {standard.year_from}–{standard.year_to} không hợp lệ")
        standards.append(standard)
    standards.sort(key=lambda s: s.year_from)
    for earlier, later in itertools.pairwise(standards):
        if later.year_from <= earlier.year_to:
            raise RuleTableError(f"{where}: chuẩn từ năm {later.year_from} chồng lên chuẩn trước")
    return standards


def _categories(data: dict[str, Any]) -> dict[str, AssistanceCategory]:
    where = "assistance_categories.toml"
    categories: dict[str, AssistanceCategory] = {}
    for row in data.get("category", []):
        bands = []
        for band in row["coefficients"]:
            try:
                coefficient = Decimal(str(band["coefficient"]))
            except InvalidOperation:
                raise RuleTableError(f"{where}: hệ số {band['coefficient']!r} không phải số") from None
            bands.append(
                CoefficientBand(
                    coefficient=coefficient,
                    clause=str(band["clause"]),
                    min_age=band.get("min_age"),
                    below_age=band.get("below_age"),
                    per_child=bool(band.get("per_child", False)),
                )
            )
        if row["code"] in categories:
            raise RuleTableError(f"{where}: mã đối tượng {row['code']} lặp lại")
        categories[row["code"]] = AssistanceCategory(
            code=row["code"],
            label_vi=row["label_vi"],
            label_en=row["label_en"],
            clause=row["clause"],
            coefficients=tuple(bands),
        )
    return categories


def load_rules(directory: Traversable | Path | None = None) -> RuleBook:
    """Read every rule table from ``directory`` (default: the package's ``rules/``).

    Raises:
        RuleTableError: a table is missing, unreadable or inconsistent (overlapping periods, …).
    """
    folder: Traversable = (
        resources.files("planwatch.registry").joinpath("rules") if directory is None else directory
    )
    tables = {name: _read(folder, name) for name in TABLES}
    sets = {
        s["key"]: tuple(
            DeprivationIndicator(
                code=i["code"],
                dimension=i["dimension"],
                dimension_vi=i["dimension_vi"],
                dimension_en=i["dimension_en"],
                label_vi=i["label_vi"],
                label_en=i["label_en"],
            )
            for i in s["indicator"]
        )
        for s in tables["deprivation_indicators.toml"].get("set", [])
    }
    categories = _categories(tables["assistance_categories.toml"])
    rule = tables["assistance_categories.toml"]["rule"]
    unknown = set(rule["exception_categories"]) - set(categories)
    if unknown:
        raise RuleTableError(
            f"assistance_categories.toml: ngoại lệ nêu mã không có: {', '.join(sorted(unknown))}"
        )
    return RuleBook(
        standards=tuple(_standards(tables["poverty_standards.toml"], sets)),
        assistance_base=_dated(tables["assistance_base.toml"].get("level", []), "assistance_base.toml"),
        province_levels=_dated(
            tables["assistance_province_levels.toml"].get("level", []),
            "assistance_province_levels.toml",
            province=True,
        ),
        merit_reference=_dated(tables["merit_reference.toml"].get("level", []), "merit_reference.toml"),
        categories=categories,
        highest_only=HighestOnlyRule(
            basis=rule["highest_only"],
            exception_categories=frozenset(rule["exception_categories"]),
            exception=" ".join(rule["exception"].split()),
            exception_basis=rule["exception_basis"],
            assumption=" ".join(rule["assumption"].split()) if "assumption" in rule else None,
        ),
        source=str(folder),
    )


@functools.cache
def default_rules() -> RuleBook:
    """The package's rule tables, read once per process."""
    return load_rules()


def money(amount: int) -> str:
    """``1500000`` → ``1.500.000 đ``."""
    return f"{format_number(amount)} đ"


def poverty_standard_for(year: int, *, rules: RuleBook | None = None) -> PovertyStandard:
    """The poverty standard in force for a year: 2022–2026 Nghị định 07/2021, 2027–2030 Nghị định 351/2025.

    Raises:
        RuleNotFound: no standard in the tables covers that year.
    """
    for standard in (rules or default_rules()).standards:
        if standard.year_from <= year <= standard.year_to:
            return standard
    raise RuleNotFound(f"không có chuẩn nghèo nào áp dụng cho năm {year} trong bảng quy định")


def _in_force(rows: Iterable[RuleValue], day: date, what: str) -> RuleValue:
    for row in rows:
        if row.covers(day):
            return row
    raise RuleNotFound(f"không có {what} nào có hiệu lực ngày {day:%d/%m/%Y} trong bảng quy định")


def assistance_base_on(
    day: date, province_code: str | None = None, *, rules: RuleBook | None = None
) -> RuleValue:
    """The social assistance base level in force on ``day``: the national level, or the province's own
    level when its HĐND set one that is higher and in force that day.

    Raises:
        RuleNotFound: no national level in force that day (before 01/7/2021).
    """
    book = rules or default_rules()
    national = _in_force(book.assistance_base, day, "mức chuẩn trợ giúp xã hội")
    if province_code is not None:
        own = [r for r in book.province_levels if r.province == province_code and r.covers(day)]
        if own and own[0].amount > national.amount:
            return own[0]
    return national


def merit_reference_on(day: date, *, rules: RuleBook | None = None) -> RuleValue:
    """The reference level of allowances for people with meritorious service in force on ``day``.

    Raises:
        RuleNotFound: no level in force that day (before 01/9/2021).
    """
    return _in_force(
        (rules or default_rules()).merit_reference, day, "mức chuẩn trợ cấp ưu đãi người có công"
    )
