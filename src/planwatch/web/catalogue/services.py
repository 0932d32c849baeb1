"""Writes to the catalogue: ``catalogue_load`` stores a Catalogue (the built-in one) idempotently."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from planwatch.catalogue.extracted import ExtractedDocument, documents_from_extraction
from planwatch.catalogue.indicators import derive_indicator, indicator_code_for, indicator_key
from planwatch.domain import model as domain
from planwatch.domain.errors import DomainError
from planwatch.domain.succession import AgencyNames
from planwatch.domain.text import slugify
from planwatch.domain.vocabulary import DocumentKind
from planwatch.extraction import validate_extraction
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
from planwatch.web.figures.models import ObservationRevision
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
    agency_by_name = AgencyNames(catalogue.agencies)
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
    units: dict[str, AdministrativeUnit] = {}
    for unit in _parents_first(catalogue.units):
        fields = {**mapping.unit_fields(unit), "parent": units[unit.parent] if unit.parent else None}
        units[unit.code] = upsert(AdministrativeUnit, counts, {"code": unit.code}, fields)
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


def _parents_first(units: tuple[domain.AdministrativeUnit, ...]) -> list[domain.AdministrativeUnit]:
    by_code = {u.code: u for u in units}
    ordered: list[domain.AdministrativeUnit] = []
    placed: set[str] = set()

    def place(unit: domain.AdministrativeUnit) -> None:
        if unit.code in placed:
            return
        if unit.parent:
            place(by_code[unit.parent])
        placed.add(unit.code)
        ordered.append(unit)

    for unit in units:
        place(unit)
    return ordered


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
            counts.add("documentparent", "changed" if existing else "created")
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
            {**mapping.baseline_fields(baseline), "target": target},
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
    agency_by_name: AgencyNames,
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


def _agency_for(
    name: str | None,
    document: PolicyDocument,
    agency_names: AgencyNames,
    agencies: dict[str, Agency],
) -> Agency | None:
    """The catalogue agency a document means by ``name``: the one of the document's province
    (``domain.succession.AgencyNames``, the rule the reports use too)."""
    if not name:
        return None
    named = agency_names.resolve(name, document.province or None)
    return agencies[named.code] if named else None


@dataclass(frozen=True, slots=True)
class ExtractionLoadResult:
    doc_ids: tuple[str, ...]
    created: int
    changed: int
    removed: int


def extraction_load(*, data: dict[str, Any]) -> ExtractionLoadResult:
    """Add a reviewed extraction to the catalogue, all documents or none.

    Loading the same document again (same ``doc_id``) updates it in place: targets keep their keys,
    targets dropped by the reviewer are removed unless figures were entered for them.

    Raises:
        InvalidExtractionError: the data does not follow the extraction schema (every problem listed),
            or a removed target already has figures.
    """
    problems = validate_extraction(data)
    if problems:
        raise InvalidExtractionError("tệp trích xuất không hợp lệ:\n" + "\n".join(f"- {p}" for p in problems))
    extracted = documents_from_extraction(data)
    counts = UpsertCounts()
    removed = 0
    with transaction.atomic():
        for item in extracted:
            removed += _load_extracted_document(item, counts)
    return ExtractionLoadResult(
        doc_ids=tuple(item.document.doc_id for item in extracted),
        created=counts.total_created,
        changed=counts.total_changed,
        removed=removed,
    )


class InvalidExtractionError(DomainError):
    """An extraction that cannot be loaded as it is."""


def _load_extracted_document(item: ExtractedDocument, counts: UpsertCounts) -> int:
    doc = item.document
    document = upsert(PolicyDocument, counts, {"doc_id": doc.doc_id}, mapping.document_fields(doc))
    parents = [_parent_for(number, doc.province) for number in item.parent_numbers]
    document.parent_links.all().delete()
    DocumentParent.objects.bulk_create(
        [DocumentParent(child=document, parent=parent, position=i) for i, parent in enumerate(parents)]
    )
    agencies = {a.code: a for a in Agency.objects.all()}
    agency_by_name = AgencyNames(mapping.agency_to_domain(a) for a in agencies.values())
    linker = _IndicatorLinker()
    keys = []
    for position, target in enumerate(item.targets):
        keys.append(target.key)
        upsert(
            Target,
            counts,
            {"document": document, "key": target.key},
            {
                **mapping.target_fields(target),
                "quote_text": item.target_quotes.get(target.key, ""),
                "position": position,
                "indicator": linker.indicator_for(target),
                "responsible_agency": _agency_for(target.responsible, document, agency_by_name, agencies),
            },
        )
    stale = document.targets.exclude(key__in=keys)
    # Figures belong to the indicator and stay; a target for which figures were entered stays too, so
    # that its history keeps saying what they were entered for.
    entered = ObservationRevision.objects.filter(target_key__in=[f"{doc.doc_id}/{t.key}" for t in stale])
    with_figures = sorted({key.rpartition("/")[2] for key in entered.values_list("target_key", flat=True)})
    if with_figures:
        raise InvalidExtractionError(
            f"{doc.doc_id}: không xóa được mục tiêu đã có số liệu ({', '.join(with_figures)}); "
            "hãy giữ chúng trong tệp"
        )
    removed, _ = stale.delete()
    _replace_items(document, item, counts, agencies, agency_by_name)
    return removed


def _replace_items(
    document: PolicyDocument,
    item: ExtractedDocument,
    counts: UpsertCounts,
    agencies: dict[str, Agency],
    agency_by_name: AgencyNames,
) -> None:
    document.baselines.filter(position__gte=len(item.baselines)).delete()
    for position, (baseline, quote) in enumerate(item.baselines):
        upsert(
            Baseline,
            counts,
            {"document": document, "position": position},
            {**mapping.baseline_fields(baseline), "quote_text": quote},
        )
    document.reporting_duties.filter(position__gte=len(item.duties)).delete()
    for position, (duty, quote) in enumerate(item.duties):
        upsert(
            ReportingDuty,
            counts,
            {"document": document, "position": position},
            {**mapping.duty_fields(duty), "quote_text": quote},
        )
    document.tasks.all().delete()
    for position, (task, quote) in enumerate(item.tasks):
        row = Task.objects.create(
            document=document, key=task.key, position=position, description=task.description, quote_text=quote
        )
        TaskAssignment.objects.bulk_create(
            [
                TaskAssignment(
                    task=row,
                    position=index,
                    agency_name=a.agency_name,
                    role=a.role.value,
                    agency=_agency_for(a.agency_name, document, agency_by_name, agencies),
                )
                for index, a in enumerate(task.assignments)
            ]
        )


def _parent_for(number: str, province: str | None) -> PolicyDocument:
    """The catalogue document a child means by a parent's number: the one of its own province when the
    number repeats (52-CTr/TU), a central one otherwise; a stub is made for a parent not yet known."""
    candidates = list(PolicyDocument.objects.filter(number__iexact=number))
    same_province = [d for d in candidates if d.province == (province or "")]
    central = [d for d in candidates if not d.province]
    for group in (same_province, central, candidates):
        if len(group) == 1:
            return group[0]
    if len(candidates) > 1:
        listed = ", ".join(d.doc_id for d in candidates)
        raise InvalidExtractionError(f"văn bản cấp trên {number} không rõ là văn bản nào: {listed}")
    return PolicyDocument.objects.create(
        doc_id=slugify(number).upper(),
        kind=DocumentKind.RESOLUTION.value if "NQ" in number.upper() else DocumentKind.PLAN.value,
        number=number,
        issuer="",
        title="",
        is_stub=True,
    )


class _IndicatorLinker:
    """Links new targets to the catalogue's indicators by the catalogue's own rule (same name key and
    unit), creating an indicator where none fits."""

    def __init__(self) -> None:
        self._by_key = {(indicator_key(i.name), i.unit or None): i for i in Indicator.objects.all()}

    def indicator_for(self, target: domain.Target) -> Indicator:
        key = (indicator_key(target.indicator_name), target.unit)
        if key not in self._by_key:
            code = indicator_code_for(key[0], key[1], Indicator.objects.values_list("code", flat=True))
            derived = derive_indicator(code, [target])
            self._by_key[key] = Indicator.objects.create(code=code, **mapping.indicator_fields(derived))
        return self._by_key[key]
