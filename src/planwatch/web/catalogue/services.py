"""Writes to the catalogue: ``catalogue_load`` stores a Catalogue (the built-in one) idempotently."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from planwatch.domain import model as domain
from planwatch.domain.text import normalise_name
from planwatch.web.agencies.models import Agency, AgencySuccession
from planwatch.web.catalogue import mapping
from planwatch.web.catalogue.models import (
    Baseline,
    DocumentParent,
    Indicator,
    PolicyDocument,
    ReportingDuty,
    Target,
    Task,
    TaskAssignment,
)
from planwatch.web.geography.models import AdministrativeUnit, UnitSuccession
from planwatch.web.upsert import UpsertCounts, upsert

if TYPE_CHECKING:
    from planwatch.catalogue import Catalogue


@transaction.atomic
def catalogue_load(*, catalogue: Catalogue) -> UpsertCounts:
    """Store every unit, agency, indicator, document, target, baseline, duty and task of ``catalogue``.

    Rows are matched by their stable keys (codes, doc ids, target keys), so a second load changes
    nothing. Figures already entered are never touched.
    """
    counts = UpsertCounts()
    _load_units(catalogue, counts)
    agencies = _load_agencies(catalogue, counts)
    indicators = {
        i.code: upsert(Indicator, counts, {"code": i.code}, mapping.indicator_fields(i))
        for i in catalogue.indicators
    }
    documents = _load_documents(catalogue, counts)
    agency_by_name = _agency_name_index(catalogue.agencies)
    for position, target in enumerate(catalogue.targets):
        document = documents[target.doc_id]
        upsert(
            Target,
            counts,
            {"document": document, "key": target.key},
            {
                **mapping.target_fields(target),
                "position": position,
                "indicator": indicators[target.indicator_code] if target.indicator_code else None,
                "responsible_agency": _agency_for(target.responsible, document, agency_by_name, agencies),
            },
        )
    _load_baselines(catalogue, documents, counts)
    _load_duties(catalogue, documents, counts)
    _load_tasks(catalogue, documents, agencies, agency_by_name, counts)
    return counts


def _load_units(catalogue: Catalogue, counts: UpsertCounts) -> dict[str, AdministrativeUnit]:
    units = {
        u.code: upsert(AdministrativeUnit, counts, {"code": u.code}, mapping.unit_fields(u))
        for u in catalogue.units
    }
    for unit in catalogue.units:
        upsert(
            AdministrativeUnit,
            counts,
            {"code": unit.code},
            {"parent": units[unit.parent] if unit.parent else None},
        )
    for succession in catalogue.unit_successions:
        key = (
            f"{succession.kind.value}:{'+'.join(succession.predecessors)}"
            f">{'+'.join(succession.successors)}@{succession.effective_on.isoformat()}"
        )
        row = upsert(
            UnitSuccession,
            counts,
            {"key": key},
            {
                "kind": succession.kind.value,
                "effective_on": succession.effective_on,
                "legal_basis": succession.legal_basis,
                "note": succession.note or "",
            },
        )
        row.predecessors.set([units[c] for c in succession.predecessors])
        row.successors.set([units[c] for c in succession.successors])
    return units


def _load_agencies(catalogue: Catalogue, counts: UpsertCounts) -> dict[str, Agency]:
    agencies = {
        a.code: upsert(Agency, counts, {"code": a.code}, mapping.agency_fields(a)) for a in catalogue.agencies
    }
    for succession in catalogue.agency_successions:
        upsert(
            AgencySuccession,
            counts,
            {
                "predecessor": agencies[succession.predecessor],
                "function": succession.function,
                "effective_on": succession.effective_on,
            },
            {
                "successor": agencies[succession.successor],
                "legal_basis": succession.legal_basis,
                "note": succession.note or "",
            },
        )
    return agencies


def _load_documents(catalogue: Catalogue, counts: UpsertCounts) -> dict[str, PolicyDocument]:
    documents = {
        d.doc_id: upsert(PolicyDocument, counts, {"doc_id": d.doc_id}, mapping.document_fields(d))
        for d in catalogue.documents
    }
    for doc in catalogue.documents:
        child = documents[doc.doc_id]
        wanted = [(documents[parent_id], position) for position, parent_id in enumerate(doc.parents)]
        existing = [(link.parent, link.position) for link in child.parent_links.select_related("parent")]
        if sorted((p.pk, n) for p, n in existing) != sorted((p.pk, n) for p, n in wanted):
            child.parent_links.all().delete()
            DocumentParent.objects.bulk_create(
                [DocumentParent(child=child, parent=parent, position=position) for parent, position in wanted]
            )
            counts.add("documentparent", "changed")
    return documents


def _load_baselines(catalogue: Catalogue, documents: dict[str, PolicyDocument], counts: UpsertCounts) -> None:
    positions: dict[str, int] = {}
    for baseline in catalogue.baselines:
        position = positions[baseline.doc_id] = positions.get(baseline.doc_id, -1) + 1
        document = documents[baseline.doc_id]
        target = document.targets.filter(key=baseline.target_key).first() if baseline.target_key else None
        upsert(
            Baseline,
            counts,
            {"document": document, "position": position},
            {
                "indicator_name": baseline.indicator_name,
                "value": baseline.value,
                "unit": baseline.unit or "",
                "year": baseline.year,
                "target": target,
                **mapping.span_fields(baseline.quote),
            },
        )


def _load_duties(catalogue: Catalogue, documents: dict[str, PolicyDocument], counts: UpsertCounts) -> None:
    positions: dict[str, int] = {}
    for duty in catalogue.reporting_duties:
        position = positions[duty.doc_id] = positions.get(duty.doc_id, -1) + 1
        upsert(
            ReportingDuty,
            counts,
            {"document": documents[duty.doc_id], "position": position},
            mapping.duty_fields(duty),
        )


def _load_tasks(
    catalogue: Catalogue,
    documents: dict[str, PolicyDocument],
    agencies: dict[str, Agency],
    agency_by_name: dict[tuple[str, str], str],
    counts: UpsertCounts,
) -> None:
    for position, task in enumerate(catalogue.tasks):
        document = documents[task.doc_id]
        row = upsert(
            Task,
            counts,
            {"document": document, "key": task.key},
            {"position": position, "description": task.description, **mapping.span_fields(task.quote)},
        )
        for index, assignment in enumerate(task.assignments):
            agency = (
                agencies[assignment.agency_code]
                if assignment.agency_code
                else _agency_for(assignment.agency_name, document, agency_by_name, agencies)
            )
            upsert(
                TaskAssignment,
                counts,
                {"task": row, "position": index},
                {"agency_name": assignment.agency_name, "role": assignment.role.value, "agency": agency},
            )


def _agency_name_index(agencies: tuple[domain.Agency, ...]) -> dict[tuple[str, str], str]:
    """(province, normalised name or alias) -> agency code."""
    index: dict[tuple[str, str], str] = {}
    for agency in agencies:
        for name in (agency.name, agency.short_name or "", *agency.aliases):
            if name:
                index.setdefault((agency.province or "", normalise_name(name)), agency.code)
    return index


def _agency_for(
    name: str | None,
    document: PolicyDocument,
    agency_by_name: dict[tuple[str, str], str],
    agencies: dict[str, Agency],
) -> Agency | None:
    """The catalogue agency a document means by ``name``: the one of the document's province."""
    if not name:
        return None
    code = agency_by_name.get((document.province, normalise_name(name)))
    return agencies[code] if code else None
