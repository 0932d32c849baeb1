"""What a target's unit says about judging it: the tolerance of "khoảng" and how a change is measured.

One table each (docs/evaluation.md, "Tolerance" and "Pace"), so the method page and the engine
cannot disagree:

- TOLERANCE_BY_UNIT: the distance from T that "khoảng T" accepts, in the indicator's own terms
  (±1 percentage point for a share, ±0,5 year for an age). Units not listed accept 2 % of |T|
  (counts and money, whose size varies by orders of magnitude).
- POINT_UNITS: units whose change is read in percentage points: a share's pace is its yearly change
  in points (linear), not its compound growth rate.
"""

from collections.abc import Mapping
from types import MappingProxyType

TOLERANCE_BY_UNIT: Mapping[str, float] = MappingProxyType(
    {
        "%": 1.0,  # percentage points
        "tuổi": 0.5,  # years of age
        "năm": 0.5,  # years
        "con/phụ nữ": 0.1,  # children per woman (fertility)
        "người/10.000 dân": 0.5,
        "giường/10.000 dân": 0.5,
        "m2 sàn/người": 0.5,
    }
)
RELATIVE_TOLERANCE = 0.02  # any other unit: 2 % of |T|

POINT_UNITS = frozenset({"%"})


def tolerance_for(unit: str | None, target: float) -> float:
    """The distance from ``target`` that "khoảng" accepts, in the unit of the figures.

    >>> tolerance_for("tuổi", 75.5)
    0.5
    >>> tolerance_for("căn hộ", 1500.0)
    30.0
    """
    if unit is not None and unit in TOLERANCE_BY_UNIT:
        return TOLERANCE_BY_UNIT[unit]
    return RELATIVE_TOLERANCE * abs(target)


def is_in_points(unit: str | None) -> bool:
    """Whether a change in this unit is read in percentage points (a share)."""
    return unit in POINT_UNITS
