"""State targets (evaluation.md, "Status of a state target at year A"): hand-computed cases."""

import math

import pytest

from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Comparator, Status
from planwatch.evaluation import BaselinePoint, TargetSpec, evaluate


def observed(*pairs: tuple[int, float]) -> list[Observation]:
    return [Observation(year, value) for year, value in pairs]


# "tối thiểu 200 by 2030" from 100 in 2020: CAGRT = (200/100)^(1/10) - 1 = 2^0.1 - 1 = 0.0717735
DOUBLING = TargetSpec(Comparator.GE, 200.0, 2030)
FROM_100 = BaselinePoint(2020, 100.0)


def test_worked_example_of_evaluation_md_is_on_track() -> None:
    # given trained labour "= 55 %" by 2030, baseline 51,5 % (2023), observed 52,5 % (2025)
    spec = TargetSpec(Comparator.EQ, 55.0, 2030, lower_limit=0, upper_limit=100)

    # when
    evaluation = evaluate(spec, observed((2025, 52.5)), BaselinePoint(2023, 51.5))

    # then CAGRi = (52.5/51.5)^(1/2) - 1 = 0.966 %; CAGRT = (55/51.5)^(1/7) - 1 = 0.944 %;
    # R = 0.00966206 / 0.00943731 = 1.0238 >= 0.95
    assert evaluation.status is Status.ON_TRACK
    assert evaluation.cagr_observed == pytest.approx(0.0096621, abs=1e-7)
    assert evaluation.cagr_required == pytest.approx(0.0094373, abs=1e-7)
    assert evaluation.ratio == pytest.approx(1.02, abs=0.005)
    # and P = (52.5 - 51.5)/(55 - 51.5) = 1/3.5; E = (2025 - 2023)/(2030 - 2023) = 2/7
    assert evaluation.share_covered == pytest.approx(2 / 7)
    assert evaluation.time_elapsed == pytest.approx(2 / 7)
    # and the line through (2023, 51.5) and (2025, 52.5) rises 0.5 a year: 52.5 + 5 * 0.5 = 55 in 2030
    assert evaluation.projected == pytest.approx(55.0)
    assert (evaluation.reference_year, evaluation.reference_value) == (2023, 51.5)
    assert evaluation.direction == 1


def test_worked_example_in_fractions_gives_the_same_status() -> None:
    # given the worked example written as fractions (0,55 instead of 55 %)
    spec = TargetSpec(Comparator.EQ, 0.55, 2030, lower_limit=0, upper_limit=1)

    # when
    evaluation = evaluate(spec, observed((2025, 0.525)), BaselinePoint(2023, 0.515))

    # then the ratios, hence R, do not depend on the scale
    assert evaluation.status is Status.ON_TRACK
    assert evaluation.ratio == pytest.approx(1.0238, abs=1e-4)


@pytest.mark.parametrize(
    ("latest", "expected_status", "expected_ratio"),
    [
        # CAGRi = 1.5^(1/5) - 1 = 0.0844718; R = 0.0844718 / 0.0717735 = 1.1769
        (150.0, Status.ON_TRACK, 1.1769),
        # CAGRi = 1.05 - 1 = 0.05 (100 * 1.05^5 = 127.628...); R = 0.05 / 0.0717735 = 0.6966
        (127.62815625, Status.NEEDS_ACCELERATION, 0.6966),
        # CAGRi = 0.02 (100 * 1.02^5 = 110.408...); R = 0.02 / 0.0717735 = 0.2787
        (110.40808032, Status.LIMITED_PROGRESS, 0.2787),
        # CAGRi = 0.95^(1/5) - 1 = -0.0102062; R = -0.0102062 / 0.0717735 = -0.1422
        (95.0, Status.DETERIORATING, -0.1422),
    ],
)
def test_pace_bands_of_step_7(latest: float, expected_status: Status, expected_ratio: float) -> None:
    # given the doubling target, baseline 100 in 2020, one figure in 2025
    # when
    evaluation = evaluate(DOUBLING, observed((2025, latest)), FROM_100)

    # then
    assert evaluation.status is expected_status
    assert evaluation.ratio == pytest.approx(expected_ratio, abs=1e-4)


def test_latest_value_that_meets_the_target_is_achieved_before_the_target_year() -> None:
    # given the doubling target reached in 2025
    # when
    evaluation = evaluate(DOUBLING, observed((2024, 150.0), (2025, 200.0)), FROM_100)

    # then step 2: met(200) with ">= 200"
    assert evaluation.status is Status.ACHIEVED
    assert evaluation.score == 5.0


def test_target_not_met_at_the_target_year_is_missed() -> None:
    # given the doubling target at 180 in 2030
    # when
    evaluation = evaluate(DOUBLING, observed((2025, 150.0), (2030, 180.0)), FROM_100)

    # then step 3: A = 2030 >= Y; the pace is still reported: CAGRi = 1.8^(1/10) - 1 = 0.060540,
    # R = 0.060540 / 0.0717735 = 0.8435
    assert evaluation.status is Status.MISSED
    assert evaluation.ratio == pytest.approx(0.8435, abs=1e-4)
    assert evaluation.score == -5.0


def test_as_of_past_the_target_year_without_a_new_figure_is_missed() -> None:
    # given figures up to 2028 only, evaluated as of 2031
    # when
    evaluation = evaluate(DOUBLING, observed((2028, 190.0)), FROM_100, as_of=2031)

    # then step 3 looks at A, not at the latest year
    assert evaluation.status is Status.MISSED
    assert (evaluation.as_of, evaluation.latest_year) == (2031, 2028)


def test_single_figure_without_baseline_is_insufficient_data() -> None:
    # given one figure and no baseline
    # when
    evaluation = evaluate(DOUBLING, observed((2025, 150.0)))

    # then step 4: no reference point
    assert evaluation.status is Status.INSUFFICIENT_DATA
    assert evaluation.ratio is None
    assert evaluation.score is None


def test_target_without_year_is_in_progress() -> None:
    # given a target with no year, a baseline and a figure
    spec = TargetSpec(Comparator.GE, 200.0, None)

    # when
    evaluation = evaluate(spec, observed((2025, 150.0)), FROM_100)

    # then step 4: no pace can be judged without Y
    assert evaluation.status is Status.IN_PROGRESS
    assert evaluation.projected is None
    assert evaluation.score is None


@pytest.mark.parametrize(
    ("observations", "as_of"),
    [
        ([], None),
        ([], 2026),
        ([Observation(2027, 150.0)], 2026),
    ],
)
def test_no_figure_up_to_the_as_of_year_is_no_data(
    observations: list[Observation], as_of: int | None
) -> None:
    # given no figure with year <= A
    # when
    evaluation = evaluate(DOUBLING, observations, FROM_100, as_of=as_of)

    # then step 1
    assert evaluation.status is Status.NO_DATA
    assert evaluation.as_of == as_of
    assert evaluation.latest_year is None


def test_earliest_observation_is_the_reference_when_the_baseline_is_not_older() -> None:
    # given a baseline of 2025, after the latest figure (2024)
    # when
    evaluation = evaluate(DOUBLING, observed((2024, 12.0), (2022, 10.0)), BaselinePoint(2025, 11.0))

    # then step 4 falls back to the earliest observation (2022, 10)
    assert (evaluation.reference_year, evaluation.reference_value) == (2022, 10.0)


def test_baseline_is_the_reference_even_with_older_observations() -> None:
    # given a 2020 baseline and figures from 2018 on
    # when
    evaluation = evaluate(DOUBLING, observed((2018, 90.0), (2025, 150.0)), FROM_100)

    # then
    assert (evaluation.reference_year, evaluation.reference_value) == (2020, 100.0)


def test_figures_after_the_as_of_year_are_ignored() -> None:
    # given figures for 2024 and 2026, evaluated as of 2025
    # when
    evaluation = evaluate(DOUBLING, observed((2024, 120.0), (2026, 250.0)), FROM_100, as_of=2025)

    # then the 2026 figure (which would meet the target) is not seen
    assert evaluation.latest_year == 2024
    assert evaluation.status is not Status.ACHIEVED


def test_zero_target_is_replaced_by_a_thousandth_in_the_growth_ratio() -> None:
    # given "không quá 0" (no poor households left) by 2030, 4 in 2020, 2 in 2025
    spec = TargetSpec(Comparator.LE, 0.0, 2030)

    # when
    evaluation = evaluate(spec, observed((2025, 2.0)), BaselinePoint(2020, 4.0))

    # then CAGRi = (2/4)^(1/5) - 1 = -0.129449; CAGRT = (0.001/4)^(1/10) - 1 = -0.563691;
    # d = -1, R = -1 * -0.129449 / 0.563691 = 0.2296 -> limited progress
    assert evaluation.cagr_required == pytest.approx(-0.563691, abs=1e-6)
    assert evaluation.ratio == pytest.approx(0.2296, abs=1e-4)
    assert evaluation.status is Status.LIMITED_PROGRESS


def test_zero_figure_is_replaced_by_a_thousandth_in_the_growth_ratio() -> None:
    # given ">= 10" by 2030, 0 in 2020, 1 in 2025
    spec = TargetSpec(Comparator.GE, 10.0, 2030)

    # when
    evaluation = evaluate(spec, observed((2025, 1.0)), BaselinePoint(2020, 0.0))

    # then CAGRi = (1/0.001)^(1/5) - 1 = 1000^0.2 - 1 = 2.98107; CAGRT = (10/0.001)^(1/10) - 1 = 1.51189
    assert evaluation.cagr_observed == pytest.approx(2.98107, abs=1e-5)
    assert evaluation.cagr_required == pytest.approx(1.51189, abs=1e-5)
    assert evaluation.status is Status.ON_TRACK


def test_negative_figure_leaves_the_pace_undefined() -> None:
    # given net migration ">= 5" by 2030 from -2 (2020) to 1 (2025): (1 / -2)^(1/5) has no real value
    spec = TargetSpec(Comparator.GE, 5.0, 2030)

    # when
    evaluation = evaluate(spec, observed((2025, 1.0)), BaselinePoint(2020, -2.0))

    # then
    assert evaluation.status is Status.INSUFFICIENT_DATA
    assert evaluation.cagr_observed is None
    assert evaluation.ratio is None
    # and the linear share is still reported: P = (1 - -2) / (5 - -2) = 3/7
    assert evaluation.share_covered == pytest.approx(3 / 7)


@pytest.mark.parametrize(
    ("latest", "expected_ratio", "expected_status"),
    [
        (49.0, -math.inf, Status.DETERIORATING),
        (50.0, 0.0, Status.LIMITED_PROGRESS),
    ],
)
def test_flat_required_growth_gives_an_infinite_or_zero_ratio(
    latest: float, expected_ratio: float, expected_status: Status
) -> None:
    # given "> 50" by 2030 from 50 in 2020: CAGRT = (50/50)^(1/10) - 1 = 0 (step 6)
    spec = TargetSpec(Comparator.GT, 50.0, 2030)

    # when
    evaluation = evaluate(spec, observed((2025, latest)), BaselinePoint(2020, 50.0))

    # then R = -inf when d * CAGRi < 0, 0 when it is 0
    assert evaluation.ratio == expected_ratio
    assert evaluation.status is expected_status
    # and P = (yi - y0) / (T - y0) has no value when T = y0
    assert evaluation.share_covered is None


def test_projection_is_least_squares_over_three_points_and_not_given_beyond_the_band() -> None:
    # given (2020, 10) baseline, (2021, 12), (2022, 13): mean year 2021, mean value 35/3;
    # slope = ((-1)(-5/3) + 0 + (1)(4/3)) / 2 = 1.5; at 2030: 35/3 + 9 * 1.5 = 25.1667
    unclipped = TargetSpec(Comparator.GE, 30.0, 2030)
    clipped = TargetSpec(Comparator.GE, 30.0, 2030, upper_limit=20.0)
    points = observed((2021, 12.0), (2022, 13.0))

    # when
    free = evaluate(unclipped, points, BaselinePoint(2020, 10.0))
    held = evaluate(clipped, points, BaselinePoint(2020, 10.0))

    # then
    assert free.projected == pytest.approx(25.1667, abs=1e-4)
    assert not free.trend_beyond_limits
    assert held.projected is None
    assert held.trend_beyond_limits


def test_decreasing_target_points_down() -> None:
    # given poor households "dưới 2 %" by 2030, 3 % in 2023, 2,9 % in 2025
    spec = TargetSpec(Comparator.LT, 2.0, 2030)

    # when
    evaluation = evaluate(spec, observed((2025, 2.9)), BaselinePoint(2023, 3.0))

    # then d = -1; CAGRi = (2.9/3)^(1/2) - 1 = -0.016808; CAGRT = (2/3)^(1/7) - 1 = -0.056278;
    # R = -1 * -0.016808 / 0.056278 = 0.2987
    assert evaluation.direction == -1
    assert evaluation.ratio == pytest.approx(0.2987, abs=1e-4)
    assert evaluation.status is Status.LIMITED_PROGRESS
