"""evaluate(): route a target to the evaluation of its kind, then score the result."""

from collections.abc import Sequence
from dataclasses import replace

from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Assessment, Comparator, Direction, Status, TargetKind
from planwatch.evaluation.annual import evaluate_annual
from planwatch.evaluation.cumulative import evaluate_cumulative
from planwatch.evaluation.goal import Goal, direction_of
from planwatch.evaluation.graded import evaluate_graded
from planwatch.evaluation.inputs import BaselinePoint, TargetSpec
from planwatch.evaluation.maintain import evaluate_maintain
from planwatch.evaluation.result import Evaluation
from planwatch.evaluation.scoring import target_score
from planwatch.evaluation.series import Series, plan_start, series_until
from planwatch.evaluation.state import evaluate_state
from planwatch.evaluation.units import tolerance_for

_GRADED = (Comparator.LEVEL, Comparator.QUALITATIVE)


def evaluate(
    spec: TargetSpec,
    observations: Sequence[Observation],
    baseline: BaselinePoint | None = None,
    as_of: int | None = None,
) -> Evaluation:
    """Evaluate one target for one administrative unit at an as-of year (evaluation.md).

    Example: trained labour ``=`` 55 % by 2030, baseline 51,5 % (2023), observed 52,5 % (2025)
    gives R = 1,02 and ``on_track``.

    Args:
        spec: the target.
        observations: figures of the target's indicator for the unit, in any order, one per year.
            Numbers, or assessments for a qualitative target. Those after ``as_of`` are ignored.
        baseline: the starting point (t0, y0), if the document or a user gives one.
        as_of: the as-of year A; None means the latest year with an observation.

    Returns:
        The status with the numbers behind it and its score.

    Raises:
        InvalidValueError: two observations for one year, a value that is not finite, or a value of
            the wrong sort for the target.
    """
    series = series_until(spec, observations, as_of)
    goal = Goal(
        comparator=spec.comparator,
        target=spec.value,
        direction=direction_of(
            spec.comparator,
            spec.value,
            _direction_start(spec, series, baseline),
            spec.direction,
            spec.value_max,
        ),
        tolerance=_tolerance(spec),
        is_qualitative=spec.is_qualitative,
        target_max=spec.value_max,
        direction_known=spec.direction is not Direction.UNKNOWN,
    )
    evaluation = _evaluate_kind(spec, goal, series, baseline)
    return replace(evaluation, score=target_score(evaluation))


def _evaluate_kind(
    spec: TargetSpec, goal: Goal, series: Series, baseline: BaselinePoint | None
) -> Evaluation:
    if not spec.is_quantified and not spec.is_qualitative:
        return _unquantified(goal, series)
    start = plan_start(spec, baseline, series)
    match spec.kind:
        case TargetKind.ANNUAL:
            return evaluate_annual(goal, series, start)
        case TargetKind.MAINTAIN:
            return evaluate_maintain(goal, series, start)
        case _ if spec.kind in (TargetKind.LEVEL, TargetKind.QUALITATIVE) or spec.comparator in _GRADED:
            return evaluate_graded(spec, goal, series)
        case TargetKind.CUMULATIVE:
            return evaluate_cumulative(spec, goal, series, start)
        case _:
            return evaluate_state(spec, goal, series, baseline)


def _unquantified(goal: Goal, series: Series) -> Evaluation:
    """A numeric target without its value T cannot be judged: ``insufficient_data`` once there are figures."""
    latest = series.latest
    if latest is None:
        return Evaluation(Status.NO_DATA, series.as_of, goal.direction)
    return Evaluation(
        Status.INSUFFICIENT_DATA,
        series.as_of,
        goal.direction,
        latest_year=latest.year,
        latest_value=latest.value,
    )


def _tolerance(spec: TargetSpec) -> float:
    """The distance from T that "khoảng" accepts: given, else by the unit (evaluation.units)."""
    if spec.tolerance is not None:
        return spec.tolerance
    return tolerance_for(spec.unit, spec.value) if spec.value is not None else 0.0


def _direction_start(spec: TargetSpec, series: Series, baseline: BaselinePoint | None) -> float | None:
    """y0 for the direction of ``=``, ``~`` and ``range`` when the indicator's direction is unknown:
    the baseline, else the earliest observation up to A.

    A cumulative total starts from 0 whatever the baseline says (a baseline of a cumulative target
    is the previous period's total, not where this total starts).
    """
    if spec.kind is TargetKind.CUMULATIVE:
        return 0.0
    if baseline is not None:
        return baseline.value
    first = series.observations[0].value if series.observations else None
    return None if first is None or isinstance(first, Assessment) else first
