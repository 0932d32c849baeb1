"""An ``annual`` target: a yearly flow ("hằng năm giải quyết việc làm từ 35.000 lượt lao động trở lên")."""

from planwatch.domain.vocabulary import Status
from planwatch.evaluation.goal import Goal
from planwatch.evaluation.result import Evaluation
from planwatch.evaluation.series import Series


def evaluate_annual(goal: Goal, series: Series, start: int | None) -> Evaluation:
    """The status of year A itself (evaluation.md "Other kinds"), with years met over the plan so far.

    A year without its own figure is ``no_data`` even when earlier years have one: each year's flow
    stands alone, so nothing can be said about A from the year before.

    Args:
        goal: the target's comparator, value and direction.
        series: the observations up to A.
        start: the plan's first year s; years met / observed count from it.
    """
    window = series.from_year(start) if start is not None else series
    years_met = sum(1 for o in window.observations if goal.is_met(o.value))
    value = series.value_in(series.as_of) if series.as_of is not None else None
    latest = series.latest
    if value is None:
        return Evaluation(
            Status.NO_DATA,
            series.as_of,
            goal.direction,
            latest_year=latest.year if latest is not None else None,
            latest_value=latest.value if latest is not None else None,
            years_met=years_met,
            years_observed=len(window.observations),
        )
    return Evaluation(
        Status.ACHIEVED if goal.is_met(value) else Status.MISSED,
        series.as_of,
        goal.direction,
        latest_year=series.as_of,
        latest_value=value,
        years_met=years_met,
        years_observed=len(window.observations),
    )
