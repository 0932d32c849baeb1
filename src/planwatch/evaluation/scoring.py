"""Scores on -5…+5 and the summary of many targets (evaluation.md, "Aggregating many targets").

Decisions where evaluation.md is silent:
- ``achieved`` scores +5 and ``missed`` scores -5. evaluation.md scores "otherwise piecewise linear
  in R"; read here as applying to the statuses that R decides (``on_track``, ``needs_acceleration``,
  ``limited_progress``, ``deteriorating``), whose bands line up with the score (R = 0.95 scores 2.5,
  R = 0.6 scores 0, R = 0 scores -2.5). ``missed`` is a final verdict, so a missed target counts as a
  failure even when its past pace (still reported as R) was good.
- ``in_progress``, ``insufficient_data`` and ``no_data`` carry no score (None): nothing says how the
  target is going, and a made-up number would move the mean. They are left out of the mean and shown
  in the counts.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from planwatch.domain.vocabulary import Status
from planwatch.evaluation.pace import PACE_STATUSES
from planwatch.evaluation.result import Evaluation

BEST = 5.0
WORST = -5.0


def target_score(evaluation: Evaluation) -> float | None:
    """The -5…+5 score of one evaluation; None for statuses that say nothing about progress.

    Args:
        evaluation: a result of evaluate().
    """
    if evaluation.status is Status.ACHIEVED:
        return BEST
    if evaluation.status is Status.MISSED:
        return WORST
    if evaluation.status in PACE_STATUSES and evaluation.ratio is not None:
        return score_of_ratio(evaluation.ratio)
    return None


def score_of_ratio(ratio: float) -> float:
    """R ≤ -0.6 → -5; -0.6…0.6 linearly -5 → 0; 0.6…1.3 linearly 0 → 5; R ≥ 1.3 → 5."""
    if ratio <= -0.6:
        return WORST
    if ratio <= 0.6:
        return WORST + (ratio + 0.6) / 1.2 * -WORST
    if ratio < 1.3:
        return min((ratio - 0.6) / 0.7 * BEST, BEST)  # min: rounding must not step past +5
    return BEST


@dataclass(frozen=True, slots=True)
class Summary:
    """Many targets at a glance: the mean score beside the count of each status.

    Attributes:
        mean_score: mean of the scores that exist; None when no target has one.
        counts: number of targets per status, every status present (zeros included), in the
            order of Status.
        scored: number of targets with a score.
        total: number of targets.
    """

    mean_score: float | None
    counts: Mapping[Status, int]
    scored: int
    total: int


def summarise(evaluations: Iterable[Evaluation]) -> Summary:
    """The mean score and the status counts of a group, document or agency.

    Scores are recomputed with target_score() so the summary cannot disagree with it.

    Args:
        evaluations: one per target (and unit) in the group.
    """
    counts = dict.fromkeys(Status, 0)
    scores: list[float] = []
    for evaluation in evaluations:
        counts[evaluation.status] += 1
        score = target_score(evaluation)
        if score is not None:
            scores.append(score)
    return Summary(
        mean_score=sum(scores) / len(scores) if scores else None,
        counts=MappingProxyType(counts),
        scored=len(scores),
        total=sum(counts.values()),
    )
