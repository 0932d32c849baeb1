"""Direction and "met": when a figure satisfies a target (evaluation.md, "Direction and met")."""

from dataclasses import dataclass

from planwatch.domain.vocabulary import Assessment, Comparator

UP = 1
DOWN = -1


def direction_of(comparator: Comparator, target: float | None, start: float | None) -> int:
    """Which way the figure has to move: +1 up, -1 down.

    evaluation.md: +1 for ``>``/``>=``, -1 for ``<``/``<=``; for ``=`` and ``~`` the sign of T - y0
    (y0 the baseline, else the earliest observation), +1 when that is 0 or unknown. Level and
    qualitative targets improve upwards.

    Args:
        comparator: the target's comparator.
        target: the target value T.
        start: the value the direction of ``=`` and ``~`` is measured from.
    """
    if comparator in (Comparator.LT, Comparator.LE):
        return DOWN
    if comparator in (Comparator.EQ, Comparator.APPROX) and target is not None and start is not None:
        return DOWN if target < start else UP
    return UP


@dataclass(frozen=True, slots=True)
class Goal:
    """A comparator with its value and direction: decides whether one figure meets the target."""

    comparator: Comparator
    target: float | None  # None only for qualitative targets
    direction: int
    tolerance: float
    is_qualitative: bool = False

    def is_met(self, value: float | Assessment) -> bool:
        """Whether ``value`` satisfies the target (evaluation.md, met(v))."""
        if isinstance(value, Assessment):
            return value is Assessment.ACHIEVED
        if self.is_qualitative or self.target is None:
            return False
        return self._is_met_number(value, self.target)

    def _is_met_number(self, value: float, target: float) -> bool:
        match self.comparator:
            case Comparator.GT:
                return value > target
            case Comparator.GE | Comparator.LEVEL:
                return value >= target
            case Comparator.LT:
                return value < target
            case Comparator.LE:
                return value <= target
            case Comparator.APPROX:
                close = abs(value - target) <= self.tolerance * abs(target)
                return close or self._is_reached(value, target)
            case _:  # "=": reach X
                return self._is_reached(value, target)

    def _is_reached(self, value: float, target: float) -> bool:
        return value >= target if self.direction == UP else value <= target
