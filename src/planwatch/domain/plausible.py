"""The plausible range of a figure, by its unit: the one table every entry point checks against (a
file, the API, the target page, a round's form and spreadsheet, via ``intake.figures.parse_figure``).

An indicator's own ``lower_limit`` / ``upper_limit`` win where the catalogue sets them; this table fills
in what it leaves open, so that no figure can be unbounded (a share of 130 %, a life of 10³⁰⁸ years).
"""

from __future__ import annotations

# unit (as the catalogue writes it) -> (lowest, highest) plausible figure
PLAUSIBLE_BY_UNIT: dict[str, tuple[float, float]] = {
    "%": (0.0, 100.0),
    "tuổi": (0.0, 120.0),  # years of life
    "năm": (0.0, 120.0),
    "người/10.000 dân": (0.0, 10_000.0),
    "giường/10.000 dân": (0.0, 10_000.0),
    "m2 sàn/người": (0.0, 1_000.0),
    "mức độ": (0.0, 100.0),
    "nhóm": (0.0, 100.0),
}
# Any other unit counts or sums something (households, people, million đồng): not negative, and below
# a bound no provincial figure approaches.
OTHER_UNIT = (0.0, 1e12)
# No unit written: the sign is unknown, the size is not.
NO_UNIT = (-1e12, 1e12)


def plausible_range(
    unit: str | None, lower_limit: float | None = None, upper_limit: float | None = None
) -> tuple[float, float]:
    """The range a figure in ``unit`` must lie in; an indicator's own limits, when given, replace the
    table's bound on their side."""
    if not unit:
        low, high = NO_UNIT
    else:
        low, high = PLAUSIBLE_BY_UNIT.get(unit.strip(), OTHER_UNIT)
    return (
        low if lower_limit is None else lower_limit,
        high if upper_limit is None else upper_limit,
    )
