"""Demo figures: generated, deterministic, idempotent."""

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
