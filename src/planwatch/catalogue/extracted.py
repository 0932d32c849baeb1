"""A reviewed extraction (``planwatch extract --json``, maybe edited by a person) as domain objects.

The extraction's quotes stay sentences here: they belong to the user's document and are stored with
it in the database, unlike the built-in catalogue, which keeps only spans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from planwatch.catalogue.indicators import classify_target_kind
from planwatch.domain.deadlines import Deadline
from planwatch.domain.errors import InvalidValueError
from planwatch.domain.model import Baseline, PolicyDocument, ReportingDuty, Target, Task, TaskAssignment
from planwatch.domain.vocabulary import AgencyRole, Comparator, DocumentKind, ReportingFrequency


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """One document of an extraction, with its items and their quotes (by target key / position)."""

    document: PolicyDocument
    parent_numbers: tuple[str, ...]  # as written: resolved to doc ids against the catalogue
    targets: tuple[Target, ...]
    target_quotes: dict[str, str]
    baselines: tuple[tuple[Baseline, str], ...]
    duties: tuple[tuple[ReportingDuty, str], ...]
    tasks: tuple[tuple[Task, str], ...]


def documents_from_extraction(data: dict[str, Any]) -> list[ExtractedDocument]:
    """Domain objects of a *validated* extraction (see planwatch.extraction.validate_extraction)."""
    source = str(data["source_file"])
    return [_document(record, source) for record in data["documents"]]


def _document(record: dict[str, Any], source: str) -> ExtractedDocument:
    doc_id = str(record["doc_id"])
    issued = record.get("issued")
    document = PolicyDocument(
        doc_id=doc_id,
        kind=_kind(record.get("kind")),
        number=record.get("number") or None,
        issuer=record.get("issuer") or "",
        title=record.get("title") or "",
        issued_on=date.fromisoformat(issued) if issued else None,
        province=record.get("province") or None,
        source_file=source,
    )
    targets = tuple(_target(doc_id, t) for t in record.get("targets", []))
    return ExtractedDocument(
        document=document,
        parent_numbers=tuple(str(n) for n in record.get("implements", [])),
        targets=targets,
        target_quotes={t["id"]: t.get("quote") or "" for t in record.get("targets", [])},
        baselines=tuple(
            (
                Baseline(
                    doc_id=doc_id,
                    indicator_name=b["indicator"],
                    value=float(b["value"]),
                    unit=b.get("unit"),
                    year=b.get("year"),
                ),
                b.get("quote") or "",
            )
            for b in record.get("baselines", [])
        ),
        duties=tuple((_duty(doc_id, r), r.get("quote") or "") for r in record.get("reporting", [])),
        tasks=_tasks(doc_id, record.get("lead_agencies", [])),
    )


def _kind(text: str | None) -> DocumentKind:
    """The document kind; an unknown one is read as a plan, the commonest provincial document."""
    return DocumentKind(text) if text in {k.value for k in DocumentKind} else DocumentKind.PLAN


def _target(doc_id: str, record: dict[str, Any]) -> Target:
    comparator = Comparator(record["comparator"])
    low, high = record.get("value"), record.get("value_max")
    if low is not None and high is not None and float(low) > float(high):
        raise InvalidValueError(
            f"văn bản {doc_id}, mục tiêu {record['id']}: cận dưới {low} lớn hơn cận trên {high}"
        )
    return Target(
        doc_id=doc_id,
        key=str(record["id"]),
        group=record.get("group"),
        indicator_name=record["indicator"],
        indicator_code=None,
        unit=record.get("unit"),
        comparator=comparator,
        value=None if record.get("value") is None else float(record["value"]),
        value_max=None if record.get("value_max") is None else float(record["value_max"]),
        value_text=record.get("value_text"),
        target_year=record.get("target_year"),
        kind=classify_target_kind(
            comparator, record["indicator"], record.get("unit"), record.get("quote") or ""
        ),
        scope=record.get("scope"),
        responsible=record.get("responsible"),
    )


def _duty(doc_id: str, record: dict[str, Any]) -> ReportingDuty:
    return ReportingDuty(
        doc_id=doc_id,
        what=record.get("what") or "",
        frequency=ReportingFrequency(record["frequency"]),
        deadline=Deadline.parse_optional(record.get("deadline")),
        to=record.get("to"),
        via=record.get("via"),
    )


def _tasks(doc_id: str, records: list[dict[str, Any]]) -> tuple[tuple[Task, str], ...]:
    """One task per distinct ``for``, in order of first appearance, with every agency named for it."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        grouped.setdefault(record.get("for") or "", []).append(record)
    tasks = []
    for index, (description, members) in enumerate(grouped.items(), start=1):
        assignments = tuple(
            TaskAssignment(agency_name=m["agency"], role=AgencyRole(m["role"])) for m in members
        )
        task = Task(doc_id=doc_id, key=f"n{index}", description=description, assignments=assignments)
        tasks.append((task, members[0].get("quote") or ""))
    return tuple(tasks)
