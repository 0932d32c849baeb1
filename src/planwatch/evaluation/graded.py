"""``level`` and ``qualitative`` targets: a grade or an assessment, judged on the latest figure."""

from planwatch.domain.vocabulary import Status
from planwatch.evaluation.goal import Goal
from planwatch.evaluation.inputs import TargetSpec
from planwatch.evaluation.result import Evaluation
from planwatch.evaluation.series import Series


def evaluate_graded(spec: TargetSpec, goal: Goal, series: Series) -> Evaluation:
    """``achieved`` if met(latest); else ``missed`` if A >= Y; else ``in_progress`` (evaluation.md).

    No pace is judged: grades and assessments have no growth rate.

    Args:
        spec: the target (for its year Y).
        goal: the target's comparator, value and direction.
        series: the observations up to A.
    """
    latest = series.latest
    if latest is None:
        return Evaluation(Status.NO_DATA, series.as_of, goal.direction)
    is_due = spec.target_year is not None and series.as_of is not None and series.as_of >= spec.target_year
    status = Status.IN_PROGRESS
    if goal.is_met(latest.value):
        status = Status.ACHIEVED
    elif is_due:
        status = Status.MISSED
    return Evaluation(
        status, series.as_of, goal.direction, latest_year=latest.year, latest_value=latest.value
    )
