"""The built-in catalogue: documents, indicators, targets, agencies and units of the corpus.

The JSON files in ``data/`` were written by ``tools/build_catalogue.py`` from the hand-checked
annotation. They hold facts (names, figures, dates) and, for every sentence, only where it sits in
its source file (:class:`SourceSpan`), never the sentence itself: :func:`read_quote` reads it back
when the corpus is at hand.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from planwatch.domain.deadlines import Deadline
from planwatch.domain.errors import CatalogueError
from planwatch.domain.model import (
    AdministrativeUnit,
    Agency,
    AgencySuccession,
    Baseline,
    Indicator,
    PolicyDocument,
    ReportingDuty,
    SourceSpan,
    Target,
    Task,
    TaskAssignment,
    UnitSuccession,
)
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

DATA_FILES = (
    "documents.json",
    "indicators.json",
    "indicator_links.json",
    "target_kind_overrides.json",
    "target_corrections.json",
    "targets.json",
    "baselines.json",
    "reporting.json",
    "tasks.json",
    "agencies.json",
    "agency_successions.json",
    "units.json",
    "unit_successions.json",
)

_T = TypeVar("_T")
_E = TypeVar("_E", Aggregation, PeriodAggregation, Disaggregation)
Record = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Everything the catalogue holds, in the order of its data files."""

    documents: tuple[PolicyDocument, ...]
    indicators: tuple[Indicator, ...]
    targets: tuple[Target, ...]
    baselines: tuple[Baseline, ...]
    reporting_duties: tuple[ReportingDuty, ...]
    tasks: tuple[Task, ...]
    agencies: tuple[Agency, ...]
    agency_successions: tuple[AgencySuccession, ...]
    units: tuple[AdministrativeUnit, ...]
    unit_successions: tuple[UnitSuccession, ...]


def read_data_file(name: str) -> Any:
    """The decoded content of one packaged data file (``documents.json`` …)."""
    resource = resources.files("planwatch.catalogue").joinpath("data", name)
    return json.loads(resource.read_text(encoding="utf-8"))


def _items(name: str) -> list[Record]:
    content = read_data_file(name)
    items = content["items"] if isinstance(content, dict) else content
    if not isinstance(items, list):
        raise CatalogueError(f"{name}: 'items' is not a list")
    return items


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _span(value: Any) -> SourceSpan | None:
    if value is None:
        return None
    return SourceSpan(file=str(value["file"]), start=int(value["start"]), end=int(value["end"]))


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _deadline(r: Record) -> Deadline | None:
    """A duty's deadline: its text (``"deadline": "30/01 năm tiếp theo"``), or ``deadline_day`` and
    ``deadline_month`` (``15``, ``11``)."""
    if r.get("deadline"):
        return Deadline.parse(str(r["deadline"]))
    day, month = _opt_int(r.get("deadline_day")), _opt_int(r.get("deadline_month"))
    return Deadline(day, month) if day is not None and month is not None else None


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def document_from_record(r: Record) -> PolicyDocument:
    return PolicyDocument(
        doc_id=r["doc_id"],
        kind=DocumentKind(r["kind"]),
        number=_opt_str(r.get("number")),
        issuer=r["issuer"],
        title=r["title"],
        issued_on=_date(r.get("issued_on")),
        province=_opt_str(r.get("province")),
        parents=tuple(r.get("parents", ())),
        is_stub=bool(r.get("is_stub", False)),
        source_file=_opt_str(r.get("source_file")),
    )


def _vocabulary(vocabulary: type[_E], value: Any, field: str, code: str) -> _E:
    try:
        return vocabulary(value)
    except ValueError:
        known = ", ".join(member.value for member in vocabulary)
        raise CatalogueError(f"indicator '{code}': {field} '{value}' is not one of {known}") from None


def indicator_from_record(r: Record) -> Indicator:
    """An indicator of ``indicators.json``; its definition fields are required (one record defines it).

    Raises:
        CatalogueError: a definition field is missing or outside its vocabulary, or the definition
            contradicts itself (:meth:`Indicator.definition_problems`).
    """
    code = r["code"]
    missing = [
        f for f in ("definition", "aggregation", "period_aggregation", "disaggregations") if f not in r
    ]
    if missing:
        raise CatalogueError(f"indicator '{code}': no {', '.join(missing)} in indicators.json")
    if not isinstance(r["disaggregations"], list):
        raise CatalogueError(f"indicator '{code}': disaggregations is not a list")
    indicator = Indicator(
        code=code,
        name=r["name"],
        unit=_opt_str(r.get("unit")),
        direction=Direction(r.get("direction", Direction.UNKNOWN)),
        lower_limit=_opt_float(r.get("lower_limit")),
        upper_limit=_opt_float(r.get("upper_limit")),
        domain=_opt_str(r.get("domain")),
        definition=str(r["definition"]),
        aggregation=_vocabulary(Aggregation, r["aggregation"], "aggregation", code),
        numerator=_opt_str(r.get("numerator")),
        denominator=_opt_str(r.get("denominator")),
        weight=_opt_str(r.get("weight")),
        period_aggregation=_vocabulary(
            PeriodAggregation, r["period_aggregation"], "period_aggregation", code
        ),
        disaggregations=tuple(
            _vocabulary(Disaggregation, d, "disaggregation", code) for d in r["disaggregations"]
        ),
        reason=str(r.get("reason") or ""),
        is_element=bool(r.get("element", False)),
    )
    problems = indicator.definition_problems()
    if problems:
        raise CatalogueError(f"indicator '{code}': {'; '.join(problems)}")
    return indicator


def target_from_record(r: Record) -> Target:
    return Target(
        doc_id=r["doc_id"],
        key=r["key"],
        group=_opt_str(r.get("group")),
        indicator_name=r["indicator_name"],
        indicator_code=_opt_str(r.get("indicator_code")),
        unit=_opt_str(r.get("unit")),
        comparator=Comparator(r["comparator"]),
        value=_opt_float(r.get("value")),
        value_text=_opt_str(r.get("value_text")),
        target_year=_opt_int(r.get("target_year")),
        kind=TargetKind(r.get("kind", TargetKind.STATE)),
        scope=_opt_str(r.get("scope")),
        responsible=_opt_str(r.get("responsible")),
        quote=_span(r.get("quote")),
        value_text_span=_span(r.get("value_text_span")),
        value_max=_opt_float(r.get("value_max")),
    )


def baseline_from_record(r: Record) -> Baseline:
    return Baseline(
        doc_id=r["doc_id"],
        indicator_name=r["indicator_name"],
        value=float(r["value"]),
        unit=_opt_str(r.get("unit")),
        year=_opt_int(r.get("year")),
        quote=_span(r.get("quote")),
        target_key=_opt_str(r.get("target_key")),
    )


def reporting_from_record(r: Record) -> ReportingDuty:
    return ReportingDuty(
        doc_id=r["doc_id"],
        what=r["what"],
        frequency=ReportingFrequency(r["frequency"]),
        deadline=_deadline(r),
        to=_opt_str(r.get("to")),
        via=_opt_str(r.get("via")),
        quote=_span(r.get("quote")),
    )


def task_from_record(r: Record) -> Task:
    return Task(
        doc_id=r["doc_id"],
        key=r["key"],
        description=r["description"],
        assignments=tuple(
            TaskAssignment(
                agency_name=a["agency_name"],
                role=AgencyRole(a["role"]),
                agency_code=_opt_str(a.get("agency_code")),
            )
            for a in r["assignments"]
        ),
        quote=_span(r.get("quote")),
    )


def agency_from_record(r: Record) -> Agency:
    return Agency(
        code=r["code"],
        name=r["name"],
        short_name=_opt_str(r.get("short_name")),
        province=_opt_str(r.get("province")),
        valid_from=_date(r.get("valid_from")),
        valid_to=_date(r.get("valid_to")),
        aliases=tuple(r.get("aliases", ())),
        note=_opt_str(r.get("note")),
    )


def agency_succession_from_record(r: Record) -> AgencySuccession:
    effective_on = _date(r["effective_on"])
    assert effective_on is not None
    return AgencySuccession(
        predecessor=r["predecessor"],
        successor=r["successor"],
        function=r["function"],
        effective_on=effective_on,
        legal_basis=r["legal_basis"],
        note=_opt_str(r.get("note")),
    )


def unit_from_record(r: Record) -> AdministrativeUnit:
    return AdministrativeUnit(
        code=r["code"],
        name=r["name"],
        level=UnitLevel(r["level"]),
        parent=_opt_str(r.get("parent")),
        valid_from=_date(r.get("valid_from")),
        valid_to=_date(r.get("valid_to")),
        territory=_opt_str(r.get("territory")),
    )


def unit_succession_from_record(r: Record) -> UnitSuccession:
    effective_on = _date(r["effective_on"])
    assert effective_on is not None
    return UnitSuccession(
        kind=SuccessionKind(r["kind"]),
        predecessors=tuple(r["predecessors"]),
        successors=tuple(r["successors"]),
        effective_on=effective_on,
        legal_basis=r["legal_basis"],
        note=_opt_str(r.get("note")),
    )


def _index(items: Iterable[_T], key: Callable[[_T], str], what: str) -> dict[str, _T]:
    index: dict[str, _T] = {}
    for item in items:
        if key(item) in index:
            raise CatalogueError(f"{what} id '{key(item)}' appears twice")
        index[key(item)] = item
    return index


def _require(known: Mapping[str, object], key: str | None, what: str, where: str) -> None:
    if key is not None and key not in known:
        raise CatalogueError(f"{where} refers to {what} '{key}', which the catalogue does not hold")


def _require_elements(indicators: Mapping[str, Indicator], indicator: Indicator) -> None:
    """Every element a ratio or weighted mean names is a summed indicator of the catalogue, so that
    observations can hold its figures and the indicator rolls up (decision 0010)."""
    for role, code in (
        ("numerator", indicator.numerator),
        ("denominator", indicator.denominator),
        ("weight", indicator.weight),
    ):
        if code is None:
            continue
        element = indicators.get(code)
        if element is None:
            raise CatalogueError(
                f"indicator '{indicator.code}': its {role} '{code}' is not a data element of the catalogue"
            )
        if element.aggregation is not Aggregation.SUM:
            raise CatalogueError(
                f"indicator '{indicator.code}': its {role} '{code}' is not summed across places "
                f"('{element.aggregation.value}')"
            )


def validate(catalogue: Catalogue) -> None:
    """Check every cross-reference of the catalogue.

    Raises:
        CatalogueError: a duplicate id, or an id that points at nothing.
    """
    documents = _index(catalogue.documents, lambda d: d.doc_id, "document")
    indicators = _index(catalogue.indicators, lambda i: i.code, "indicator")
    agencies = _index(catalogue.agencies, lambda a: a.code, "agency")
    units = _index(catalogue.units, lambda u: u.code, "unit")
    targets = _index(catalogue.targets, lambda t: f"{t.doc_id}/{t.key}", "target")
    _index(catalogue.tasks, lambda t: f"{t.doc_id}/{t.key}", "task")
    for document in catalogue.documents:
        for parent in document.parents:
            _require(documents, parent, "document", f"document {document.doc_id}")
    for indicator in catalogue.indicators:
        _require_elements(indicators, indicator)
    for target in catalogue.targets:
        _require(documents, target.doc_id, "document", f"target {target.doc_id}/{target.key}")
        _require(indicators, target.indicator_code, "indicator", f"target {target.doc_id}/{target.key}")
    for baseline in catalogue.baselines:
        _require(documents, baseline.doc_id, "document", f"baseline '{baseline.indicator_name}'")
        if baseline.target_key is not None:
            _require(targets, f"{baseline.doc_id}/{baseline.target_key}", "target", "a baseline")
    for duty in catalogue.reporting_duties:
        _require(documents, duty.doc_id, "document", f"reporting duty '{duty.what}'")
    for task in catalogue.tasks:
        _require(documents, task.doc_id, "document", f"task {task.doc_id}/{task.key}")
        for assignment in task.assignments:
            _require(agencies, assignment.agency_code, "agency", f"task {task.doc_id}/{task.key}")
    for succession in catalogue.agency_successions:
        _require(agencies, succession.predecessor, "agency", "an agency succession")
        _require(agencies, succession.successor, "agency", "an agency succession")
    for unit in catalogue.units:
        _require(units, unit.parent, "unit", f"unit {unit.code}")
    for unit_succession in catalogue.unit_successions:
        for code in (*unit_succession.predecessors, *unit_succession.successors):
            _require(units, code, "unit", "a unit succession")


def build_catalogue() -> Catalogue:
    """Read and check the packaged data files (uncached: :func:`load_catalogue` caches it)."""
    try:
        catalogue = Catalogue(
            documents=tuple(map(document_from_record, _items("documents.json"))),
            indicators=tuple(map(indicator_from_record, _items("indicators.json"))),
            targets=tuple(map(target_from_record, _items("targets.json"))),
            baselines=tuple(map(baseline_from_record, _items("baselines.json"))),
            reporting_duties=tuple(map(reporting_from_record, _items("reporting.json"))),
            tasks=tuple(map(task_from_record, _items("tasks.json"))),
            agencies=tuple(map(agency_from_record, _items("agencies.json"))),
            agency_successions=tuple(map(agency_succession_from_record, _items("agency_successions.json"))),
            units=tuple(map(unit_from_record, _items("units.json"))),
            unit_successions=tuple(map(unit_succession_from_record, _items("unit_successions.json"))),
        )
    except (KeyError, ValueError, TypeError) as error:
        raise CatalogueError(f"a catalogue data file is malformed: {error!r}") from error
    validate(catalogue)
    return catalogue


@functools.cache
def load_catalogue() -> Catalogue:
    """The built-in catalogue, read once per process.

    Raises:
        CatalogueError: the data files contradict themselves.
    """
    return build_catalogue()


def indicator_link_overrides() -> dict[tuple[str, str], str]:
    """The hand corrections to automatic indicator linking: (doc_id, key) -> indicator code."""
    return {(r["doc_id"], r["key"]): r["indicator_code"] for r in _items("indicator_links.json")}


def target_kind_overrides() -> dict[tuple[str, str], TargetKind]:
    """Targets whose kind the general rule gets wrong: (doc_id, key) -> kind."""
    return {(r["doc_id"], r["key"]): TargetKind(r["kind"]) for r in _items("target_kind_overrides.json")}


def target_corrections() -> dict[tuple[str, str], dict[str, Any]]:
    """Targets whose annotated comparator, value or unit were corrected (decision 0007):
    (doc_id, key) -> the corrected fields as stored (``comparator``, ``value``, ``value_max``, ``unit``)."""
    return {(r["doc_id"], r["key"]): dict(r["fields"]) for r in _items("target_corrections.json")}


@functools.lru_cache(maxsize=16)
def _source_text(path: Path) -> str:
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


def read_quote(span: SourceSpan, corpus: Path) -> str | None:
    """The source text at ``span`` when its file is in the ``corpus`` folder, else None.

    The file is read as UTF-8 and normalised to NFC, the text the offsets were taken from.
    """
    path = corpus / span.file
    if not path.is_file():
        return None
    return span.read(_source_text(path.resolve()))


def target_value_text(target: Target, corpus: Path | None = None) -> str | None:
    """The target's value as written (``dưới 2``), read from the corpus when only its span is kept.

    Whitespace is collapsed, so a table's ``<`` and ``3`` on two lines read ``< 3``.
    """
    if target.value_text is not None:
        return target.value_text
    if target.value_text_span is None or corpus is None:
        return None
    text = read_quote(target.value_text_span, corpus)
    return None if text is None else " ".join(text.split())
