"""validate_extraction: the schema kept in the project, plus rules a schema cannot say."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from planwatch.extraction import extract_file, extraction_schema, validate_extraction

FIXTURE = Path(__file__).parent / "fixtures" / "plan_appendix_agencies.txt"


def _valid() -> dict[str, Any]:
    return extract_file(FIXTURE).to_json()


def test_an_extraction_is_valid() -> None:
    assert validate_extraction(_valid()) == []


def test_the_schema_is_a_draft_2020_12_schema() -> None:
    assert extraction_schema()["$schema"].endswith("2020-12/schema")


def test_a_missing_key_is_reported_with_its_path() -> None:
    data = _valid()
    del data["documents"][0]["targets"][0]["comparator"]
    assert validate_extraction(data) == ["documents[0].targets[0]: 'comparator' is a required property"]


def test_an_unknown_comparator_and_a_bad_deadline_are_reported() -> None:
    data = _valid()
    data["documents"][0]["targets"][0]["comparator"] = "≈"
    problems = validate_extraction(data)
    assert len(problems) == 1
    assert problems[0].startswith("documents[0].targets[0].comparator")
    data["documents"][0]["targets"][0]["comparator"] = "="
    data["documents"][0]["reporting"][1]["deadline"] = "mid-December"
    assert validate_extraction(data) == [
        "documents[0].reporting[1].deadline: Hạn báo cáo 'mid-December' không đúng dạng: hãy ghi giờ "
        "(19h00), ngày/tháng (15/11, 30/01 năm tiếp theo), ngày/tháng/năm (31/12/2025), năm (2030, "
        "cuối năm 2030) hoặc thời hạn (trong thời hạn 10 ngày kể từ …)."
    ]


def test_every_deadline_form_and_the_new_frequencies_are_valid() -> None:
    data = _valid()
    duty = data["documents"][0]["reporting"][1]
    for frequency, deadline in (
        ("daily", "19h00"),
        ("one-off", "31/12/2026"),
        ("one-off", "cuối năm 2030"),
        ("one-off", "trong thời hạn 15 ngày kể từ ngày ban hành"),
        ("annual", "31/01 năm tiếp theo"),
    ):
        duty["frequency"], duty["deadline"] = frequency, deadline
        assert validate_extraction(data) == [], deadline


def test_rules_beyond_the_schema_are_checked() -> None:
    data = _valid()
    edited = copy.deepcopy(data)
    edited["documents"][0]["targets"][0]["value"] = (
        None  # "=": a number is needed (">=" may go without: "đạt và vượt")
    )
    edited["documents"][0]["targets"][1]["id"] = "t1"
    edited["documents"][0]["reporting"][1]["deadline"] = "31/13"
    assert validate_extraction(edited) == [
        "documents[0].targets[0].value: comparator '=' needs a number",
        "documents[0].targets[1].id: 't1' appears twice in the document",
        "documents[0].reporting[1].deadline: Hạn báo cáo '31/13' không phải là một ngày/tháng.",
    ]


def test_not_an_object_is_reported() -> None:
    assert validate_extraction([1, 2]) == ["(root): [1, 2] is not of type 'object'"]
