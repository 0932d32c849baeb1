"""A ``state`` target: a level to reach by a year (docs/evaluation.md, "Status of a state target")."""

from dataclasses import dataclass

from planwatch.domain.vocabulary import Status
from planwatch.evaluation.goal import Goal
from planwatch.evaluation.inputs import BaselinePoint, TargetSpec
from planwatch.evaluation.pace import (
    compound_growth,
    linear_change,
    pace_ratio,
    pace_status,
    projected_at,
    share_of,
    within_band,
)
from planwatch.evaluation.result import Evaluation
from planwatch.evaluation.series import Series
from planwatch.evaluation.units import is_in_points


@dataclass(frozen=True, slots=True)
class _Pace:
    """Observed and required growth per year and R, each None when its formula has no real value."""

    observed: float | None = None
    required: float | None = None
    ratio: float | None = None


@dataclass(frozen=True, slots=True)
class Projection:
    """The value at Y if the trend holds, or why there is none."""

    value: float | None = None
    beyond_limits: bool = False


def evaluate_state(
    spec: TargetSpec, goal: Goal, series: Series, baseline: BaselinePoint | None
) -> Evaluation:
    """Evaluate a state target at the series' as-of year (steps 1-7 of docs/evaluation.md).

    Pace, shares and projection are computed whenever their inputs exist, whatever the status, so
    that people can read them beside an ``achieved`` or ``missed`` too; only steps 5-7 use them for
    the status.
    """
    points = series.numbers
    if not points:
        return Evaluation(Status.NO_DATA, series.as_of, goal.direction)  # step 1
    latest_year, latest_value = points[-1]
    reference = _reference_point(points, baseline)
    pace = _pace(spec, goal, (latest_year, latest_value), reference)
    reference_year, reference_value = reference if reference is not None else (None, None)
    projection = project(spec, points, baseline, latest_year)
    status = _status(spec, goal, series.as_of, latest_value, reference, pace)
    return Evaluation(
        status=status,
        as_of=series.as_of,
        direction=goal.direction,
        latest_year=latest_year,
        latest_value=latest_value,
        reference_year=reference_year,
        reference_value=reference_value,
        cagr_observed=pace.observed,
        cagr_required=pace.required,
        ratio=pace.ratio,
        share_covered=_share_covered(goal, latest_value, reference),
        time_elapsed=_time_elapsed(spec, latest_year, reference),
        projected=projection.value,
        pace_in_points=is_in_points(spec.unit),
        met_at_reference=reference_value is not None and goal.is_met(reference_value),
        trend_beyond_limits=projection.beyond_limits,
        overshot=goal.is_overshot(latest_value),
    )


def _status(
    spec: TargetSpec,
    goal: Goal,
    as_of: int | None,
    latest_value: float,
    reference: tuple[int, float] | None,
    pace: _Pace,
) -> Status:
    if goal.is_met(latest_value):  # step 2
        return Status.ACHIEVED
    if spec.target_year is not None and as_of is not None and as_of >= spec.target_year:  # step 3
        return Status.MISSED
    if goal.is_overshot(latest_value):  # a range passed on a side not known to be better
        return Status.IN_PROGRESS
    if reference is None:  # step 4
        return Status.INSUFFICIENT_DATA
    if spec.target_year is None:
        return Status.IN_PROGRESS
    if pace.ratio is None:  # a negative figure: CAGR undefined (see compound_growth)
        return Status.INSUFFICIENT_DATA
    return pace_status(pace.ratio)  # step 7


def _reference_point(
    points: tuple[tuple[int, float], ...], baseline: BaselinePoint | None
) -> tuple[int, float] | None:
    """Step 4: the baseline if it is older than the latest observation, else the earliest observation."""
    latest_year = points[-1][0]
    if baseline is not None and baseline.year < latest_year:
        return baseline.year, baseline.value
    return points[0] if points[0][0] < latest_year else None


def _pace(
    spec: TargetSpec, goal: Goal, latest: tuple[int, float], reference: tuple[int, float] | None
) -> _Pace:
    """Steps 5-6. CAGRT needs Y after t0; it always is while the pace decides the status (A < Y).

    A share (unit ``%``) moves in percentage points: its growth is the linear change per year, in
    points (decision 0007); any other unit uses the compound growth rate.
    """
    aim = goal.aim
    if reference is None or aim is None:
        return _Pace()
    growth = linear_change if is_in_points(spec.unit) else compound_growth
    (t0, y0), (ti, yi) = reference, latest
    observed = growth(y0, yi, ti - t0)
    if spec.target_year is None or spec.target_year <= t0:
        return _Pace(observed=observed)
    required = growth(y0, aim, spec.target_year - t0)
    if observed is None or required is None:
        return _Pace(observed, required)
    return _Pace(observed, required, pace_ratio(goal.direction, observed, required))


def _share_covered(goal: Goal, latest_value: float, reference: tuple[int, float] | None) -> float | None:
    """P = (yi - y0) / (T - y0); None when T = y0."""
    aim = goal.aim
    if reference is None or aim is None:
        return None
    y0 = reference[1]
    return share_of(latest_value - y0, aim - y0)


def _time_elapsed(spec: TargetSpec, latest_year: int, reference: tuple[int, float] | None) -> float | None:
    """E = (ti - t0) / (Y - t0); None without Y or when Y is not after t0."""
    if reference is None or spec.target_year is None or spec.target_year <= reference[0]:
        return None
    return share_of(latest_year - reference[0], spec.target_year - reference[0])


def project(
    spec: TargetSpec,
    points: tuple[tuple[int, float], ...],
    baseline: BaselinePoint | None,
    latest_year: int,
) -> Projection:
    """The line over the baseline (when it is the reference) and the observations, read at Y.

    A value outside the indicator's plausible band (lower_limit…upper_limit: 0-100 for a share, a
    human age for life expectancy) is not given: the trend cannot be extrapolated that far.
    """
    if spec.target_year is None:
        return Projection()
    used_baseline = (
        ((baseline.year, baseline.value),) if baseline is not None and baseline.year < latest_year else ()
    )
    value = projected_at(used_baseline + points, spec.target_year)
    if value is None:
        return Projection()
    if not within_band(value, spec.lower_limit, spec.upper_limit):
        return Projection(beyond_limits=True)
    return Projection(value)
