"""Direction and "met": when a figure satisfies a target (docs/evaluation.md, "Direction and met")."""

from dataclasses import dataclass

from planwatch.domain.vocabulary import Assessment, Comparator, Direction

UP = 1
DOWN = -1

_REACH = (Comparator.EQ, Comparator.APPROX, Comparator.RANGE)


def direction_of(
    comparator: Comparator,
    target: float | None,
    start: float | None,
    indicator: Direction = Direction.UNKNOWN,
    target_max: float | None = None,
) -> int:
    """Which way the figure has to move: +1 up, -1 down.

    docs/evaluation.md (decision 0007): +1 for ``>``/``>=``, -1 for ``<``/``<=``. For ``=``, ``~``,
    ``range`` and ``level`` the indicator's direction when it is known: a baseline beyond the
    target never turns it round. Only when the indicator's direction is unknown does the baseline
    y0 decide ``=``, ``~`` (sign of T - y0) and ``range`` (down when y0 is above the band); +1 when
    that is 0 or unknown. Qualitative targets improve upwards.

    Args:
        comparator: the target's comparator.
        target: the target value T (the lower bound of a range).
        start: the baseline the direction of ``=``, ``~`` and ``range`` falls back on.
        indicator: which way the indicator improves.
        target_max: the upper bound of a range.
    """
    if comparator in (Comparator.LT, Comparator.LE):
        return DOWN
    if comparator in (Comparator.GT, Comparator.GE, Comparator.QUALITATIVE):
        return UP
    if indicator is Direction.DOWN:
        return DOWN
    if indicator is Direction.UP or comparator not in _REACH or target is None or start is None:
        return UP
    upper = target_max if comparator is Comparator.RANGE and target_max is not None else target
    return DOWN if start > upper else UP


@dataclass(frozen=True, slots=True)
class Goal:
    """A comparator with its value(s) and direction: decides whether one figure meets the target.

    Attributes:
        comparator: the target's comparator.
        target: T, the lower bound of a range; None only for qualitative targets.
        direction: +1 or -1 (direction_of).
        tolerance: the distance from T that ``~`` accepts, in the unit of the figures.
        is_qualitative: figures are assessments.
        target_max: the upper bound of a range.
        direction_known: the indicator says which way is better (a range overshot on that side
            counts as met; with no known direction only the band does).
    """

    comparator: Comparator
    target: float | None
    direction: int
    tolerance: float = 0.0
    is_qualitative: bool = False
    target_max: float | None = None
    direction_known: bool = False

    @property
    def aim(self) -> float | None:
        """The value the pace heads for: T, or the near bound of a range (lower when going up)."""
        if self.comparator is Comparator.RANGE and self.direction == DOWN and self.target_max is not None:
            return self.target_max
        return self.target

    def is_met(self, value: float | Assessment) -> bool:
        """Whether ``value`` satisfies the target (docs/evaluation.md, met(v))."""
        if isinstance(value, Assessment):
            return value is Assessment.ACHIEVED
        if self.is_qualitative or self.target is None:
            return False
        return self._is_met_number(value, self.target)

    def is_overshot(self, value: float | Assessment) -> bool:
        """A ``~`` or ``range`` target passed on its far side while nothing says that side is better.

        "khoảng 2,1" is not met by 3 when the indicator has no better side: the figure has gone past
        the target, which is neither reached nor on its way (docs/evaluation.md, "Ranges").
        """
        if isinstance(value, Assessment) or self.direction_known or self.target is None:
            return False
        if self.comparator is Comparator.RANGE and self.target_max is not None:
            return value > self.target_max if self.direction == UP else value < self.target
        if self.comparator is Comparator.APPROX:
            return (value - self.target) * self.direction > self.tolerance
        return False

    def _is_met_number(self, value: float, target: float) -> bool:
        match self.comparator:
            case Comparator.GT:
                return value > target
            case Comparator.GE:
                return value >= target
            case Comparator.LT:
                return value < target
            case Comparator.LE:
                return value <= target
            case Comparator.APPROX:  # beyond T counts only when the indicator says that side is better
                close = abs(value - target) <= self.tolerance
                return close or (self.direction_known and self._is_reached(value, target))
            case Comparator.RANGE:
                upper = self.target_max if self.target_max is not None else target
                if target <= value <= upper:
                    return True
                beyond = value > upper if self.direction == UP else value < target
                return self.direction_known and beyond
            case _:  # "=" (reach X) and "level" (a grade, lower-is-better when the indicator says so)
                return self._is_reached(value, target)

    def _is_reached(self, value: float, target: float) -> bool:
        return value >= target if self.direction == UP else value <= target
