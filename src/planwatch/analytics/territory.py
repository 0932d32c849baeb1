"""One series of figures per territory, across the 2025 reorganisation (domain.md §4).

A target of a former province (Kiên Giang) is evaluated on figures for that territory: those reported
for the province while it existed, then those reported for the area that continues it inside the merged
province, or, for quantities that add up, the sum over the communes whose predecessors lay in it. A
figure for the whole merged province is a different territory and is never mixed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planwatch.domain.vocabulary import Aggregation, Assessment

# The old guess from the unit's words, kept for the call sites not yet reading the indicator's
# aggregation (is_additive): counts add up across communes; rates, averages and per-capita figures
# never do (evaluation.md: "never average rates across units").
ADDITIVE_UNITS = frozenset(
    {"người", "lượt lao động", "căn hộ", "hộ", "lượt người", "tổ chức", "hội", "xã", "trường"}
)


@dataclass(frozen=True, slots=True)
class UnitFigure:
    """A reported figure with where it was reported for."""

    unit_code: str
    territory: str
    is_commune: bool
    year: int
    value: float | Assessment


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    year: int
    value: float | Assessment
    source: str  # unit code, or "sum of N communes"


def is_additive(unit: str | None) -> bool:
    """The old guess from the unit text; :func:`sums_across_places` on the indicator replaces it."""
    return unit in ADDITIVE_UNITS


def sums_across_places(aggregation: Aggregation) -> bool:
    """Whether the communes' figures of an indicator add up to the territory's figure.

    The indicator's written ``aggregation`` is the one rule (catalogue ``indicators.json``): only a
    ``sum`` indicator adds. A ratio combines through its numerator and denominator, a weighted mean
    through its weight, never by adding the figures themselves; ``none`` never combines.
    """
    return aggregation is Aggregation.SUM


def territory_series(
    figures: Iterable[UnitFigure],
    territory: str,
    *,
    additive: bool,
    communes_in_territory: Mapping[str, frozenset[str]],
) -> list[SeriesPoint]:
    """The yearly series of ``territory``, ordered by year.

    Args:
        figures: figures of one target for any units.
        territory: the territory to follow (``kien-giang``).
        additive: whether the quantity adds up, so that commune figures may be summed.
        communes_in_territory: territory -> codes of the communes whose predecessors lay in it. A year
            is summed only when every one of them reported: a partial sum would understate the total.
    """
    direct: dict[int, SeriesPoint] = {}
    by_commune: dict[int, dict[str, float]] = {}
    communes = communes_in_territory.get(territory, frozenset())
    for figure in figures:
        if not figure.is_commune and figure.territory == territory:
            direct.setdefault(figure.year, SeriesPoint(figure.year, figure.value, figure.unit_code))
        elif figure.is_commune and figure.unit_code in communes and isinstance(figure.value, float):
            by_commune.setdefault(figure.year, {})[figure.unit_code] = figure.value
    points = dict(direct)
    if additive and communes:
        for year, values in by_commune.items():
            if year not in points and set(values) == communes:
                points[year] = SeriesPoint(
                    year, sum(values.values()), f"tổng {len(values)} xã, phường, đặc khu"
                )
    return [points[year] for year in sorted(points)]
