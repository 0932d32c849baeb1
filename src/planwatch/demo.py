"""Deterministic illustrative figures for the demo database (labelled ``Số liệu minh họa`` wherever shown).

Each target gets a made-up path from 2023 to 2025 whose pace is drawn, from a seed derived from the
target's identity, among the evaluation statuses, so the demo shows every colour. Nothing here is a
real statistic, but the path is one an official would find believable (the rule, issue #19):

1. **Start.** The path starts from the target's baseline when the document gives one (its value, moved
   on from the baseline year at the drawn pace); without a baseline, close to the goal: 90–97 % of it
   for a figure that must rise, 103–125 % for one that must fall.
2. **Pace.** Each year moves by the drawn multiple (−0,6 … 2,2) of the steady yearly change that would
   reach the goal by the target year, so a plan far from its goal moves a little each year.
3. **Bounds.** One year changes a level by at most 6 % of its value (a percentage by at most 3
   points); nothing leaves the indicator's natural limits (0, 100 %).
4. **Rounding.** Percentages and small values keep one decimal; counts (a goal that is a whole number
   of 20 or more, in a unit other than %) are whole numbers: no "172,8 căn hộ".
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Assessment, Comparator, Direction, TargetKind

DEMO_YEARS = (2023, 2024, 2025)
DEMO_LABEL = "Số liệu minh họa"

# How fast each made-up path moves, as a multiple of the pace the target needs.
_PACES = (
    ("ahead", 1.6, 2.2),
    ("on_track", 1.0, 1.4),
    ("slow", 0.65, 0.9),
    ("limited", 0.1, 0.5),
    ("worse", -0.6, -0.2),
)


@dataclass(frozen=True, slots=True)
class DemoTarget:
    """What the generator needs to know about a target."""

    identity: str  # doc id + target key: the seed
    comparator: Comparator
    value: float | None
    target_year: int | None
    kind: TargetKind
    unit: str | None
    direction: Direction = Direction.UNKNOWN
    upper_limit: float | None = None
    baseline: tuple[int, float] | None = None  # (year, value) the document gives, if any


def demo_series(target: DemoTarget) -> list[Observation]:
    """Illustrative figures for 2023–2025; empty when the target gives nothing to aim at."""
    rng = random.Random(int.from_bytes(hashlib.sha256(target.identity.encode()).digest()[:8], "big"))
    if target.comparator is Comparator.QUALITATIVE:
        path = [Assessment.NOT_ACHIEVED, Assessment.PARTIAL, rng.choice(list(Assessment))]
        return [Observation(year, value) for year, value in zip(DEMO_YEARS, path, strict=True)]
    if target.value is None:
        return []
    if target.comparator is Comparator.LEVEL:
        start = max(1.0, target.value - rng.choice((0, 1, 1, 2)))
        grades = [start, start, min(target.value, start + rng.choice((0, 1)))]
        return [Observation(year, grade) for year, grade in zip(DEMO_YEARS, grades, strict=True)]
    if target.kind in (TargetKind.ANNUAL, TargetKind.CUMULATIVE):
        return _flows(target, rng)
    return _levels(target, rng)


def _falls(target: DemoTarget) -> bool:
    if target.comparator in (Comparator.LT, Comparator.LE):
        return True
    return target.comparator in (Comparator.EQ, Comparator.APPROX) and target.direction is Direction.DOWN


MAX_YEARLY_SHARE = 0.06  # a level moves by at most 6 % of itself in a year
MAX_YEARLY_POINTS = 3.0  # a percentage moves by at most 3 points in a year


def _levels(target: DemoTarget, rng: random.Random) -> list[Observation]:
    assert target.value is not None
    goal = target.value if target.value != 0 else 0.5
    falls = _falls(target)
    _, low, high = rng.choice(_PACES)
    pace = rng.uniform(low, high)
    target_year = target.target_year or 2030
    if target.baseline is not None and target.baseline[1] > 0 and target.baseline[0] < DEMO_YEARS[0]:
        start_year, start = target.baseline
    else:
        start_year = DEMO_YEARS[0] - 1
        start = goal * (rng.uniform(1.03, 1.25) if falls else rng.uniform(0.9, 0.97))
    horizon = max(1, target_year - start_year)
    steady = (goal - start) / horizon  # the change per year that reaches the goal in time
    values: list[float] = []
    value = start
    for year in range(start_year + 1, DEMO_YEARS[-1] + 1):
        value = value + _bounded(steady * pace, value, target)
        if year >= DEMO_YEARS[0]:
            values.append(value)
    return [Observation(year, _tidy(v, target)) for year, v in zip(DEMO_YEARS, values, strict=True)]


def _bounded(change: float, value: float, target: DemoTarget) -> float:
    """A year's change kept within rule 3."""
    limit = MAX_YEARLY_POINTS if target.unit == "%" else MAX_YEARLY_SHARE * abs(value)
    limit = max(limit, 0.1)
    return max(-limit, min(limit, change))


def _flows(target: DemoTarget, rng: random.Random) -> list[Observation]:
    assert target.value is not None
    per_year = target.value
    if target.kind is TargetKind.CUMULATIVE:
        per_year = target.value / max(1, (target.target_year or 2030) - DEMO_YEARS[0] + 1)
    return [Observation(year, _tidy(per_year * rng.uniform(0.7, 1.2), target)) for year in DEMO_YEARS]


def _tidy(value: float, target: DemoTarget) -> float:
    upper = target.upper_limit if target.upper_limit is not None else (100.0 if target.unit == "%" else None)
    if upper is not None:
        value = min(value, upper)
    value = max(value, 0.0)
    if _counts(target) or abs(value) >= 1000:
        return float(round(value))
    return round(value, 1)


def _counts(target: DemoTarget) -> bool:
    """Rule 4: a goal that is a whole number of 20 or more, in a unit other than %, counts things."""
    goal = target.value
    return target.unit != "%" and goal is not None and goal >= 20 and float(goal).is_integer()
