"""Scores and summaries (evaluation.md, "Aggregating many targets")."""

import math

import pytest

from planwatch.domain.vocabulary import Status
from planwatch.evaluation import Evaluation, summarise, target_score
from planwatch.evaluation.scoring import score_of_ratio


def judged(status: Status, ratio: float | None = None) -> Evaluation:
    return Evaluation(status=status, as_of=2025, direction=1, ratio=ratio)


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (-math.inf, -5.0),
        (-1.0, -5.0),
        (-0.6, -5.0),
        (0.0, -2.5),  # -5 + (0 + 0.6) / 1.2 * 5
        (0.3, -1.25),  # -5 + 0.9 / 1.2 * 5
        (0.6, 0.0),
        (0.95, 2.5),  # (0.95 - 0.6) / 0.7 * 5, as evaluation.md says
        (1.02, 3.0),  # (1.02 - 0.6) / 0.7 * 5
        (1.3, 5.0),
        (2.0, 5.0),
        (math.inf, 5.0),
    ],
)
def test_score_is_piecewise_linear_in_r(ratio: float, expected: float) -> None:
    # given / when / then
    assert score_of_ratio(ratio) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("evaluation", "expected"),
    [
        (judged(Status.ACHIEVED), 5.0),
        (judged(Status.MISSED), -5.0),
        (judged(Status.MISSED, ratio=1.2), -5.0),  # a final verdict, whatever the past pace
        (judged(Status.ON_TRACK, ratio=0.95), 2.5),
        (judged(Status.NEEDS_ACCELERATION, ratio=0.6), 0.0),
        (judged(Status.LIMITED_PROGRESS, ratio=0.0), -2.5),
        (judged(Status.DETERIORATING, ratio=-0.6), -5.0),
        (judged(Status.IN_PROGRESS), None),
        (judged(Status.INSUFFICIENT_DATA), None),
        (judged(Status.NO_DATA), None),
    ],
)
def test_target_score_by_status(evaluation: Evaluation, expected: float | None) -> None:
    # given / when / then
    assert target_score(evaluation) == pytest.approx(expected)


def test_summary_averages_the_scores_that_exist_and_counts_every_status() -> None:
    # given an achieved target (5), one on track at R = 0.95 (2.5) and one without figures
    evaluations = [
        judged(Status.ACHIEVED),
        judged(Status.ON_TRACK, ratio=0.95),
        judged(Status.NO_DATA),
    ]

    # when
    summary = summarise(evaluations)

    # then mean = (5 + 2.5) / 2
    assert summary.mean_score == pytest.approx(3.75)
    assert (summary.scored, summary.total) == (2, 3)
    assert list(summary.counts) == list(Status)
    assert dict(summary.counts) == {
        Status.ACHIEVED: 1,
        Status.ON_TRACK: 1,
        Status.NEEDS_ACCELERATION: 0,
        Status.LIMITED_PROGRESS: 0,
        Status.DETERIORATING: 0,
        Status.MISSED: 0,
        Status.IN_PROGRESS: 0,
        Status.INSUFFICIENT_DATA: 0,
        Status.NO_DATA: 1,
    }


def test_summary_of_nothing_has_no_mean_and_zero_counts() -> None:
    # given / when
    summary = summarise([])

    # then
    assert summary.mean_score is None
    assert set(summary.counts.values()) == {0}
    assert len(summary.counts) == len(Status)


def test_summary_accepts_a_generator() -> None:
    # given a one-pass iterable
    evaluations = (judged(Status.MISSED) for _ in range(3))

    # when
    summary = summarise(evaluations)

    # then
    assert (summary.mean_score, summary.counts[Status.MISSED]) == (-5.0, 3)
