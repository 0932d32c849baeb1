"""Invariants of the evaluator, checked on generated targets and figures (Hypothesis)."""

import dataclasses
import math
import operator
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Assessment, Comparator, Direction, Status, TargetKind
from planwatch.evaluation import BaselinePoint, TargetSpec, evaluate, explain, summarise, target_score

YEARS = st.integers(min_value=2015, max_value=2035)
# "sane bounds": figures of any sign and size a plan could carry, zero included
FIGURES = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
# strictly positive and at least 0.001, so that evaluation.md's "0 -> 0.001" never applies
POSITIVE = st.floats(min_value=0.001, max_value=1e6, allow_nan=False, allow_infinity=False)
NONZERO = POSITIVE | POSITIVE.map(operator.neg)
# one-value comparators (a range has two values; the cases table covers it)
NUMERIC_COMPARATORS = [c for c in Comparator if c.is_numeric and c is not Comparator.RANGE]
INEQUALITIES: dict[Comparator, Callable[[float, float], bool]] = {
    Comparator.GT: operator.gt,
    Comparator.GE: operator.ge,
    Comparator.LT: operator.lt,
    Comparator.LE: operator.le,
}


def observed(figures: dict[int, float] | dict[int, Assessment]) -> list[Observation]:
    return [Observation(year, value) for year, value in figures.items()]


@st.composite
def any_case(draw: st.DrawFn) -> tuple[TargetSpec, list[Observation], BaselinePoint | None, int | None]:
    """Any target of any kind and comparator, with figures of the sort it takes."""
    limits = draw(st.none() | st.tuples(FIGURES, FIGURES).map(sorted))
    comparator = draw(st.sampled_from(list(Comparator)))
    value = draw(st.none() | FIGURES)
    spec = TargetSpec(
        comparator=comparator,
        value=value,
        value_max=value + draw(POSITIVE) if comparator is Comparator.RANGE and value is not None else None,
        direction=draw(st.sampled_from(list(Direction))),
        unit=draw(st.sampled_from([None, "%", "tuổi", "căn hộ"])),
        target_year=draw(st.none() | YEARS),
        kind=draw(st.sampled_from(list(TargetKind))),
        lower_limit=limits[0] if limits else None,
        upper_limit=limits[1] if limits else None,
        tolerance=draw(st.floats(min_value=0, max_value=0.5)),
        start_year=draw(st.none() | YEARS),
    )
    values = st.sampled_from(list(Assessment)) if spec.is_qualitative else FIGURES
    figures = draw(st.dictionaries(YEARS, values, max_size=8))
    baseline = draw(st.none() | st.builds(BaselinePoint, YEARS, FIGURES))
    return spec, observed(figures), baseline, draw(st.none() | YEARS)


@given(any_case())
def test_any_finite_input_gives_a_status_a_bounded_score_and_no_nan(
    case: tuple[TargetSpec, list[Observation], BaselinePoint | None, int | None],
) -> None:
    # given any target and figures
    spec, observations, baseline, as_of = case

    # when
    evaluation = evaluate(spec, observations, baseline, as_of)
    sentence = explain(spec, evaluation, "%")

    # then
    assert isinstance(evaluation.status, Status)
    assert evaluation.score is None or -5.0 <= evaluation.score <= 5.0
    assert evaluation.score == target_score(evaluation)
    numbers = [getattr(evaluation, field.name) for field in dataclasses.fields(evaluation)]
    assert not any(isinstance(number, float) and math.isnan(number) for number in numbers)
    assert sentence.startswith(evaluation.status.label)
    assert "nan" not in sentence
    assert "inf" not in sentence


@given(st.lists(any_case(), max_size=6))
def test_summary_counts_every_target_once_and_its_mean_is_a_score(
    cases: list[tuple[TargetSpec, list[Observation], BaselinePoint | None, int | None]],
) -> None:
    # given
    evaluations = [evaluate(*case) for case in cases]

    # when
    summary = summarise(evaluations)

    # then
    assert sum(summary.counts.values()) == summary.total == len(cases)
    assert summary.mean_score is None or -5.0 <= summary.mean_score <= 5.0


@given(
    comparator=st.sampled_from(list(INEQUALITIES)),
    target=FIGURES,
    figures=st.dictionaries(YEARS, FIGURES, min_size=1, max_size=6),
    baseline=st.none() | st.builds(BaselinePoint, YEARS, FIGURES),
)
def test_state_target_is_achieved_iff_the_latest_value_meets_an_inequality(
    comparator: Comparator, target: float, figures: dict[int, float], baseline: BaselinePoint | None
) -> None:
    # given
    spec = TargetSpec(comparator, target, 2030)
    latest = figures[max(figures)]

    # when
    evaluation = evaluate(spec, observed(figures), baseline)

    # then
    assert (evaluation.status is Status.ACHIEVED) is INEQUALITIES[comparator](latest, target)


@given(
    target=FIGURES,
    figures=st.dictionaries(YEARS, FIGURES, min_size=1, max_size=6),
    baseline=st.builds(BaselinePoint, YEARS, FIGURES),
)
def test_reach_target_is_achieved_iff_the_latest_value_is_past_it_from_the_baseline(
    target: float, figures: dict[int, float], baseline: BaselinePoint
) -> None:
    # given "= T": reached upwards when T >= y0, downwards when T < y0
    spec = TargetSpec(Comparator.EQ, target, 2030)
    latest = figures[max(figures)]
    direction = 1 - 2 * (target < baseline.value)  # sign(T - y0), and +1 when it is 0

    # when
    evaluation = evaluate(spec, observed(figures), baseline)

    # then
    assert (evaluation.status is Status.ACHIEVED) is ((latest - target) * direction >= 0)


@given(
    comparator=st.sampled_from(NUMERIC_COMPARATORS),
    target=POSITIVE,
    start=POSITIVE,
    first=POSITIVE,
    second=POSITIVE,
)
def test_ratio_never_decreases_as_the_latest_value_moves_the_target_s_way(
    comparator: Comparator, target: float, start: float, first: float, second: float
) -> None:
    # given a fixed baseline and target; values >= 0.001 because 0 counts as 0.001 (evaluation.md
    # step 5), which makes R jump as a value crosses (0, 0.001)
    spec = TargetSpec(comparator, target, 2030)
    baseline = BaselinePoint(2020, start)
    direction = evaluate(spec, [Observation(2025, first)], baseline).direction
    behind, ahead = sorted((first, second), key=lambda value: value * direction)

    # when
    ratio_behind = evaluate(spec, [Observation(2025, behind)], baseline).ratio
    ratio_ahead = evaluate(spec, [Observation(2025, ahead)], baseline).ratio

    # then
    assert ratio_behind is not None
    assert ratio_ahead is not None
    assert ratio_ahead >= ratio_behind


def scaled(spec: TargetSpec, factor: float) -> TargetSpec:
    return dataclasses.replace(
        spec,
        value=spec.value * factor if spec.value is not None else None,
        lower_limit=spec.lower_limit * factor if spec.lower_limit is not None else None,
        upper_limit=spec.upper_limit * factor if spec.upper_limit is not None else None,
    )


def scaled_baseline(baseline: BaselinePoint | None, factor: float) -> BaselinePoint | None:
    return BaselinePoint(baseline.year, baseline.value * factor) if baseline is not None else None


@given(
    comparator=st.sampled_from(NUMERIC_COMPARATORS),
    kind=st.sampled_from([TargetKind.STATE, TargetKind.ANNUAL, TargetKind.MAINTAIN, TargetKind.CUMULATIVE]),
    target=NONZERO,
    target_year=st.none() | YEARS,
    start_year=st.none() | YEARS,
    figures=st.dictionaries(YEARS, NONZERO, max_size=6),
    baseline=st.none() | st.builds(BaselinePoint, YEARS, NONZERO),
    as_of=st.none() | YEARS,
    exponent=st.integers(min_value=-10, max_value=10),
)
def test_scaling_every_value_and_the_target_changes_no_status(
    comparator: Comparator,
    kind: TargetKind,
    target: float,
    target_year: int | None,
    start_year: int | None,
    figures: dict[int, float],
    baseline: BaselinePoint | None,
    as_of: int | None,
    exponent: int,
) -> None:
    # given a target in one unit and the same target in another (percent vs per 10.000 …). The
    # factor is a power of two so that scaling is exact in floating point: with any other factor,
    # rounding alone could move a value across a band edge. Values are not 0 (0 counts as 0.001
    # whatever the unit, evaluation.md step 5).
    factor = 2.0**exponent
    spec = TargetSpec(comparator, target, target_year, kind=kind, start_year=start_year)
    rescaled_figures = {year: value * factor for year, value in figures.items()}
    rescaled_baseline = scaled_baseline(baseline, factor)

    # when
    original = evaluate(spec, observed(figures), baseline, as_of)
    rescaled = evaluate(scaled(spec, factor), observed(rescaled_figures), rescaled_baseline, as_of)

    # then
    assert rescaled.status is original.status
