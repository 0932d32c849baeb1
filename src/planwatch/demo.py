"""Deterministic illustrative figures for the demo database (labelled ``Số liệu minh họa`` wherever shown).

Each target gets a made-up path from 2023 to 2025 whose pace is drawn, from a seed derived from the
target's identity, among the evaluation statuses, so the demo shows every colour. Nothing here is a
real statistic.
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


def _levels(target: DemoTarget, rng: random.Random) -> list[Observation]:
    assert target.value is not None
    goal = target.value if target.value != 0 else 0.5
    falls = _falls(target)
    _, low, high = rng.choice(_PACES)
    start = goal * (rng.uniform(1.15, 1.6) if falls else rng.uniform(0.75, 0.95))
    horizon = max(1, (target.target_year or 2030) - DEMO_YEARS[0])
    needed = (goal / start) ** (1 / horizon)
    pace = rng.uniform(low, high)
    yearly = needed**pace
    values = [start * yearly**step for step in range(len(DEMO_YEARS))]
    return [Observation(year, _tidy(v, target)) for year, v in zip(DEMO_YEARS, values, strict=True)]


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
    return round(value, 1) if (target.unit == "%" or abs(value) < 1000) else float(round(value))
