"""Golden files: each fixture plan (own sentences, one construction each) beside its expected extraction.

Regenerate after a deliberate change with ``PLANWATCH_UPDATE_GOLDEN=1 pytest tests/extraction`` and
review the diff line by line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.extraction.golden import dump, reduced

from planwatch.extraction import extract_file, validate_extraction

FIXTURES = Path(__file__).parent / "fixtures"
PLANS = sorted(FIXTURES.glob("*.txt"))


@pytest.mark.parametrize("plan", PLANS, ids=[p.stem for p in PLANS])
def test_fixture_plan_extracts_to_its_golden_file(plan: Path) -> None:
    # given a fixture plan and its golden file
    expected_path = plan.with_suffix(".expected.json")
    # when it is extracted
    extraction = extract_file(plan)
    actual = reduced(extraction)
    if os.environ.get("PLANWATCH_UPDATE_GOLDEN"):
        expected_path.write_text(dump(actual), encoding="utf-8")
    # then it matches the reviewed expectation and the schema
    assert actual == json.loads(expected_path.read_text(encoding="utf-8"))
    assert validate_extraction(extraction.to_json()) == []
