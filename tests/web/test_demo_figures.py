"""Demo figures: generated, deterministic, idempotent."""

import pytest

from planwatch.web.figures.models import DataValue
from planwatch.web.figures.services import demo_figures_load

pytestmark = pytest.mark.django_db


def test_the_demo_figures_are_deterministic_and_idempotent() -> None:
    demo_figures_load()
    first = sorted(
        DataValue.objects.values_list(
            "target__key", "target__document__doc_id", "year", "value", "assessment"
        )
    )

    again = demo_figures_load()

    assert (again.created, again.changed) == (0, 0)
    assert (
        sorted(
            DataValue.objects.values_list(
                "target__key", "target__document__doc_id", "year", "value", "assessment"
            )
        )
        == first
    )
    assert DataValue.objects.filter(is_demo=False).count() == 0
    assert {v.year for v in DataValue.objects.all()} == {2023, 2024, 2025}
