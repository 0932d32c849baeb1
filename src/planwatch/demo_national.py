"""Deterministic illustrative figures for the whole country (``planwatch demo --national``).

Nothing here is a real statistic: every figure is labelled ``Số liệu minh họa`` where it is shown. The
figures are made column by column with numpy, one administrative structure at a time (the 63 provinces
and their communes for the years before 1/7/2025, the 34 provinces and 3,321 communes after), for
every indicator of the catalogue that combines across places and every data element its rules name,
with their breakdowns. They are plausible, not random noise:

- **Population first.** Each commune gets a population (log-normal around the country's mean, growing
  about 1 % a year) and lasting traits: its urban share, its ethnic-minority share, its remote share.
  Every data element that is not a ratio's numerator (households, labour force, children of an age,
  schools, communes, tonnes of waste …) is a plausible multiple of that population, split into its
  breakdowns by those shares (the parts add up to the total).
- **Rates drift toward the target.** A ratio's value starts in 2015 away from the goal the catalogue's
  targets set for it (below for an indicator that must rise, above for one that must fall) and moves
  toward it, each commune keeping its own lasting distance from the province's path; percentages stay
  within 0–100.
- **Ratios are consistent.** A ratio's numerator is drawn from its denominator at the commune's rate
  (binomially for counts), and the ratio's figure is the numerator over the denominator times the
  unit's scale, so rolling the elements up reproduces the ratio; parts are split so they add up.
- **Weighted means** (life expectancy, fertility) vary a little around their path and are weighted by
  the population element the catalogue names.
- **Provinces** get the figures their communes add up to (a ratio recomputed from its elements).

Seeds come from the indicator code, the structure and :data:`SEED`, so two runs give the same figures.
``scale`` keeps a share of every province's communes (at least one): the dataset shrinks honestly, it is
never padded with made-up indicators.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from planwatch.domain.model import Indicator
from planwatch.domain.vocabulary import Aggregation, Direction, Disaggregation

SEED = 2025
NATIONAL_YEARS = tuple(range(2015, 2026))  # 11 years; 2015–2024 old structure, 2025 new (cut-off 14/12)
NATIONAL_LABEL = "minh họa toàn quốc"  # the comment that marks these figures
POPULATION_2015 = 92_000_000.0
POPULATION_GROWTH = 0.010
GOAL_YEAR = 2030

# The parts a breakdown splits a figure into (domain.series codes: urban/rural and sex are the shared
# codes, the others the slugs of the scopes the documents write).
CATEGORIES: dict[Disaggregation, tuple[str, ...]] = {
    Disaggregation.URBAN_RURAL: ("urban", "rural"),
    Disaggregation.SEX: ("male", "female"),
    Disaggregation.AGE_GROUP: ("duoi-15-tuoi", "tu-15-den-59-tuoi", "tu-60-tuoi-tro-len"),
    Disaggregation.ETHNIC_GROUP: ("dan-toc-kinh", "dan-toc-thieu-so"),
    Disaggregation.REMOTE_AREA: ("vung-sau-vung-xa-bien-gioi-hai-dao", "cac-vung-con-lai"),
}
_AGE_SHARES = (0.23, 0.62, 0.15)

# How big a data element is, per person of the commune (or per commune: ``per_commune``). Elements not
# listed take the default of their unit. Illustrative orders of magnitude, not statistics.
_PER_PERSON: dict[str, float] = {
    "dan-so-trung-binh": 1.0,
    "tong-so-ho-dan-cu": 1 / 3.6,
    "luc-luong-lao-dong": 0.53,
    "luc-luong-lao-dong-trong-do-tuoi-lao-dong": 0.50,
    "luc-luong-lao-dong-o-khu-vuc-thanh-thi": 0.53,  # times the urban share
    "tong-so-lao-dong-co-viec-lam": 0.52,
    "dan-so-trong-do-tuoi-cap-tieu-hoc": 0.080,
    "dan-so-trong-do-tuoi-cap-trung-hoc-co-so": 0.060,
    "dan-so-trong-do-tuoi-cap-trung-hoc-pho-thong": 0.045,
    "so-tre-em-trong-do-tuoi-mau-giao-3-5-tuoi": 0.045,
    "so-tre-em-trong-do-tuoi-nha-tre-duoi-3-tuoi": 0.045,
    "so-tre-em-duoi-1-tuoi": 0.015,
    "so-tre-em-duoi-5-tuoi-duoc-can-do": 0.070,
    "so-tre-tu-so-sinh-den-6-tuoi": 0.10,
    "so-phu-nu-15-49-tuoi": 0.25,
    "tong-so-nguoi-cao-tuoi": 0.13,
    "so-nguoi-cao-tuoi-om-dau": 0.05,
    "so-nguoi-sau-do-tuoi-nghi-huu": 0.11,
    "tong-so-nguoi-khuyet-tat": 0.07,
    "so-nguoi-su-dung-dich-vu-cham-soc-ban-dau-tai-y-te-co-so": 0.6,
    "tong-so-nha-o": 1 / 3.8,
    "tong-so-ho-gia-dinh-nguoi-co-cong": 1 / 80,
    "so-ho-ngheo-can-ngheo-co-tre-em-duoi-36-thang-tuoi-phu-nu-mang-thai-hoac-nguoi-cao-tuoi": 1 / 60,
    "tong-so-can-bo-quan-ly": 1 / 500,
    "tong-so-cong-chuc-vien-chuc": 1 / 60,
    "tong-so-can-bo-quan-ly-giao-duc-va-giao-vien": 1 / 70,
    "tong-so-co-so-san-xuat-kinh-doanh": 1 / 100,
    "tong-so-truong-hoc": 1 / 2_000,
    "tong-so-co-so-giao-duc": 1 / 1_500,
    "khoi-luong-chat-thai-ran-sinh-hoat-do-thi-phat-sinh": 0.35,  # tonnes a year, times the urban share
    "khoi-luong-chat-thai-ran-sinh-hoat-nong-thon-phat-sinh": 0.2,  # times the rural share
    "khoi-luong-chat-thai-ran-cong-nghiep-thong-thuong-va-chat-thai-nguy-hai-phat-sinh": 0.12,
    "khoi-luong-nuoc-thai-phat-sinh": 45.0,  # m3 a year
    "khoi-luong-nuoc-thai-sinh-hoat-phat-sinh": 38.0,
    "so-chuong-trinh-thoi-su-ban-tin-truyen-hinh-phat-song": 1 / 300,
}
# Elements counted per commune: (mean count, Poisson); one commune, one health station.
_PER_COMMUNE: dict[str, float] = {
    "tong-so-xa": 1.0,
    "tong-so-don-vi-hanh-chinh-cap-huyen-cap-xa": 1.0,
    "tong-so-tram-y-te": 1.0,
    "tong-so-xa-dac-biet-kho-khan-xa-dao": 0.2,
    "so-khu-cum-cong-nghiep-dang-hoat-dong": 0.4,
    "tong-so-diem-dan-cu-nong-thon-tap-trung": 3.0,
    "tong-so-truong-cao-dang": 0.05,
    "tong-so-truong-trung-cap": 0.08,
    "tong-so-nganh-nghe-dao-tao": 0.8,
    "tong-so-chuong-trinh-dao-tao-nganh-nghe-trong-diem": 0.4,
}
_URBAN_ONLY = {
    "luc-luong-lao-dong-o-khu-vuc-thanh-thi",
    "khoi-luong-chat-thai-ran-sinh-hoat-do-thi-phat-sinh",
}
_RURAL_ONLY = {
    "khoi-luong-chat-thai-ran-sinh-hoat-nong-thon-phat-sinh",
    "tong-so-diem-dan-cu-nong-thon-tap-trung",
}
_ONE_PER_COMMUNE = {"tong-so-xa", "tong-so-don-vi-hanh-chinh-cap-huyen-cap-xa", "tong-so-tram-y-te"}
# Units whose amounts are not counted one by one (kept with one decimal, never drawn binomially).
_MEASURED_UNITS = {"tấn", "m3", "m2 sàn", "triệu đồng"}
# Sum indicators: per person a year.
_SUM_PER_PERSON = {
    "luot-lao-dong-duoc-giai-quyet-viec-lam-hang-nam": 0.012,
    "xay-dung-can-ho-nha-o-xa-hoi-cho-nguoi-thu-nhap-thap-cong-nghiep-khu-cong-nghiep": 1 / 20_000,
}


@dataclass(frozen=True, slots=True)
class Structure:
    """One administrative structure and the years it reports: communes (unit ids) and the province
    (unit id) each lies in."""

    name: str
    years: tuple[int, ...]
    communes: npt.NDArray[np.int64]
    commune_province: npt.NDArray[np.int64]
    whole: int  # how many communes the whole structure has (at scale 1): sets the mean population

    @property
    def provinces(self) -> npt.NDArray[np.int64]:
        return np.unique(self.commune_province)


@dataclass(frozen=True, slots=True)
class Block:
    """The figures of one series (indicator, disaggregation) for some units and years: one column each."""

    code: str
    disaggregation: str
    units: npt.NDArray[np.int64]
    years: npt.NDArray[np.int64]
    values: npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Plan:
    """What is generated: the series and the number of figures, before any is made."""

    indicators: tuple[str, ...]
    elements: tuple[str, ...]
    series: int  # (indicator or element) × disaggregation
    figures: int
    skipped: tuple[str, ...] = field(default=())  # indicators never combined: no commune figures


def generated(indicators: Sequence[Indicator]) -> tuple[list[Indicator], list[Indicator]]:
    """The indicators that get figures (combined across places) and the data elements, by code."""
    combined = sorted(
        (i for i in indicators if not i.is_element and i.aggregation is not Aggregation.NONE),
        key=lambda i: i.code,
    )
    elements = sorted((i for i in indicators if i.is_element), key=lambda i: i.code)
    return combined, elements


def categories(indicator: Indicator) -> list[tuple[Disaggregation | None, str]]:
    """The total ("") and every part of every breakdown of ``indicator``."""
    parts: list[tuple[Disaggregation | None, str]] = [(None, "")]
    for breakdown in indicator.disaggregations:
        parts.extend((breakdown, code) for code in CATEGORIES[breakdown])
    return parts


def plan(indicators: Sequence[Indicator], structures: Sequence[Structure]) -> Plan:
    """How many series and figures :func:`figures` makes (every commune and province, every year)."""
    combined, elements = generated(indicators)
    series = sum(len(categories(i)) for i in (*combined, *elements))
    units_years = sum((len(s.communes) + len(s.provinces)) * len(s.years) for s in structures)
    return Plan(
        indicators=tuple(i.code for i in combined),
        elements=tuple(i.code for i in elements),
        series=series,
        figures=series * units_years,  # an upper bound: a ratio with no denominator is left out
        skipped=tuple(sorted(i.code for i in indicators if not i.is_element and i not in combined)),
    )


def sample_communes(codes: Sequence[str], provinces: Sequence[object], scale: float) -> list[int]:
    """The positions of the communes kept at ``scale``: in each province, ``ceil(scale × n)`` (at least
    one) of its communes, chosen by a hash of their codes so that a bigger scale keeps the smaller one's."""
    if not 0 < scale <= 1:
        raise ValueError("scale must be within (0, 1]")
    by_province: dict[object, list[tuple[str, int]]] = {}
    for position, (code, province) in enumerate(zip(codes, provinces, strict=True)):
        rank = hashlib.sha256(f"{SEED}:{code}".encode()).hexdigest()
        by_province.setdefault(province, []).append((rank, position))
    kept: list[int] = []
    for members in by_province.values():
        members.sort()
        kept.extend(position for _, position in members[: max(1, math.ceil(scale * len(members)))])
    return sorted(kept)


def _rng(*parts: object) -> np.random.Generator:
    digest = hashlib.sha256(":".join(str(p) for p in (SEED, *parts)).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


class _Commune:
    """The lasting traits of a structure's communes and their population per year."""

    def __init__(self, structure: Structure) -> None:
        rng = _rng("communes", structure.name)
        n = len(structure.communes)
        mean = POPULATION_2015 / max(structure.whole, 1)
        sigma = 0.6
        self.population0 = rng.lognormal(np.log(mean) - sigma**2 / 2, sigma, n)
        self.growth = rng.normal(POPULATION_GROWTH, 0.004, n)
        self.urban = rng.beta(1.2, 3.0, n)
        self.minority = rng.beta(0.4, 2.5, n)
        self.remote = (rng.random(n) < 0.18) * rng.uniform(0.5, 1.0, n)

    def population(self, year: int) -> npt.NDArray[np.float64]:
        return np.asarray(self.population0 * (1 + self.growth) ** (year - NATIONAL_YEARS[0]))

    def shares(self, breakdown: Disaggregation, n: int) -> list[npt.NDArray[np.float64]]:
        """The share of each part of ``breakdown`` in every commune (they add up to 1)."""
        if breakdown is Disaggregation.URBAN_RURAL:
            return [self.urban, 1 - self.urban]
        if breakdown is Disaggregation.ETHNIC_GROUP:
            return [1 - self.minority, self.minority]
        if breakdown is Disaggregation.REMOTE_AREA:
            return [self.remote, 1 - self.remote]
        if breakdown is Disaggregation.SEX:
            return [np.full(n, 0.495), np.full(n, 0.505)]
        return [np.full(n, s) for s in _AGE_SHARES]


def _split(
    total: npt.NDArray[np.float64],
    shares: list[npt.NDArray[np.float64]],
    rng: np.random.Generator,
    counted: bool,
) -> list[npt.NDArray[np.float64]]:
    """``total`` split into parts by ``shares`` (binomially for counts); the parts add up to it."""
    parts: list[npt.NDArray[np.float64]] = []
    left = total.copy()
    weight_left = np.sum(shares, axis=0)
    for share in shares[:-1]:
        p = np.clip(np.divide(share, weight_left, out=np.zeros_like(share), where=weight_left > 0), 0, 1)
        part = rng.binomial(left.astype(np.int64), p).astype(np.float64) if counted else np.round(left * p, 1)
        parts.append(part)
        left = left - part
        weight_left = weight_left - share
    parts.append(np.maximum(left, 0))
    return parts


def ratio_scale(unit: str | None) -> float:
    """What a ratio of two summed elements is multiplied by to be read in ``unit`` (as the engine)."""
    if unit and "%" in unit:
        return 100.0
    if unit and "/10.000" in unit:
        return 10_000.0
    return 1.0


def _path(indicator: Indicator, goal: float | None, year: int) -> float:
    """The province-wide figure of ``year`` on a path from 2015 toward the goal of 2030."""
    falls = indicator.direction is Direction.DOWN
    if goal is None or goal <= 0:
        goal = 8.0 if falls else 70.0
    start = goal * (1.8 if falls else 0.78)
    if indicator.upper_limit is not None:
        start = min(start, indicator.upper_limit - 1)
    progress = (year - NATIONAL_YEARS[0]) / (GOAL_YEAR - NATIONAL_YEARS[0])
    return start + (goal - start) * progress


def figures(
    indicators: Sequence[Indicator],
    structures: Sequence[Structure],
    goals: dict[str, float],
) -> Iterator[Block]:
    """Every illustrative figure, series by series (indicator, then disaggregation), for each structure:
    the communes' figures and the provinces' totals. ``goals`` gives an indicator's target value (the
    catalogue's), toward which its path drifts."""
    combined, elements = generated(indicators)
    by_code = {i.code: i for i in indicators}
    numerators = {i.numerator: i for i in combined if i.aggregation is Aggregation.RATIO and i.numerator}
    for structure in structures:
        communes = _Commune(structure)
        yield from _structure_figures(structure, communes, combined, elements, by_code, numerators, goals)


def _structure_figures(
    structure: Structure,
    communes: _Commune,
    combined: list[Indicator],
    elements: list[Indicator],
    by_code: dict[str, Indicator],
    numerators: dict[str, Indicator],
    goals: dict[str, float],
) -> Iterator[Block]:
    n = len(structure.communes)
    provinces, province_index = np.unique(structure.commune_province, return_inverse=True)
    # Values of every series: code -> disaggregation -> (years × communes).
    made: dict[str, dict[str, npt.NDArray[np.float64]]] = {}
    years = structure.years

    def counted(element: Indicator) -> bool:
        return (element.unit or "") not in _MEASURED_UNITS

    # 1. Base elements (not a ratio's numerator): multiples of the population, split into parts.
    for element in elements:
        if element.code in numerators:
            continue
        rng = _rng("element", structure.name, element.code)
        rows: dict[str, list[npt.NDArray[np.float64]]] = {c: [] for _, c in categories(element)}
        lasting = rng.uniform(0.8, 1.2, n)
        for year in years:
            population = communes.population(year)
            if element.code in _PER_COMMUNE:
                mean = _PER_COMMUNE[element.code]
                total = _floats(
                    np.ones(n) if element.code in _ONE_PER_COMMUNE else rng.poisson(mean * lasting, n)
                )
            else:
                per_person = _PER_PERSON.get(element.code, 0.05)
                amount = population * per_person * lasting
                if element.code in _URBAN_ONLY:
                    amount = amount * communes.urban
                if element.code in _RURAL_ONLY:
                    amount = amount * (1 - communes.urban)
                total = _floats(np.round(amount) if counted(element) else np.round(amount, 1))
            rows[""].append(total)
            for breakdown in element.disaggregations:
                parts = _split(total, communes.shares(breakdown, n), rng, counted(element))
                for code, part in zip(CATEGORIES[breakdown], parts, strict=True):
                    rows[code].append(part)
        made[element.code] = {c: np.vstack(v) for c, v in rows.items()}

    # 2. Ratios (with their numerators), weighted means and sums.
    for indicator in combined:
        rng = _rng("indicator", structure.name, indicator.code)
        goal = goals.get(indicator.code)
        if indicator.aggregation is Aggregation.RATIO:
            _ratio(indicator, by_code, made, structure, goal, rng)
        elif indicator.aggregation is Aggregation.WEIGHTED_MEAN:
            lasting = rng.normal(0, 0.02, n)
            values: dict[str, list[npt.NDArray[np.float64]]] = {c: [] for _, c in categories(indicator)}
            offsets = {c: rng.normal(0, 0.02) for _, c in categories(indicator)}
            for year in years:
                base = _path(indicator, goal, year) * (1 + lasting)
                for _, code in categories(indicator):
                    values[code].append(np.round(base * (1 + (offsets[code] if code else 0)), 1))
            made[indicator.code] = {c: np.vstack(v) for c, v in values.items()}
        else:
            per_person = _SUM_PER_PERSON.get(indicator.code, 0.001)
            sums: dict[str, list[npt.NDArray[np.float64]]] = {c: [] for _, c in categories(indicator)}
            for year in years:
                total = rng.poisson(communes.population(year) * per_person).astype(np.float64)
                sums[""].append(total)
                for breakdown in indicator.disaggregations:
                    parts = _split(total, communes.shares(breakdown, n), rng, True)
                    for code, part in zip(CATEGORIES[breakdown], parts, strict=True):
                        sums[code].append(part)
            made[indicator.code] = {c: np.vstack(v) for c, v in sums.items()}

    # 3. Blocks: communes, then provinces (elements and sums added, ratios and means recomputed).
    year_column = np.repeat(np.asarray(years, dtype=np.int64), n)
    commune_column = np.tile(structure.communes, len(years))
    province_years = np.repeat(np.asarray(years, dtype=np.int64), len(provinces))
    province_column = np.tile(provinces, len(years))
    for code in sorted(made):
        indicator = by_code[code]
        for disaggregation in sorted(made[code]):
            grid = made[code][disaggregation]
            flat = grid.reshape(-1)
            kept = ~np.isnan(flat)
            yield Block(code, disaggregation, commune_column[kept], year_column[kept], flat[kept])
            province_values = _province_values(
                indicator, disaggregation, grid, made, province_index, provinces
            )
            flat = province_values.reshape(-1)
            kept = ~np.isnan(flat)
            yield Block(code, disaggregation, province_column[kept], province_years[kept], flat[kept])


def _floats(values: object) -> npt.NDArray[np.float64]:
    return np.asarray(values, dtype=np.float64)


def _add_by_province(
    grid: npt.NDArray[np.float64], province_index: npt.NDArray[np.int64], count: int
) -> npt.NDArray[np.float64]:
    out = np.zeros((grid.shape[0], count))
    for row in range(grid.shape[0]):
        out[row] = np.bincount(province_index, weights=np.nan_to_num(grid[row]), minlength=count)
    return out


def _province_values(
    indicator: Indicator,
    disaggregation: str,
    grid: npt.NDArray[np.float64],
    made: dict[str, dict[str, npt.NDArray[np.float64]]],
    province_index: npt.NDArray[np.int64],
    provinces: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    count = len(provinces)
    if indicator.aggregation is Aggregation.RATIO:
        assert indicator.numerator
        assert indicator.denominator
        numerator = made[indicator.numerator][disaggregation]
        denominator = np.where(np.isnan(grid), 0, made[indicator.denominator][disaggregation])
        top = _add_by_province(np.where(np.isnan(grid), 0, numerator), province_index, count)
        bottom = _add_by_province(denominator, province_index, count)
        with np.errstate(invalid="ignore", divide="ignore"):
            return _floats(
                np.round(np.where(bottom > 0, top / bottom * ratio_scale(indicator.unit), np.nan), 2)
            )
    if indicator.aggregation is Aggregation.WEIGHTED_MEAN:
        assert indicator.weight
        weight = made[indicator.weight][disaggregation]
        top = _add_by_province(grid * weight, province_index, count)
        bottom = _add_by_province(weight, province_index, count)
        with np.errstate(invalid="ignore", divide="ignore"):
            return _floats(np.round(np.where(bottom > 0, top / bottom, np.nan), 2))
    return _add_by_province(grid, province_index, count)


def _ratio(
    indicator: Indicator,
    by_code: dict[str, Indicator],
    made: dict[str, dict[str, npt.NDArray[np.float64]]],
    structure: Structure,
    goal: float | None,
    rng: np.random.Generator,
) -> None:
    """The numerator element and the ratio's figures, from the denominator and the commune's rate."""
    assert indicator.numerator
    assert indicator.denominator
    n = len(structure.communes)
    scale = ratio_scale(indicator.unit)
    numerator_element = by_code[indicator.numerator]
    is_count = (numerator_element.unit or "") not in _MEASURED_UNITS
    denominator = made[indicator.denominator]
    spread = rng.normal(0, 0.12, n)  # each commune's lasting distance from the province's path
    factors = {c: float(rng.uniform(0.92, 1.08)) for _, c in categories(indicator)}
    upper = indicator.upper_limit if indicator.upper_limit is not None else math.inf
    parts_of = [c for _, c in categories(indicator)]
    numerators: dict[str, list[npt.NDArray[np.float64]]] = {c: [] for c in parts_of}
    for row, year in enumerate(structure.years):
        base = _path(indicator, goal, year)
        rate = np.clip(base * (1 + spread), 0, upper) / scale  # per unit of the denominator
        total_den = denominator[""][row]
        if is_count and np.all(rate <= 1):
            total = rng.binomial(total_den.astype(np.int64), np.clip(rate, 0, 1)).astype(np.float64)
        else:
            total = np.round(total_den * rate, 1) if not is_count else np.round(total_den * rate)
        numerators[""].append(total)
        for breakdown in indicator.disaggregations:
            parts_den = [denominator[c][row] for c in CATEGORIES[breakdown]]
            weights = [d * rate * factors[c] for d, c in zip(parts_den, CATEGORIES[breakdown], strict=True)]
            parts = _split(total, weights, rng, is_count)
            for code, part, part_den in zip(CATEGORIES[breakdown], parts, parts_den, strict=True):
                ceiling = part_den * upper / scale if math.isfinite(upper) else np.inf
                numerators[code].append(np.minimum(part, ceiling))
    number = {c: np.vstack(v) for c, v in numerators.items()}
    made[indicator.numerator] = number
    values: dict[str, npt.NDArray[np.float64]] = {}
    for code, top in number.items():
        bottom = denominator[code]
        with np.errstate(invalid="ignore", divide="ignore"):
            values[code] = _floats(np.round(np.where(bottom > 0, top / bottom * scale, np.nan), 2))
    made[indicator.code] = values
