"""The observations an evaluation may look at: checked, sorted, and cut at the as-of year."""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Assessment
from planwatch.evaluation.inputs import BaselinePoint, TargetSpec


@dataclass(frozen=True, slots=True)
class Series:
    """Observations with year <= as_of, oldest first.

    Attributes:
        as_of: the as-of year A (evaluation.md: default the latest year with an observation).
        observations: the observations up to A, one per year, sorted by year.
    """

    as_of: int | None
    observations: tuple[Observation, ...]

    @property
    def numbers(self) -> tuple[tuple[int, float], ...]:
        """(year, value) pairs of a numeric target."""
        return tuple((o.year, o.value) for o in self.observations if not isinstance(o.value, Assessment))

    @property
    def latest(self) -> Observation | None:
        return self.observations[-1] if self.observations else None

    def value_in(self, year: int) -> float | Assessment | None:
        """The observed value of ``year``, if there is one."""
        return next((o.value for o in self.observations if o.year == year), None)

    def from_year(self, start: int) -> "Series":
        """The observations from ``start`` to A: the plan's window."""
        return Series(self.as_of, tuple(o for o in self.observations if o.year >= start))


def series_until(spec: TargetSpec, observations: Sequence[Observation], as_of: int | None = None) -> Series:
    """Check the observations against the target and keep those up to the as-of year.

    Args:
        spec: the target; decides whether values must be numbers or assessments.
        observations: in any order, at most one per year.
        as_of: the as-of year A; None means the latest observed year.

    Raises:
        InvalidValueError: two observations for one year, a value that is not finite, or a value
            of the wrong sort (a number for a qualitative target, an assessment for a numeric one).
    """
    _reject_duplicate_years(observations)
    is_qualitative = spec.is_qualitative
    for observation in observations:
        _check_value(is_qualitative, observation)
    as_of_year = as_of if as_of is not None else max((o.year for o in observations), default=None)
    kept = sorted(
        (o for o in observations if as_of_year is not None and o.year <= as_of_year),
        key=lambda o: o.year,
    )
    return Series(as_of_year, tuple(kept))


def plan_start(spec: TargetSpec, baseline: BaselinePoint | None, series: Series) -> int | None:
    """First year s of the plan: given, else the year after the baseline, else the earliest observation."""
    if spec.start_year is not None:
        return spec.start_year
    if baseline is not None:
        return baseline.year + 1
    return series.observations[0].year if series.observations else None


def _reject_duplicate_years(observations: Sequence[Observation]) -> None:
    if len({o.year for o in observations}) == len(observations):
        return
    repeated = sorted(year for year, count in Counter(o.year for o in observations).items() if count > 1)
    if repeated:
        years = ", ".join(str(year) for year in repeated)
        raise InvalidValueError(f"có hơn một số liệu cho cùng một năm ({years}): mỗi năm chỉ một số liệu")


def _check_value(is_qualitative: bool, observation: Observation) -> None:
    value = observation.value
    if is_qualitative and not isinstance(value, Assessment):
        raise InvalidValueError(
            f"năm {observation.year}: chỉ tiêu định tính cần đánh giá đạt / đạt một phần / chưa đạt,"
            f" không phải số {value}"
        )
    if not is_qualitative and isinstance(value, Assessment):
        raise InvalidValueError(f"năm {observation.year}: chỉ tiêu cần một số, không phải '{value.label}'")
    if not isinstance(value, Assessment) and not math.isfinite(value):
        raise InvalidValueError(f"năm {observation.year}: giá trị {value} không phải là một số hữu hạn")
