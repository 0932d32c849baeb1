"""What the evaluator is asked about: a target and its baseline (evaluation.md, "Inputs")."""

import math
from dataclasses import dataclass

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.vocabulary import Comparator, Direction, TargetKind


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """A target as the evaluator needs it.

    Attributes:
        comparator: how a figure is compared with ``value``.
        value: the target value T; None for qualitative targets (or a target not yet quantified).
        target_year: the year Y by which the target is due; None when the document gives none.
        kind: state (default), annual, maintain, cumulative, level or qualitative.
        lower_limit: lower end of the indicator's plausible band (0 for a percentage): a trend
            projected outside the band is not extrapolated (docs/evaluation.md, "Projection").
        upper_limit: upper end of the band (100 for a percentage).
        tolerance: for ``~``, the accepted distance from T in the unit of the figures; None takes
            it from the unit (planwatch.evaluation.units.TOLERANCE_BY_UNIT).
        start_year: first year s of the plan for cumulative, annual and maintain targets; None means
            the baseline year + 1, else the earliest observation.
        value_max: the upper bound of a ``range`` target (``value`` is the lower one).
        direction: which way the indicator improves; UNKNOWN leaves ``=``, ``~`` and ``range`` to
            the baseline (docs/evaluation.md, "Direction and met").
        unit: the unit of the figures: decides the tolerance of ``~`` and whether the pace is
            read in percentage points (``%``).

    Raises:
        InvalidValueError: a number that is not finite, a negative tolerance, limits out of order,
            or range bounds out of order.
    """

    comparator: Comparator
    value: float | None
    target_year: int | None
    kind: TargetKind = TargetKind.STATE
    lower_limit: float | None = None
    upper_limit: float | None = None
    tolerance: float | None = None
    start_year: int | None = None
    value_max: float | None = None
    direction: Direction = Direction.UNKNOWN
    unit: str | None = None

    def __post_init__(self) -> None:
        for name, number in (
            ("giá trị mục tiêu", self.value),
            ("giá trị cận trên", self.value_max),
            ("giới hạn dưới", self.lower_limit),
            ("giới hạn trên", self.upper_limit),
        ):
            if number is not None and not math.isfinite(number):
                raise InvalidValueError(f"{name} phải là một số hữu hạn, không phải {number}")
        if self.tolerance is not None and (not math.isfinite(self.tolerance) or self.tolerance < 0):
            raise InvalidValueError(f"sai số cho phép phải là số không âm, không phải {self.tolerance}")
        if self.value is not None and self.value_max is not None and self.value > self.value_max:
            raise InvalidValueError(f"cận dưới {self.value} lớn hơn cận trên {self.value_max}")
        if (
            self.lower_limit is not None
            and self.upper_limit is not None
            and self.lower_limit > self.upper_limit
        ):
            raise InvalidValueError(
                f"giới hạn dưới {self.lower_limit} lớn hơn giới hạn trên {self.upper_limit}"
            )

    @property
    def is_quantified(self) -> bool:
        """Whether the target has the numbers it is judged by: T, and T⁺ too for a range (a range with
        one bound is judged like a target without a value: ``insufficient_data``)."""
        return self.value is not None and (
            self.comparator is not Comparator.RANGE or self.value_max is not None
        )

    @property
    def is_qualitative(self) -> bool:
        """Whether figures are assessments (achieved / partial / not achieved) rather than numbers."""
        return self.comparator is Comparator.QUALITATIVE or self.kind is TargetKind.QUALITATIVE


@dataclass(frozen=True, slots=True)
class BaselinePoint:
    """The starting figure (t0, y0) of a target, from its document or set by a user.

    Raises:
        InvalidValueError: the value is not a finite number.
    """

    year: int
    value: float

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise InvalidValueError(f"giá trị năm gốc {self.year} phải là một số hữu hạn")
