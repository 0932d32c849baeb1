"""The built-in catalogue, loaded into the database, against the gold annotation item by item."""

import json
from pathlib import Path
from typing import Any

import pytest

from planwatch.catalogue import load_catalogue, target_corrections
from planwatch.domain.errors import AmbiguousError
from planwatch.web.catalogue.models import (
    Baseline,
    PolicyDocument,
    ReportingDuty,
    Target,
    TaskAssignment,
)
from planwatch.web.catalogue.selectors import document_get, target_as_record, target_list_for_document
from planwatch.web.catalogue.services import catalogue_load

pytestmark = pytest.mark.django_db

TARGET_FIELDS = (
    "indicator",
    "unit",
    "comparator",
    "value",
    "value_text",
    "target_year",
    "scope",
    "responsible",
    "group",
)


def _gold_documents(gold: Path) -> list[dict[str, Any]]:
    documents = []
    for path in sorted(gold.glob("*.json")):
        documents.extend(json.loads(path.read_text(encoding="utf-8"))["documents"])
    return documents


def _collapse(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def test_the_catalogue_holds_the_six_documents_their_parents_and_every_item() -> None:
    assert PolicyDocument.objects.filter(is_stub=False).count() == 6
    assert set(PolicyDocument.objects.filter(is_stub=True).values_list("number", flat=True)) >= {
        "42-NQ/TW",
        "68/NQ-CP",
        "43-NQ/TW",
        "45-NQ/TW",
    }
    assert Target.objects.count() == 167
    assert Baseline.objects.count() == 26
    assert ReportingDuty.objects.count() == 14
    assert TaskAssignment.objects.count() == 29


def test_every_gold_target_is_in_the_database_with_the_same_facts(gold: Path, corpus: Path) -> None:
    for document in _gold_documents(gold):
        stored = {
            t.key: target_as_record(t) for t in target_list_for_document(document_get(document["doc_id"]))
        }
        assert sorted(stored) == sorted(t["id"] for t in document["targets"]), document["doc_id"]
        corrections = target_corrections()  # decision 0007: a range and two rates
        for annotated in document["targets"]:
            expected = {**annotated, **corrections.get((document["doc_id"], annotated["id"]), {})}
            record = stored[expected["id"]]
            assert {f: record[f] for f in TARGET_FIELDS} == {f: expected[f] for f in TARGET_FIELDS}, expected[
                "id"
            ]
            assert record["value_max"] == expected.get("value_max"), expected["id"]
            assert _collapse(record["quote"]) == _collapse(expected["quote"]), expected["id"]


def test_every_document_keeps_its_lineage_direct_parent_first(gold: Path) -> None:
    for document in _gold_documents(gold):
        row = PolicyDocument.objects.get(doc_id=document["doc_id"])
        parents = [link.parent.number for link in row.parent_links.order_by("position")]
        assert parents == document["implements"], document["doc_id"]
        assert (row.number or None, row.issuer, row.province) == (
            document["number"],
            document["issuer"],
            document["province"],
        )
        assert (row.issued_on.isoformat() if row.issued_on else None) == document["issued"]


def test_baselines_duties_and_lead_agencies_match_the_gold(gold: Path) -> None:
    for document in _gold_documents(gold):
        row = PolicyDocument.objects.get(doc_id=document["doc_id"])
        baselines = [(b.value, b.unit or None, b.year) for b in row.baselines.order_by("position")]
        assert baselines == [(b["value"], b["unit"], b["year"]) for b in document["baselines"]]
        duties = [
            (
                d.frequency,
                d.deadline_text or None,
                d.to or None,
            )
            for d in row.reporting_duties.order_by("position")
        ]
        assert duties == [(r["frequency"], r["deadline"], r["to"]) for r in document["reporting"]]
        assignments = sorted(
            (a.agency_name, a.role) for a in TaskAssignment.objects.filter(task__document=row)
        )
        assert assignments == sorted((a["agency"], a["role"]) for a in document["lead_agencies"])


def test_loading_the_catalogue_again_changes_nothing() -> None:
    before = {t.pk: t.updated_at for t in Target.objects.all()}

    counts = catalogue_load(catalogue=load_catalogue())

    assert (counts.total_created, counts.total_changed) == (0, 0)
    assert {t.pk: t.updated_at for t in Target.objects.all()} == before


def test_the_trained_labour_targets_of_three_documents_share_one_indicator() -> None:
    trained = Target.objects.filter(indicator_name__icontains="qua đào tạo có bằng cấp, chứng chỉ")

    documents = {t.document.doc_id for t in trained}
    indicators = {t.indicator_id for t in trained}

    assert {"KG-219-KH-UBND", "KG-50-CTr-TU", "LA-52-CTr-TU"} <= documents
    assert len(indicators) == 1


def test_a_number_shared_by_two_provinces_needs_the_doc_id() -> None:
    with pytest.raises(AmbiguousError, match=r"KG-52-CTr-TU.*LA-52-CTr-TU"):
        document_get("52-CTr/TU")
