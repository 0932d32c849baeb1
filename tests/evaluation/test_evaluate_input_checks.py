"""Bad input is refused with a DomainError the user can act on."""

import math
from collections.abc import Callable

import pytest

from planwatch.domain.errors import DomainError, InvalidValueError
from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Assessment, Comparator, TargetKind
from planwatch.evaluation import BaselinePoint, TargetSpec, evaluate

RATE = TargetSpec(Comparator.GE, 55.0, 2030)


def test_two_figures_for_one_year_are_refused_with_the_year_named() -> None:
    # given 2025 twice
    figures = [Observation(2025, 52.0), Observation(2024, 51.0), Observation(2025, 53.0)]

    # when / then
    with pytest.raises(InvalidValueError, match="2025"):
        evaluate(RATE, figures)


def test_invalid_value_error_is_a_domain_error() -> None:
    # given / when / then: the CLI and the web layer catch DomainError
    assert issubclass(InvalidValueError, DomainError)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_figure_is_refused(value: float) -> None:
    # given / when / then
    with pytest.raises(InvalidValueError, match="2025"):
        evaluate(RATE, [Observation(2025, value)])


def test_assessment_for_a_numeric_target_is_refused() -> None:
    # given / when / then
    with pytest.raises(InvalidValueError, match="Đạt một phần"):
        evaluate(RATE, [Observation(2025, Assessment.PARTIAL)])


def test_number_for_a_qualitative_target_is_refused() -> None:
    # given
    spec = TargetSpec(Comparator.QUALITATIVE, None, 2030, kind=TargetKind.QUALITATIVE)

    # when / then
    with pytest.raises(InvalidValueError, match="định tính"):
        evaluate(spec, [Observation(2025, 1.0)])


@pytest.mark.parametrize(
    "build",
    [
        lambda: TargetSpec(Comparator.GE, math.nan, 2030),
        lambda: TargetSpec(Comparator.GE, 1.0, 2030, lower_limit=math.inf),
        lambda: TargetSpec(Comparator.APPROX, 1.0, 2030, tolerance=-0.1),
        lambda: TargetSpec(Comparator.GE, 1.0, 2030, lower_limit=100.0, upper_limit=0.0),
        lambda: BaselinePoint(2023, math.nan),
    ],
)
def test_impossible_specs_are_refused(build: Callable[[], object]) -> None:
    # given / when / then
    with pytest.raises(InvalidValueError):
        build()
