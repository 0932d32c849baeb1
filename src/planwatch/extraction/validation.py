"""Checking an (edited) extraction before it is loaded: the JSON Schema kept beside this module, plus
the rules a schema cannot say (unique ids, numeric comparators carry a value, deadlines are dates)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from planwatch.domain.deadlines import Deadline
from planwatch.domain.errors import InvalidValueError

SCHEMA_RESOURCE = "schema/extraction.schema.json"


@cache
def extraction_schema() -> dict[str, Any]:
    """The JSON Schema of an extraction file (``schema/extraction.schema.json``)."""
    text = resources.files("planwatch.extraction").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_extraction(data: Any) -> list[str]:
    """Every problem of an extraction, as lines a reviewer can act on; an empty list means valid.

    >>> validate_extraction({"source_file": "a.txt", "documents": []})
    ['documents: [] should be non-empty']
    """
    validator = Draft202012Validator(extraction_schema())
    problems = [
        f"{_path(error.absolute_path)}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        return problems
    return _semantic_problems(data)


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(root)"


def _semantic_problems(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    seen_documents: set[str] = set()
    for d_index, document in enumerate(data["documents"]):
        where = f"documents[{d_index}]"
        if document["doc_id"] in seen_documents:
            problems.append(f"{where}.doc_id: '{document['doc_id']}' appears twice")
        seen_documents.add(document["doc_id"])
        seen_targets: set[str] = set()
        for t_index, target in enumerate(document["targets"]):
            at = f"{where}.targets[{t_index}]"
            if target["id"] in seen_targets:
                problems.append(f"{at}.id: '{target['id']}' appears twice in the document")
            seen_targets.add(target["id"])
            if target["comparator"] in ("<", "<=", ">", "=", "~") and target["value"] is None:
                problems.append(f"{at}.value: comparator '{target['comparator']}' needs a number")
            if target["comparator"] == "range" and (
                target["value"] is None
                or target.get("value_max") is None
                or target["value_max"] < target["value"]
            ):
                problems.append(f"{at}.value_max: a range needs a value and a value_max above it")
            if target["comparator"] == "qualitative" and target["value"] is not None:
                problems.append(f"{at}.value: a qualitative target has no number")
        for r_index, duty in enumerate(document["reporting"]):
            try:
                Deadline.parse_optional(duty["deadline"])
            except InvalidValueError as error:
                problems.append(f"{where}.reporting[{r_index}].deadline: {error}")
    return problems
