"""Demo figures: generated, deterministic, idempotent."""

import itertools

import pytest

from planwatch.web.figures.models import Observation
from planwatch.web.figures.services import demo_figures_load

pytestmark = pytest.mark.django_db


def test_the_demo_figures_are_deterministic_and_idempotent() -> None:
    demo_figures_load()
    first = sorted(
        Observation.objects.values_list(
            "indicator__code", "disaggregation", "unit__code", "period", "value", "assessment"
        )
    )

    again = demo_figures_load()

    assert (again.created, again.changed) == (0, 0)
    assert (
        sorted(
            Observation.objects.values_list(
                "indicator__code", "disaggregation", "unit__code", "period", "value", "assessment"
            )
        )
        == first
    )
    assert Observation.objects.filter(is_demo=False).count() == 0
    assert {v.year for v in Observation.objects.all()} == {2023, 2024, 2025}
    # One figure per indicator, place and year, however many targets read it.
    keys = Observation.objects.values_list("indicator_id", "disaggregation", "unit_id", "period")
    assert len(set(keys)) == len(keys)


def test_the_demo_figures_follow_a_believable_path() -> None:
    """Issue #19, rule of planwatch.demo: a level moves by at most 6 % of itself (3 points for a
    percentage) a year, and counts are whole numbers."""
    from collections import defaultdict

    from planwatch.web.catalogue.models import Target

    demo_figures_load()
    series: dict[tuple[int, str, int], dict[int, float]] = defaultdict(dict)
    for indicator, disaggregation, unit, year, value in Observation.objects.filter(
        value__isnull=False
    ).values_list("indicator_id", "disaggregation", "unit__territory", "year", "value"):
        series[(indicator, disaggregation, unit)][year] = value
    kinds = {
        t.indicator_id: (t.kind, t.unit, t.value)
        for t in Target.objects.filter(indicator__isnull=False).order_by("-position")
    }
    checked = 0
    for (indicator, _, _), by_year in series.items():
        kind, unit, _goal = kinds[indicator]
        if kind not in ("state", "maintain") or len(by_year) < 2:
            continue
        years = sorted(by_year)
        for before, after in itertools.pairwise(years):
            old, new = by_year[before], by_year[after]
            limit = 3.0 if unit == "%" else 0.06 * old + 0.1
            assert abs(new - old) <= limit + 0.11, (indicator, by_year)
            checked += 1
    assert checked > 50
    whole = Observation.objects.filter(
        value__isnull=False, indicator__targets__unit="căn hộ", indicator__targets__value__gte=20
    ).values_list("value", flat=True)
    assert all(float(v).is_integer() for v in whole)
