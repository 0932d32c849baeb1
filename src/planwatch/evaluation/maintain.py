"""A ``maintain`` target: a level held every year ("duy trì tỷ lệ hộ nghèo dưới 2%")."""

from planwatch.domain.vocabulary import Status
from planwatch.evaluation.goal import Goal
from planwatch.evaluation.result import Evaluation
from planwatch.evaluation.series import Series


def evaluate_maintain(goal: Goal, series: Series, start: int | None) -> Evaluation:
    """``achieved`` if met in every observed year from the plan's start to A, else ``missed``.

    evaluation.md "Other kinds"; the failing years are listed. Years without a figure are not
    counted against the target: only observed years are judged.

    Args:
        goal: the target's comparator, value and direction.
        series: the observations up to A.
        start: the plan's first year s.
    """
    window = series.from_year(start) if start is not None else series
    latest = window.latest
    if latest is None:
        return Evaluation(Status.NO_DATA, series.as_of, goal.direction)
    failing = tuple(o.year for o in window.observations if not goal.is_met(o.value))
    return Evaluation(
        Status.MISSED if failing else Status.ACHIEVED,
        series.as_of,
        goal.direction,
        latest_year=latest.year,
        latest_value=latest.value,
        years_met=len(window.observations) - len(failing),
        years_observed=len(window.observations),
        failing_years=failing,
    )
