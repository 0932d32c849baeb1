"""What the evaluator answers: a status and every number behind it (evaluation.md)."""

from dataclasses import dataclass

from planwatch.domain.vocabulary import Assessment, Status


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The evaluation of one target for one unit at an as-of year.

    Fields that do not apply to the target's kind (or could not be computed) are None.

    Attributes:
        status: the verdict.
        as_of: the as-of year A; None when there is no observation at all and none was asked for.
        direction: +1 when higher is better, -1 when lower is better.
        latest_year: year ti of the latest observation used.
        latest_value: its value yi (an Assessment for qualitative targets).
        reference_year: year t0 of the reference point actually used (baseline or earliest
            observation; for cumulative targets the year before the plan's start).
        reference_value: value y0 of the reference point (0 for cumulative targets).
        cagr_observed: the growth per year from (t0, y0) to (ti, yi): CAGRi, or, when
            ``pace_in_points``, the change in percentage points per year.
        cagr_required: the growth per year needed from (t0, y0) to (Y, T), measured the same way.
        ratio: R, the pace ratio (may be +inf or -inf).
        share_covered: P, the share of the way from y0 to T covered.
        time_elapsed: E, the share of the time from t0 to Y elapsed.
        projected: the value expected at Y if the trend holds; None when the trend leaves the
            indicator's plausible band (then ``trend_beyond_limits``).
        years_met: years in which the target was met (annual and maintain targets).
        years_observed: years with an observation in the plan's window (annual and maintain targets).
        failing_years: years in which a maintain target was not met.
        cumulative_total: S, the sum of yearly values from the plan's start to A.
        pace_in_points: the pace is read in percentage points per year (a share), not relative.
        met_at_reference: the target was already met at the reference point (baseline): an
            ``achieved`` then means maintained.
        trend_beyond_limits: the trend, extended to Y, leaves the indicator's plausible band, so it
            cannot be extrapolated and no projected value is given.
        overshot: a range passed on its far side (docs/evaluation.md, "Ranges").
        score: the -5…+5 score of evaluation.md "Aggregating"; None for statuses without one
            (see planwatch.evaluation.scoring).
    """

    status: Status
    as_of: int | None
    direction: int
    latest_year: int | None = None
    latest_value: float | Assessment | None = None
    reference_year: int | None = None
    reference_value: float | None = None
    cagr_observed: float | None = None
    cagr_required: float | None = None
    ratio: float | None = None
    share_covered: float | None = None
    time_elapsed: float | None = None
    projected: float | None = None
    years_met: int | None = None
    years_observed: int | None = None
    failing_years: tuple[int, ...] = ()
    cumulative_total: float | None = None
    pace_in_points: bool = False
    met_at_reference: bool = False
    trend_beyond_limits: bool = False
    overshot: bool = False
    score: float | None = None
