"""A range target read from an extraction (issue #15): both bounds kept, bounds out of order refused."""

from pathlib import Path

import pytest

from planwatch.catalogue.extracted import documents_from_extraction
from planwatch.domain.errors import InvalidValueError
from planwatch.domain.vocabulary import Comparator
from planwatch.extraction import extract_file

PLAN = Path(__file__).parents[1] / "extraction" / "fixtures" / "plan_appendix_agencies.txt"


def _with_first_target(**fields: object) -> dict[str, object]:
    data = extract_file(PLAN).to_json()
    data["documents"][0]["targets"][0].update(fields)
    return data


def test_a_range_keeps_both_bounds() -> None:
    data = _with_first_target(comparator="range", value=90, value_max=110)

    target = documents_from_extraction(data)[0].targets[0]

    assert (target.comparator, target.value, target.value_max) == (Comparator.RANGE, 90.0, 110.0)


def test_a_range_upside_down_is_refused_with_its_target_named() -> None:
    data = _with_first_target(comparator="range", value=110, value_max=90)

    with pytest.raises(InvalidValueError, match=r"mục tiêu t1: cận dưới 110 lớn hơn cận trên 90"):
        documents_from_extraction(data)
