"""What the evaluator is asked about: a target and its baseline (evaluation.md, "Inputs")."""

import math
from dataclasses import dataclass

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.vocabulary import Comparator, TargetKind

DEFAULT_TOLERANCE = 0.02  # evaluation.md: tolerance for "~" defaults to 2 % of T


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """A target as the evaluator needs it.

    Attributes:
        comparator: how a figure is compared with ``value``.
        value: the target value T; None for qualitative targets (or a target not yet quantified).
        target_year: the year Y by which the target is due; None when the document gives none.
        kind: state (default), annual, maintain, cumulative, level or qualitative.
        lower_limit: natural lower limit of the indicator (0 for a percentage), for projections.
        upper_limit: natural upper limit (100 for a percentage).
        tolerance: for ``~``, the accepted distance relative to ``|T|``.
        start_year: first year s of the plan for cumulative, annual and maintain targets; None means
            the baseline year + 1, else the earliest observation.

    Raises:
        InvalidValueError: a number that is not finite, a negative tolerance, or limits out of order.
    """

    comparator: Comparator
    value: float | None
    target_year: int | None
    kind: TargetKind = TargetKind.STATE
    lower_limit: float | None = None
    upper_limit: float | None = None
    tolerance: float = DEFAULT_TOLERANCE
    start_year: int | None = None

    def __post_init__(self) -> None:
        for name, number in (
            ("giá trị mục tiêu", self.value),
            ("giới hạn dưới", self.lower_limit),
            ("giới hạn trên", self.upper_limit),
        ):
            if number is not None and not math.isfinite(number):
                raise InvalidValueError(f"{name} phải là một số hữu hạn, không phải {number}")
        if not math.isfinite(self.tolerance) or self.tolerance < 0:
            raise InvalidValueError(f"sai số cho phép phải là số không âm, không phải {self.tolerance}")
        if (
            self.lower_limit is not None
            and self.upper_limit is not None
            and self.lower_limit > self.upper_limit
        ):
            raise InvalidValueError(
                f"giới hạn dưới {self.lower_limit} lớn hơn giới hạn trên {self.upper_limit}"
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
