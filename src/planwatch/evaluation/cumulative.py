"""A ``cumulative`` target: a total built up over the plan ("1.500 căn hộ nhà ở xã hội" by 2030)."""

from planwatch.domain.vocabulary import Status
from planwatch.evaluation.goal import DOWN, Goal
from planwatch.evaluation.inputs import TargetSpec
from planwatch.evaluation.pace import pace_status, share_of, within_band
from planwatch.evaluation.result import Evaluation
from planwatch.evaluation.series import Series


def evaluate_cumulative(spec: TargetSpec, goal: Goal, series: Series, start: int | None) -> Evaluation:
    """S = sum of yearly values from s to A, judged against T (evaluation.md "Other kinds").

    met(S) -> ``achieved``; A >= Y -> ``missed``; else R = (S / (A - s + 1)) / (T / (Y - s + 1))
    with the bands of step 7. The reference point reported is (s - 1, 0): the required pace is the
    straight line from it to (Y, T), so P = S / T and E = (A - s + 1) / (Y - s + 1) read as for a
    state target, and the projection is the total at Y if the average pace so far holds.

    Two cases the formula does not cover are decided here:
    - a cap (``<``, ``<=``) already exceeded before Y is ``missed``: yearly flows are not negative,
      so the total cannot come back under it, and R > 1 would wrongly read as on track;
    - a target total T <= 0 that is not met gives no required pace: ``insufficient_data``.

    Args:
        spec: the target (T, Y, limits).
        goal: the target's comparator, value and direction.
        series: the observations up to A.
        start: the plan's first year s.
    """
    window = series.from_year(start) if start is not None else series
    points = window.numbers
    if start is None or series.as_of is None or not points:
        return Evaluation(Status.NO_DATA, series.as_of, goal.direction)
    total = sum(value for _, value in points)
    years_so_far = series.as_of - start + 1
    years_planned = spec.target_year - start + 1 if spec.target_year is not None else None
    ratio = _pace_ratio(total, years_so_far, goal.target, years_planned)
    projected = _projection(total, years_so_far, years_planned)
    beyond = projected is not None and not within_band(projected, spec.lower_limit, spec.upper_limit)
    return Evaluation(
        status=_status(spec, goal, series.as_of, total, ratio),
        as_of=series.as_of,
        direction=goal.direction,
        latest_year=points[-1][0],
        latest_value=points[-1][1],
        reference_year=start - 1,
        reference_value=0.0,
        ratio=ratio,
        share_covered=share_of(total, goal.target) if goal.target is not None else None,
        time_elapsed=share_of(years_so_far, years_planned) if years_planned is not None else None,
        projected=projected if projected is not None and not beyond else None,
        cumulative_total=total,
        trend_beyond_limits=beyond,
    )


def _status(spec: TargetSpec, goal: Goal, as_of: int, total: float, ratio: float | None) -> Status:
    if goal.is_met(total):
        return Status.ACHIEVED
    if spec.target_year is not None and as_of >= spec.target_year:
        return Status.MISSED
    if goal.direction == DOWN:
        return Status.MISSED  # a cap already exceeded (see evaluate_cumulative)
    if spec.target_year is None:
        return Status.IN_PROGRESS
    if ratio is None:
        return Status.INSUFFICIENT_DATA
    return pace_status(ratio)


def _pace_ratio(
    total: float, years_so_far: int, target: float | None, years_planned: int | None
) -> float | None:
    """R = (S / (A - s + 1)) / (T / (Y - s + 1)); None without Y, or with T <= 0 (no pace needed)."""
    if target is None or target <= 0 or years_planned is None or years_planned <= 0:
        return None
    return share_of(total / years_so_far, target / years_planned)


def _projection(total: float, years_so_far: int, years_planned: int | None) -> float | None:
    """The total at Y if the average pace so far holds (outside the plausible band: not given)."""
    if years_planned is None:
        return None
    return share_of(total * years_planned, years_so_far)
