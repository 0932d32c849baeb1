"""Domain objects <-> Django rows, both ways, for the catalogue, agencies and units.

``*_fields`` give the column values a domain object is stored as; ``*_to_domain`` read a row back.
"""

from __future__ import annotations

from typing import Any

from planwatch.domain import model as domain
from planwatch.domain.deadlines import Deadline
from planwatch.domain.series import disaggregation_for_scope
from planwatch.domain.text import normalise_name, strip_diacritics
from planwatch.domain.vocabulary import (
    AgencyRole,
    Aggregation,
    Comparator,
    Direction,
    Disaggregation,
    DocumentKind,
    PeriodAggregation,
    ReportingFrequency,
    SuccessionKind,
    TargetKind,
    UnitLevel,
)
from planwatch.web.agencies.models import Agency, AgencySuccession
from planwatch.web.catalogue.models import (
    Baseline,
    Indicator,
    PolicyDocument,
    ReportingDuty,
    Target,
    Task,
)
from planwatch.web.geography.models import AdministrativeUnit, UnitSuccession


def span_fields(span: domain.SourceSpan | None, prefix: str = "quote") -> dict[str, Any]:
    if span is None:
        return {f"{prefix}_file": "", f"{prefix}_start": None, f"{prefix}_end": None}
    return {f"{prefix}_file": span.file, f"{prefix}_start": span.start, f"{prefix}_end": span.end}


def span_from_row(row: Any, prefix: str = "quote") -> domain.SourceSpan | None:
    file, start, end = (getattr(row, f"{prefix}_{part}") for part in ("file", "start", "end"))
    if not file or start is None or end is None:
        return None
    return domain.SourceSpan(file=file, start=start, end=end)


def document_fields(doc: domain.PolicyDocument) -> dict[str, Any]:
    return {
        "kind": doc.kind.value,
        "number": doc.number or "",
        "issuer": doc.issuer,
        "title": doc.title,
        "issued_on": doc.issued_on,
        "province": doc.province or "",
        "is_stub": doc.is_stub,
        "source_file": doc.source_file or "",
    }


def document_to_domain(row: PolicyDocument) -> domain.PolicyDocument:
    parents = tuple(
        link.parent.doc_id for link in row.parent_links.select_related("parent").order_by("position")
    )
    return domain.PolicyDocument(
        doc_id=row.doc_id,
        kind=DocumentKind(row.kind),
        number=row.number or None,
        issuer=row.issuer,
        title=row.title,
        issued_on=row.issued_on,
        province=row.province or None,
        parents=parents,
        is_stub=row.is_stub,
        source_file=row.source_file or None,
    )


def indicator_fields(indicator: domain.Indicator) -> dict[str, Any]:
    return {
        "name": indicator.name,
        "unit": indicator.unit or "",
        "direction": indicator.direction.value,
        "lower_limit": indicator.lower_limit,
        "upper_limit": indicator.upper_limit,
        "domain": indicator.domain or "",
        "definition": indicator.definition,
        "aggregation": indicator.aggregation.value,
        "numerator": indicator.numerator or "",
        "denominator": indicator.denominator or "",
        "weight": indicator.weight or "",
        "period_aggregation": indicator.period_aggregation.value,
        "disaggregations": [d.value for d in indicator.disaggregations],
        "reason": indicator.reason,
        "is_element": indicator.is_element,
    }


def indicator_to_domain(row: Indicator) -> domain.Indicator:
    return domain.Indicator(
        code=row.code,
        name=row.name,
        unit=row.unit or None,
        direction=Direction(row.direction),
        lower_limit=row.lower_limit,
        upper_limit=row.upper_limit,
        domain=row.domain or None,
        definition=row.definition,
        aggregation=Aggregation(row.aggregation),
        numerator=row.numerator or None,
        denominator=row.denominator or None,
        weight=row.weight or None,
        period_aggregation=PeriodAggregation(row.period_aggregation),
        disaggregations=tuple(Disaggregation(d) for d in row.disaggregations),
        reason=row.reason,
        is_element=row.is_element,
    )


def target_fields(target: domain.Target) -> dict[str, Any]:
    return {
        "group": target.group or "",
        "indicator_name": target.indicator_name,
        "unit": target.unit or "",
        "comparator": target.comparator.value,
        "value": target.value,
        "value_max": target.value_max,
        "value_text": target.value_text or "",
        "target_year": target.target_year,
        "kind": target.kind.value,
        "scope": target.scope or "",
        "disaggregation": disaggregation_for_scope(target.scope),
        "responsible_name": target.responsible or "",
        **span_fields(target.quote),
        **span_fields(target.value_text_span, "value_text"),
    }


def target_to_domain(row: Target) -> domain.Target:
    return domain.Target(
        doc_id=row.document.doc_id,
        key=row.key,
        group=row.group or None,
        indicator_name=row.indicator_name,
        indicator_code=row.indicator.code if row.indicator else None,
        unit=row.unit or None,
        comparator=Comparator(row.comparator),
        value=row.value,
        value_text=row.value_text or None,
        target_year=row.target_year,
        kind=TargetKind(row.kind),
        scope=row.scope or None,
        responsible=row.responsible_name or None,
        quote=span_from_row(row),
        value_text_span=span_from_row(row, "value_text"),
        value_max=row.value_max,
    )


def baseline_fields(baseline: domain.Baseline) -> dict[str, Any]:
    return {
        "indicator_name": baseline.indicator_name,
        "value": baseline.value,
        "unit": baseline.unit or "",
        "year": baseline.year,
        **span_fields(baseline.quote),
    }


def baseline_to_domain(row: Baseline) -> domain.Baseline:
    return domain.Baseline(
        doc_id=row.document.doc_id,
        indicator_name=row.indicator_name,
        value=row.value,
        unit=row.unit or None,
        year=row.year,
        quote=span_from_row(row),
        target_key=row.target.key if row.target else None,
    )


def duty_fields(duty: domain.ReportingDuty) -> dict[str, Any]:
    return {
        "what": duty.what,
        "frequency": duty.frequency.value,
        **deadline_fields(duty.deadline),
        "to": duty.to or "",
        "via": duty.via or "",
        **span_fields(duty.quote),
    }


def deadline_fields(deadline: Deadline | None) -> dict[str, Any]:
    """The columns of a duty's deadline: its text, and the parts of it to query by."""
    if deadline is None:
        return {
            "deadline_text": "",
            "deadline_day": None,
            "deadline_month": None,
            "deadline_year": None,
            "deadline_time": None,
        }
    return {
        "deadline_text": deadline.text,
        "deadline_day": deadline.day,
        "deadline_month": deadline.month,
        "deadline_year": deadline.year,
        "deadline_time": deadline.at,
    }


def duty_deadline(row: ReportingDuty) -> Deadline | None:
    """A stored duty's deadline, read from its text (rows written before the text read day/month)."""
    if row.deadline_text:
        return Deadline.parse(row.deadline_text)
    if row.deadline_day is not None and row.deadline_month is not None:
        return Deadline(row.deadline_day, row.deadline_month)
    return None


def duty_to_domain(row: ReportingDuty) -> domain.ReportingDuty:
    return domain.ReportingDuty(
        doc_id=row.document.doc_id,
        what=row.what,
        frequency=ReportingFrequency(row.frequency),
        deadline=duty_deadline(row),
        to=row.to or None,
        via=row.via or None,
        quote=span_from_row(row),
    )


def task_to_domain(row: Task) -> domain.Task:
    return domain.Task(
        doc_id=row.document.doc_id,
        key=row.key,
        description=row.description,
        assignments=tuple(
            domain.TaskAssignment(
                agency_name=a.agency_name,
                role=AgencyRole(a.role),
                agency_code=a.agency.code if a.agency else None,
            )
            for a in row.assignments.select_related("agency").order_by("position")
        ),
        quote=span_from_row(row),
    )


def agency_fields(agency: domain.Agency) -> dict[str, Any]:
    return {
        "name": agency.name,
        "short_name": agency.short_name or "",
        "province": agency.province or "",
        "valid_from": agency.valid_from,
        "valid_to": agency.valid_to,
        "aliases": list(agency.aliases),
        "note": agency.note or "",
    }


def agency_to_domain(row: Agency) -> domain.Agency:
    return domain.Agency(
        code=row.code,
        name=row.name,
        short_name=row.short_name or None,
        province=row.province or None,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        aliases=tuple(row.aliases),
        note=row.note or None,
    )


def unit_fields(unit: domain.AdministrativeUnit) -> dict[str, Any]:
    return {
        "name": unit.name,
        "level": unit.level.value,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "territory": unit.territory or "",
        "search_key": unit_search_key(unit.name),
    }


def unit_search_key(name: str) -> str:
    """What a unit picker compares a query with: "Tỉnh Kiên Giang" -> "tinh kien giang"."""
    return strip_diacritics(normalise_name(name))


def unit_to_domain(row: AdministrativeUnit, parent_code: str | None = None) -> domain.AdministrativeUnit:
    """``parent_code`` spares the query for the parent when the caller already has it."""
    return domain.AdministrativeUnit(
        code=row.code,
        name=row.name,
        level=UnitLevel(row.level),
        parent=parent_code or (row.parent.code if row.parent else None),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        territory=row.territory or None,
        official_code=row.official_code or None,
    )


def agency_succession_to_domain(row: AgencySuccession) -> domain.AgencySuccession:
    return domain.AgencySuccession(
        predecessor=row.predecessor.code,
        successor=row.successor.code,
        function=row.function,
        effective_on=row.effective_on,
        legal_basis=row.legal_basis,
        note=row.note or None,
    )


def unit_succession_to_domain(row: UnitSuccession) -> domain.UnitSuccession:
    return domain.UnitSuccession(
        kind=SuccessionKind(row.kind),
        predecessors=tuple(sorted(u.code for u in row.predecessors.all())),
        successors=tuple(sorted(u.code for u in row.successors.all())),
        effective_on=row.effective_on,
        legal_basis=row.legal_basis,
        note=row.note or None,
    )
