"""Totals of commune figures with their completeness, and figures carried across the 2025 reform.

A total over a set of communes is the territory's figure only when every one of them reported;
otherwise it is shown with its completeness ("98/102 xã đã báo cáo") and never evaluated as the
territory's figure (evaluation.md: never a silent undercount). Figures reported on the old structure
carry into the new one through the successions: a whole predecessor passes its figure, a part of a
divided commune passes its share (an assumption, docs/decisions/0008). Only quantities that add up
are summed; rates are recomputed from their numerator and denominator, never averaged.

Pure functions over codes and numbers: the caller brings the figures (from the observation store)
and the units' parents, successions and shares.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from planwatch.domain.model import UnitShare, UnitSuccession
from planwatch.domain.numbers import format_number


@dataclass(frozen=True, slots=True)
class RollUp:
    """A total over ``expected`` members, of which ``reported`` had a figure."""

    total: float
    reported: int
    expected: int
    missing: tuple[str, ...]

    @property
    def is_complete(self) -> bool:
        return self.expected > 0 and self.reported == self.expected

    @property
    def value(self) -> float | None:
        """The territory's figure: the total when every member reported, else None."""
        return self.total if self.is_complete else None

    @property
    def completeness(self) -> str:
        """ "98/102 xã đã báo cáo" """
        return f"{self.reported}/{self.expected} xã đã báo cáo"

    def describe(self) -> str:
        """The total with what it covers: "1.500 (đủ 102/102 xã)" or "1.200 — chỉ 98/102 xã đã báo
        cáo, chưa phải số của cả địa bàn"."""
        total = format_number(self.total)
        if self.is_complete:
            return f"{total} (đủ {self.reported}/{self.expected} xã)"
        return f"{total} — chỉ {self.completeness}, chưa phải số của cả địa bàn"


def roll_up(values: Mapping[str, float], members: Collection[str]) -> RollUp:
    """The sum of ``values`` over ``members`` (commune → province in the new structure)."""
    present = [code for code in members if code in values]
    missing = tuple(sorted(code for code in members if code not in values))
    return RollUp(
        total=sum(values[code] for code in present),
        reported=len(present),
        expected=len(members),
        missing=missing,
    )


def leaves_under(root: str, parents: Mapping[str, str | None]) -> set[str]:
    """The units under ``root`` that have none under them (communes; an island district without
    communes is its own leaf): commune → district → province in the old structure."""
    children: dict[str, list[str]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    leaves: set[str] = set()
    pending = list(children.get(root, []))
    while pending:
        code = pending.pop()
        below = children.get(code)
        if below:
            pending.extend(below)
        else:
            leaves.add(code)
    return leaves


def roll_up_tree(values: Mapping[str, float], parents: Mapping[str, str | None], root: str) -> RollUp:
    """The sum over every commune under ``root`` (a district, or a province through its districts)."""
    return roll_up(values, leaves_under(root, parents))


def carry_forward(
    values: Mapping[str, float], successions: Iterable[UnitSuccession], shares: Iterable[UnitShare]
) -> dict[str, RollUp]:
    """For each successor of ``successions``: the figures of its predecessors carried into it, a whole
    predecessor in full and a part of a divided one by its share, with completeness over its
    predecessors. Only for quantities that add up."""
    share_of = {(s.predecessor, s.successor): s.share for s in shares}
    carried: dict[str, RollUp] = {}
    for succession in successions:
        for successor in succession.successors:
            parts = {p: share_of.get((p, successor), 1.0) for p in succession.predecessors}
            weighted = {p: values[p] * weight for p, weight in parts.items() if p in values}
            carried[successor] = roll_up(weighted, tuple(parts))
    return carried


@dataclass(frozen=True, slots=True)
class RateRollUp:
    """A rate recomputed from the totals of its numerator and denominator."""

    numerator: RollUp
    denominator: RollUp
    scale: float

    @property
    def is_complete(self) -> bool:
        return self.numerator.is_complete and self.denominator.is_complete

    @property
    def value(self) -> float | None:
        """scale × Σ numerator / Σ denominator when both are complete and the denominator is not 0."""
        if not self.is_complete or not self.denominator.total:
            return None
        return self.scale * self.numerator.total / self.denominator.total


def roll_up_rate(
    numerators: Mapping[str, float],
    denominators: Mapping[str, float],
    members: Collection[str],
    scale: float = 100.0,
) -> RateRollUp:
    """A rate over ``members`` (poor households / all households × 100), never an average of rates."""
    return RateRollUp(roll_up(numerators, members), roll_up(denominators, members), scale)
