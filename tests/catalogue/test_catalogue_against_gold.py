"""The built-in catalogue against the hand-checked gold annotation, item by item."""

import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from planwatch.catalogue import (
    DATA_FILES,
    Catalogue,
    load_catalogue,
    read_quote,
    target_corrections,
    target_value_text,
)
from planwatch.domain.model import SourceSpan


def _collapse(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def _gold_documents(gold: Path) -> list[dict[str, Any]]:
    return [
        document
        for path in sorted(gold.glob("*.json"))
        for document in json.loads(path.read_text(encoding="utf-8"))["documents"]
    ]


def _quote(span: SourceSpan | None, corpus: Path) -> str | None:
    assert span is not None
    return _collapse(read_quote(span, corpus))


def _strings(value: Any) -> list[str]:
    """Every string inside decoded JSON."""
    if isinstance(value, str):
        return [value]
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for child in children for text in _strings(child)]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_counts_match_the_gold(catalogue: Catalogue) -> None:
    # given the loaded catalogue
    # when it is counted
    sources = [d for d in catalogue.documents if not d.is_stub]
    stubs = [d for d in catalogue.documents if d.is_stub]
    assignments = [a for task in catalogue.tasks for a in task.assignments]
    # then it holds what the gold README counts
    assert (len(sources), len(stubs)) == (6, 4)
    assert len(catalogue.targets) == 167
    assert len(catalogue.baselines) == 26
    assert len(catalogue.reporting_duties) == 14
    assert len(assignments) == 29


def test_every_gold_target_is_in_the_catalogue(catalogue: Catalogue, gold: Path, corpus: Path) -> None:
    # given the gold targets, with the few fields decision 0007 corrects (a range, a rate)
    corrections = target_corrections()
    assert len(corrections) < 5
    expected = {
        (d["doc_id"], t["id"]): (
            t["group"],
            t["indicator"],
            {**t, **corrections.get((d["doc_id"], t["id"]), {})}["unit"],
            {**t, **corrections.get((d["doc_id"], t["id"]), {})}["comparator"],
            {**t, **corrections.get((d["doc_id"], t["id"]), {})}["value"],
            t["value_text"],
            t["target_year"],
            t["scope"],
            t["responsible"],
            _collapse(t["quote"]),
        )
        for d in _gold_documents(gold)
        for t in d["targets"]
    }
    # when the catalogue's targets are read back with their spans
    actual = {
        (t.doc_id, t.key): (
            t.group,
            t.indicator_name,
            t.unit,
            t.comparator.value,
            t.value,
            target_value_text(t, corpus),
            t.target_year,
            t.scope,
            t.responsible,
            _quote(t.quote, corpus),
        )
        for t in catalogue.targets
    }
    # then they agree field by field
    assert actual == expected


def test_every_gold_baseline_is_in_the_catalogue(catalogue: Catalogue, gold: Path, corpus: Path) -> None:
    # given the gold baselines
    expected = [
        (d["doc_id"], b["indicator"], b["value"], b["unit"], b["year"], _collapse(b["quote"]))
        for d in _gold_documents(gold)
        for b in d["baselines"]
    ]
    # when the catalogue's are read back
    actual = [
        (b.doc_id, b.indicator_name, b.value, b.unit, b.year, _quote(b.quote, corpus))
        for b in catalogue.baselines
    ]
    # then they agree
    assert actual == expected


def test_every_gold_reporting_duty_is_in_the_catalogue(
    catalogue: Catalogue, gold: Path, corpus: Path
) -> None:
    # given the gold reporting duties
    expected = [
        (d["doc_id"], r["what"], r["deadline"], r["frequency"], r["to"], r["via"], _collapse(r["quote"]))
        for d in _gold_documents(gold)
        for r in d["reporting"]
    ]
    # when the catalogue's are read back
    actual = [
        (r.doc_id, r.what, r.deadline_text, r.frequency.value, r.to, r.via, _quote(r.quote, corpus))
        for r in catalogue.reporting_duties
    ]
    # then they agree
    assert actual == expected


def test_every_gold_lead_agency_is_a_task_assignment(catalogue: Catalogue, gold: Path, corpus: Path) -> None:
    # given the 29 gold lead-agency entries
    expected = Counter(
        (d["doc_id"], entry["agency"], entry["role"], entry["for"], _collapse(entry["quote"]))
        for d in _gold_documents(gold)
        for entry in d["lead_agencies"]
    )
    # when the catalogue's tasks are flattened to (agency, role, task)
    actual = Counter(
        (task.doc_id, a.agency_name, a.role.value, task.description, _quote(task.quote, corpus))
        for task in catalogue.tasks
        for a in task.assignments
    )
    # then they are the same 29 assignments
    assert actual == expected


def test_document_lineage_matches_the_gold(catalogue: Catalogue, gold: Path) -> None:
    # given the gold documents
    expected = {
        d["doc_id"]: (
            d["number"],
            d["kind"],
            d["issuer"],
            d["province"],
            d["issued"],
            d["implements"],
            d["title"],
        )
        for d in _gold_documents(gold)
    }
    # when the catalogue's source documents are described the same way, parents by their numbers
    numbers = {d.doc_id: d.number for d in catalogue.documents}
    actual = {
        d.doc_id: (
            d.number,
            d.kind.value,
            d.issuer,
            d.province,
            d.issued_on.isoformat() if d.issued_on else None,
            [numbers[parent] for parent in d.parents],
            d.title,
        )
        for d in catalogue.documents
        if not d.is_stub
    }
    # then the lineage is the gold's
    assert actual == expected


def test_parents_are_the_right_provinces_documents(catalogue: Catalogue) -> None:
    # given the plan on 51-CTr/TU and the two programmes numbered 52-CTr/TU
    parents = {d.doc_id: d.parents for d in catalogue.documents}
    # then the plan implements Kiên Giang's 51, and each 52 its own resolution
    assert parents["KG-KH-UBND-2024-06-51-CTr-TU"] == ("KG-51-CTr-TU", "43-NQ-TW")
    assert parents["KG-219-KH-UBND"] == ("68-NQ-CP", "42-NQ-TW")
    assert parents["KG-52-CTr-TU"] == ("45-NQ-TW",)
    assert parents["LA-52-CTr-TU"] == ("42-NQ-TW",)
    assert parents["68-NQ-CP"] == ("42-NQ-TW",)


def test_no_data_file_holds_a_long_gold_quote(gold: Path) -> None:
    # given every gold quote longer than 60 characters, raw and with whitespace collapsed
    quotes = {
        form
        for d in _gold_documents(gold)
        for item in (*d["targets"], *d["baselines"], *d["reporting"], *d["lead_agencies"])
        for form in (item["quote"], _collapse(item["quote"]))
        if len(item["quote"]) > 60
    }
    # when the data files' strings are gathered
    raw = [
        resources.files("planwatch.catalogue").joinpath("data", name).read_text("utf-8")
        for name in DATA_FILES
    ]
    decoded = [_collapse(value) or "" for text in raw for value in _strings(json.loads(text))]
    strings = "\n".join(raw + decoded)
    # then none of them is there verbatim: the catalogue keeps facts and spans, not sentences
    assert sorted(q for q in quotes if q in strings) == []
    assert len(quotes) > 100
