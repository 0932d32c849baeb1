"""Annual, maintain, cumulative, level and qualitative targets (evaluation.md, "Other kinds")."""

import pytest

from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Assessment, Comparator, Status, TargetKind
from planwatch.evaluation import BaselinePoint, TargetSpec, evaluate


def observed(*pairs: tuple[int, float | Assessment]) -> list[Observation]:
    return [Observation(year, value) for year, value in pairs]


# "hằng năm giải quyết việc làm từ 35.000 lượt lao động trở lên"
JOBS_EACH_YEAR = TargetSpec(Comparator.GE, 35_000.0, 2030, kind=TargetKind.ANNUAL)
JOBS = observed((2024, 36_000.0), (2025, 33_000.0), (2026, 37_000.0))

# "duy trì tỷ lệ hộ nghèo dưới 2%"
POVERTY_HELD = TargetSpec(Comparator.LT, 2.0, 2030, kind=TargetKind.MAINTAIN)

# "1.500 căn hộ nhà ở xã hội" by 2030, counted from 2024
HOUSING = TargetSpec(Comparator.GE, 1_500.0, 2030, kind=TargetKind.CUMULATIVE, start_year=2024)

GRADE_3 = TargetSpec(Comparator.LEVEL, 3.0, 2030, kind=TargetKind.LEVEL)
END_STATE = TargetSpec(Comparator.QUALITATIVE, None, 2030, kind=TargetKind.QUALITATIVE)


@pytest.mark.parametrize(
    ("as_of", "expected_status", "expected_met", "expected_observed"),
    [
        (2026, Status.ACHIEVED, 2, 3),  # 37.000 >= 35.000; met in 2024 and 2026
        (2025, Status.MISSED, 1, 2),  # 33.000 < 35.000
        (2027, Status.NO_DATA, 2, 3),  # no figure for 2027 itself
    ],
)
def test_annual_target_is_judged_on_year_a_alone(
    as_of: int, expected_status: Status, expected_met: int, expected_observed: int
) -> None:
    # given three years of jobs created
    # when
    evaluation = evaluate(JOBS_EACH_YEAR, JOBS, as_of=as_of)

    # then
    assert evaluation.status is expected_status
    assert (evaluation.years_met, evaluation.years_observed) == (expected_met, expected_observed)


def test_annual_target_defaults_to_the_latest_year() -> None:
    # given no as-of year
    # when
    evaluation = evaluate(JOBS_EACH_YEAR, JOBS)

    # then A = 2026
    assert (evaluation.as_of, evaluation.latest_value) == (2026, 37_000.0)
    assert evaluation.score == 5.0


def test_annual_years_count_from_the_plan_start() -> None:
    # given a 2024 baseline: the plan starts in 2025
    # when
    evaluation = evaluate(JOBS_EACH_YEAR, JOBS, BaselinePoint(2024, 30_000.0))

    # then 2025 (missed) and 2026 (met) count
    assert (evaluation.years_met, evaluation.years_observed) == (1, 2)


def test_maintain_target_fails_in_any_year_above_the_line() -> None:
    # given 1,8 % (2024), 2,1 % (2025), 1,9 % (2026)
    # when
    evaluation = evaluate(POVERTY_HELD, observed((2024, 1.8), (2025, 2.1), (2026, 1.9)))

    # then 2,1 is not below 2
    assert evaluation.status is Status.MISSED
    assert evaluation.failing_years == (2025,)
    assert (evaluation.years_met, evaluation.years_observed) == (2, 3)
    assert evaluation.score == -5.0


def test_maintain_target_held_since_the_plan_start_is_achieved() -> None:
    # given 2,5 % in the baseline year 2023, below 2 % from 2024 on
    figures = observed((2023, 2.5), (2024, 1.8), (2025, 1.7))

    # when
    evaluation = evaluate(POVERTY_HELD, figures, BaselinePoint(2023, 2.5))

    # then the plan starts in 2024: the 2023 figure is not judged
    assert evaluation.status is Status.ACHIEVED
    assert evaluation.failing_years == ()


def test_maintain_target_without_figures_in_the_plan_is_no_data() -> None:
    # given only a figure from before the plan's start
    spec = TargetSpec(Comparator.LT, 2.0, 2030, kind=TargetKind.MAINTAIN, start_year=2024)

    # when
    evaluation = evaluate(spec, observed((2023, 1.5)))

    # then
    assert evaluation.status is Status.NO_DATA


def test_cumulative_target_on_pace() -> None:
    # given 200 (2024) + 250 (2025) = 450 homes
    # when
    evaluation = evaluate(HOUSING, observed((2024, 200.0), (2025, 250.0)))

    # then R = (450 / 2) / (1500 / 7) = 225 / 214.29 = 1.05 -> on track;
    # P = 450 / 1500 = 0.3; E = 2 / 7; projected 225 a year for 7 years = 1575
    assert evaluation.cumulative_total == 450.0
    assert evaluation.ratio == pytest.approx(1.05)
    assert evaluation.status is Status.ON_TRACK
    assert evaluation.share_covered == pytest.approx(0.3)
    assert evaluation.time_elapsed == pytest.approx(2 / 7)
    assert evaluation.projected == pytest.approx(1575.0)
    assert (evaluation.reference_year, evaluation.reference_value) == (2023, 0.0)


@pytest.mark.parametrize(
    ("figures", "expected_status", "expected_ratio"),
    [
        # R = (300 / 2) / (1500 / 7) = 0.7
        (((2024, 150.0), (2025, 150.0)), Status.NEEDS_ACCELERATION, 0.7),
        # R = (100 / 2) / (1500 / 7) = 0.2333
        (((2024, 60.0), (2025, 40.0)), Status.LIMITED_PROGRESS, 0.2333),
        # a year given back (demolitions): R = (-20 / 2) / (1500 / 7) = -0.0467
        (((2024, 10.0), (2025, -30.0)), Status.DETERIORATING, -0.0467),
    ],
)
def test_cumulative_pace_bands(
    figures: tuple[tuple[int, float], ...], expected_status: Status, expected_ratio: float
) -> None:
    # given
    # when
    evaluation = evaluate(HOUSING, observed(*figures))

    # then
    assert evaluation.status is expected_status
    assert evaluation.ratio == pytest.approx(expected_ratio, abs=1e-4)


def test_cumulative_target_reached_is_achieved() -> None:
    # given 800 + 750 = 1550 >= 1500
    # when
    evaluation = evaluate(HOUSING, observed((2024, 800.0), (2025, 750.0)))

    # then
    assert evaluation.status is Status.ACHIEVED


def test_cumulative_target_short_at_the_target_year_is_missed() -> None:
    # given 200 a year from 2024 to 2030: 1400 < 1500
    # when
    evaluation = evaluate(HOUSING, observed(*((year, 200.0) for year in range(2024, 2031))))

    # then
    assert evaluation.cumulative_total == 1400.0
    assert evaluation.status is Status.MISSED


def test_cumulative_cap_exceeded_before_the_target_year_is_missed() -> None:
    # given "không quá 100" cumulative, 60 + 50 = 110 by 2025
    spec = TargetSpec(Comparator.LE, 100.0, 2030, kind=TargetKind.CUMULATIVE, start_year=2024)

    # when
    evaluation = evaluate(spec, observed((2024, 60.0), (2025, 50.0)))

    # then the total cannot come back under the cap
    assert evaluation.status is Status.MISSED


def test_cumulative_target_without_year_is_in_progress() -> None:
    # given no target year
    spec = TargetSpec(Comparator.GE, 1_500.0, None, kind=TargetKind.CUMULATIVE, start_year=2024)

    # when
    evaluation = evaluate(spec, observed((2024, 200.0)))

    # then
    assert evaluation.status is Status.IN_PROGRESS


def test_cumulative_target_of_zero_not_met_has_no_pace() -> None:
    # given ">= 0" net additions, -5 so far: T / (Y - s + 1) = 0 gives no required pace
    spec = TargetSpec(Comparator.GE, 0.0, 2030, kind=TargetKind.CUMULATIVE, start_year=2024)

    # when
    evaluation = evaluate(spec, observed((2024, -5.0)))

    # then
    assert evaluation.status is Status.INSUFFICIENT_DATA


def test_cumulative_start_defaults_to_the_year_after_the_baseline() -> None:
    # given a 2024 baseline (the previous period's total) and figures from 2024
    spec = TargetSpec(Comparator.EQ, 1_500.0, 2030, kind=TargetKind.CUMULATIVE)

    # when
    evaluation = evaluate(spec, observed((2024, 999.0), (2025, 300.0)), BaselinePoint(2024, 2_000.0))

    # then only 2025 counts, and "=" points up from 0 whatever the baseline: R = 300 / (1500 / 6) = 1.2
    assert evaluation.cumulative_total == 300.0
    assert evaluation.direction == 1
    assert evaluation.ratio == pytest.approx(1.2)


def test_cumulative_without_figures_in_the_plan_is_no_data() -> None:
    # given
    # when
    evaluation = evaluate(HOUSING, [], as_of=2026)

    # then
    assert evaluation.status is Status.NO_DATA


@pytest.mark.parametrize(
    ("figures", "as_of", "expected_status"),
    [
        (((2025, 2.0),), None, Status.IN_PROGRESS),
        (((2024, 2.0), (2025, 3.0)), None, Status.ACHIEVED),
        (((2025, 2.0),), 2030, Status.MISSED),
        ((), None, Status.NO_DATA),
    ],
)
def test_level_target(
    figures: tuple[tuple[int, float], ...], as_of: int | None, expected_status: Status
) -> None:
    # given grade 3 due in 2030
    # when
    evaluation = evaluate(GRADE_3, observed(*figures), as_of=as_of)

    # then no pace is judged for grades
    assert evaluation.status is expected_status
    assert evaluation.cagr_observed is None


def test_level_comparator_on_a_state_target_is_judged_as_a_level() -> None:
    # given "mức độ 3" extracted with the default kind, a baseline and a figure
    spec = TargetSpec(Comparator.LEVEL, 3.0, 2030)

    # when
    evaluation = evaluate(spec, observed((2025, 2.0)), BaselinePoint(2020, 1.0))

    # then
    assert evaluation.status is Status.IN_PROGRESS
    assert evaluation.ratio is None


@pytest.mark.parametrize(
    ("figures", "as_of", "expected_status"),
    [
        (((2025, Assessment.PARTIAL),), None, Status.IN_PROGRESS),
        (((2024, Assessment.PARTIAL), (2026, Assessment.ACHIEVED)), None, Status.ACHIEVED),
        (((2025, Assessment.NOT_ACHIEVED),), 2030, Status.MISSED),
        ((), 2026, Status.NO_DATA),
    ],
)
def test_qualitative_target(
    figures: tuple[tuple[int, Assessment], ...], as_of: int | None, expected_status: Status
) -> None:
    # given an end-state due in 2030
    # when
    evaluation = evaluate(END_STATE, observed(*figures), as_of=as_of)

    # then
    assert evaluation.status is expected_status


def test_qualitative_maintain_target_is_judged_every_year() -> None:
    # given "duy trì" an end-state, not achieved in 2025
    spec = TargetSpec(Comparator.QUALITATIVE, None, 2030, kind=TargetKind.MAINTAIN)
    figures = observed((2024, Assessment.ACHIEVED), (2025, Assessment.PARTIAL))

    # when
    evaluation = evaluate(spec, figures)

    # then
    assert evaluation.status is Status.MISSED
    assert evaluation.failing_years == (2025,)


@pytest.mark.parametrize(
    ("kind", "figure", "expected_status"),
    [
        (TargetKind.STATE, 1.0, Status.INSUFFICIENT_DATA),
        (TargetKind.ANNUAL, 1.0, Status.INSUFFICIENT_DATA),
        (TargetKind.MAINTAIN, 1.0, Status.INSUFFICIENT_DATA),
        (TargetKind.CUMULATIVE, 1.0, Status.INSUFFICIENT_DATA),
        (TargetKind.LEVEL, 1.0, Status.INSUFFICIENT_DATA),
        # a qualitative kind needs no value
        (TargetKind.QUALITATIVE, Assessment.PARTIAL, Status.IN_PROGRESS),
    ],
)
def test_target_without_value(kind: TargetKind, figure: float | Assessment, expected_status: Status) -> None:
    # given a target whose value the document did not give
    spec = TargetSpec(Comparator.GE, None, 2030, kind=kind)

    # when
    evaluation = evaluate(spec, observed((2025, figure)))

    # then
    assert evaluation.status is expected_status
