"""After one figure changes, only the targets that read its indicator are evaluated again (#11, point 6)."""

from pathlib import Path
from typing import Any

import pytest

import planwatch.web.figures.selectors as selectors
from planwatch.web.catalogue.models import Target
from planwatch.web.figures.selectors import evaluation_rows, evaluation_rows_cached
from planwatch.web.figures.services import demo_figures_load

pytestmark = pytest.mark.django_db


def test_one_new_figure_evaluates_again_only_the_targets_of_its_indicator(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_figures_load()
    evaluated: list[int] = []
    original = selectors._evaluated

    def counting(targets: list[Target], as_of: int | None) -> Any:
        evaluated.extend(t.pk for t in targets)
        return original(targets, as_of)

    monkeypatch.setattr(selectors, "_evaluated", counting)
    first = evaluation_rows_cached()
    everything = len(evaluated)
    evaluated.clear()
    poverty = Target.objects.get(document__doc_id="KG-219-KH-UBND", key="t12")
    path = tmp_path / "one.csv"
    path.write_text('target,year,value\nKG-219-KH-UBND/t12,2024,"1,9"\n', encoding="utf-8")
    assert cli("values", "import", path)[0] == 0

    again = evaluation_rows_cached()

    readers = set(Target.objects.filter(indicator_id=poverty.indicator_id).values_list("pk", flat=True))
    assert everything > 100
    assert set(evaluated) == readers
    assert len(again) == len(first)
    # The pieces kept and the pieces evaluated again give what a full evaluation gives.
    assert again == evaluation_rows()
