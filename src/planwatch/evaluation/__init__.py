"""Target evaluation (shared design/evaluation.md): pure functions over domain objects.

evaluate() judges one target for one unit at an as-of year; target_score() and summarise() turn
evaluations into the -5…+5 scores and status counts of a group; explain() says it in Vietnamese or
English, describe_goal() and compact_goal() say the promise. The method is docs/evaluation.md, as
amended by decision 0007.

Decisions where evaluation.md is silent (each also documented where it is made):
- Observations after the as-of year are ignored, including for the direction of ``=``/``~`` (so an
  evaluation as of 2026 does not change when 2027 figures arrive). Two observations for one year,
  non-finite values, or values of the wrong sort raise InvalidValueError.
- A negative value in a CAGR ratio (yi, y0 or T) leaves the pace undefined: ``insufficient_data``
  (pace.compound_growth). Values of 0 are replaced by 0.001, as evaluation.md says.
- A numeric target without a value T is ``insufficient_data`` once it has figures (engine).
- Level and qualitative comparators are judged on the latest figure whatever the kind, except for
  annual and maintain targets, which apply met() to each year (engine).
- Annual: a year A without its own figure is ``no_data`` (annual).
- Cumulative: ``=``/``~`` point up from a total of 0; a cap exceeded before Y is ``missed``; the
  reference point reported is (s - 1, 0) (cumulative).
- Scores: ``achieved`` +5, ``missed`` -5, the four pace statuses by R, and no score (None) for
  ``in_progress``, ``insufficient_data`` and ``no_data`` (scoring).
"""

from planwatch.evaluation.engine import evaluate
from planwatch.evaluation.explanation import compact_goal, describe_goal, explain
from planwatch.evaluation.inputs import BaselinePoint, TargetSpec
from planwatch.evaluation.result import Evaluation
from planwatch.evaluation.scoring import Summary, summarise, target_score

__all__ = [
    "BaselinePoint",
    "Evaluation",
    "Summary",
    "TargetSpec",
    "compact_goal",
    "describe_goal",
    "evaluate",
    "explain",
    "summarise",
    "target_score",
]
