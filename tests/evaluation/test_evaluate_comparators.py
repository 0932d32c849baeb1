"""met(v) and the direction d for every comparator (evaluation.md, "Direction and met")."""

import pytest

from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Assessment, Comparator, Status, TargetKind
from planwatch.evaluation import BaselinePoint, TargetSpec, evaluate


@pytest.mark.parametrize(
    ("comparator", "target", "baseline", "latest", "is_met"),
    [
        (Comparator.GT, 10.0, 5.0, 10.0, False),
        (Comparator.GT, 10.0, 5.0, 10.1, True),
        (Comparator.GE, 10.0, 5.0, 10.0, True),
        (Comparator.GE, 10.0, 5.0, 9.9, False),
        (Comparator.LT, 2.0, 3.0, 2.0, False),
        (Comparator.LT, 2.0, 3.0, 1.9, True),
        (Comparator.LE, 2.0, 3.0, 2.0, True),
        (Comparator.LE, 2.0, 3.0, 2.1, False),
        # "=" reaches upwards from a lower baseline: v >= T
        (Comparator.EQ, 55.0, 51.5, 55.0, True),
        (Comparator.EQ, 55.0, 51.5, 56.0, True),
        (Comparator.EQ, 55.0, 51.5, 54.9, False),
        # "=" reaches downwards from a higher baseline: v <= T
        (Comparator.EQ, 5.0, 10.0, 4.0, True),
        (Comparator.EQ, 5.0, 10.0, 5.1, False),
        # "~" without a unit: within 2 % of |T| (100 +/- 2); with no known direction, going past
        # T is not "about T" (decision 0007)
        (Comparator.APPROX, 100.0, 50.0, 98.0, True),
        (Comparator.APPROX, 100.0, 50.0, 97.9, False),
        (Comparator.APPROX, 100.0, 50.0, 120.0, False),
        (Comparator.APPROX, 100.0, 150.0, 101.5, True),
        (Comparator.APPROX, 100.0, 150.0, 103.0, False),
        (Comparator.APPROX, 100.0, 150.0, 90.0, False),
        # "level": v >= T
        (Comparator.LEVEL, 3.0, 1.0, 3.0, True),
        (Comparator.LEVEL, 3.0, 1.0, 2.0, False),
    ],
)
def test_numeric_comparators_meet_as_evaluation_md_says(
    comparator: Comparator, target: float, baseline: float, latest: float, is_met: bool
) -> None:
    # given a target due long after the figure
    spec = TargetSpec(comparator, target, 2040)

    # when
    evaluation = evaluate(spec, [Observation(2025, latest)], BaselinePoint(2020, baseline))

    # then
    assert (evaluation.status is Status.ACHIEVED) is is_met


def test_approx_tolerance_can_be_widened() -> None:
    # given "khoảng 100" with a tolerance of 5 (in the figures' unit), from 50
    spec = TargetSpec(Comparator.APPROX, 100.0, 2040, tolerance=5.0)

    # when 96 is 4 away, within 5
    evaluation = evaluate(spec, [Observation(2025, 96.0)], BaselinePoint(2020, 50.0))

    # then
    assert evaluation.status is Status.ACHIEVED


@pytest.mark.parametrize(
    ("assessment", "is_met"),
    [
        (Assessment.ACHIEVED, True),
        (Assessment.PARTIAL, False),
        (Assessment.NOT_ACHIEVED, False),
    ],
)
def test_qualitative_is_met_only_by_achieved(assessment: Assessment, is_met: bool) -> None:
    # given an end-state ("xóa bỏ hoàn toàn nhà tạm") due in 2030
    spec = TargetSpec(Comparator.QUALITATIVE, None, 2030, kind=TargetKind.QUALITATIVE)

    # when
    evaluation = evaluate(spec, [Observation(2025, assessment)])

    # then
    assert (evaluation.status is Status.ACHIEVED) is is_met


@pytest.mark.parametrize(
    ("comparator", "target", "baseline", "expected"),
    [
        (Comparator.GT, 10.0, 20.0, 1),
        (Comparator.GE, 10.0, 20.0, 1),
        (Comparator.LT, 10.0, 5.0, -1),
        (Comparator.LE, 10.0, 5.0, -1),
        (Comparator.EQ, 55.0, 51.5, 1),
        (Comparator.EQ, 5.0, 10.0, -1),
        (Comparator.EQ, 10.0, 10.0, 1),  # sign(T - y0) = 0 -> +1
        (Comparator.APPROX, 5.0, 10.0, -1),
        (Comparator.LEVEL, 3.0, 5.0, 1),
    ],
)
def test_direction(comparator: Comparator, target: float, baseline: float, expected: int) -> None:
    # given
    spec = TargetSpec(comparator, target, 2030)

    # when
    evaluation = evaluate(spec, [Observation(2025, 7.0)], BaselinePoint(2020, baseline))

    # then
    assert evaluation.direction == expected


def test_direction_of_reach_without_baseline_comes_from_the_earliest_observation() -> None:
    # given "= 5" with no baseline, first figure 10 (2021), then 8 (2024)
    spec = TargetSpec(Comparator.EQ, 5.0, 2030)

    # when
    evaluation = evaluate(spec, [Observation(2024, 8.0), Observation(2021, 10.0)])

    # then d = sign(5 - 10) = -1
    assert evaluation.direction == -1


def test_direction_of_reach_ignores_figures_after_the_as_of_year() -> None:
    # given "= 5", no baseline, figures 10 (2021) and 3 (2023), as of 2022
    spec = TargetSpec(Comparator.EQ, 5.0, 2030)

    # when
    evaluation = evaluate(spec, [Observation(2021, 10.0), Observation(2023, 3.0)], as_of=2022)

    # then only 2021 counts: d = sign(5 - 10) = -1
    assert evaluation.direction == -1
