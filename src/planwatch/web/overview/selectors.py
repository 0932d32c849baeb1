"""Reads for the dashboard (Tổng quan): evaluation rows filtered by province, document and year, and
their counts by status, group and monitoring agency."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from planwatch.domain.vocabulary import Status, UnitLevel
from planwatch.evaluation.scoring import BEST
from planwatch.web.catalogue.models import PolicyDocument, Target
from planwatch.web.figures.selectors import EvaluationRow, evaluation_rows_cached
from planwatch.web.geography.models import AdministrativeUnit, UnitSuccession
from planwatch.web.geography.selectors import unit_index

# Statuses that call for action, most urgent first (evaluation.md: colours and order of attention).
ATTENTION_ORDER = (
    Status.MISSED,
    Status.DETERIORATING,
    Status.LIMITED_PROGRESS,
    Status.NEEDS_ACCELERATION,
)


@dataclass(frozen=True, slots=True)
class ProvinceChoice:
    code: str
    label: str


@dataclass
class Tally:
    """Counts of rows by status and their mean score (−5…+5) for one group, agency or document."""

    name: str
    counts: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))
    scores: list[float] = field(default_factory=list)

    def add(self, row: EvaluationRow) -> None:
        self.counts[Status(row.status)] += 1
        if row.score is not None:
            self.scores.append(row.score)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mean_score(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None

    @property
    def needing_attention(self) -> int:
        return sum(self.counts[s] for s in ATTENTION_ORDER)

    def shares(self) -> list[tuple[Status, int, float]]:
        """(status, count, percent of the total) for the statuses present, for a stacked bar."""
        total = self.total or 1
        return [(s, n, 100 * n / total) for s, n in self.counts.items() if n]


@dataclass(frozen=True, slots=True)
class Dashboard:
    rows: list[EvaluationRow]
    overall: Tally
    by_document: list[tuple[PolicyDocument, Tally]]
    by_group: list[Tally]
    by_agency: list[Tally]
    attention: list[tuple[EvaluationRow, int | None]]
    target_pks: dict[tuple[str, str], int]
    has_demo: bool
    document_labels: dict[str, str] = field(default_factory=dict)


def province_choices(today: date) -> list[ProvinceChoice]:
    """Provinces as they stood before and after the 2025 reorganisation (domain.md §4), with dates."""
    choices = []
    provinces = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE.value).order_by(
        "name", "valid_from"
    )
    for unit in provinces:
        if unit.valid_to and unit.valid_to < today:
            label = _("%(name)s (đến %(day)s)") % {"name": unit.name, "day": f"{unit.valid_to:%d/%m/%Y}"}
        elif unit.valid_from:
            label = _("%(name)s (từ %(day)s)") % {"name": unit.name, "day": f"{unit.valid_from:%d/%m/%Y}"}
        else:
            label = unit.name
        choices.append(ProvinceChoice(code=unit.code, label=label))
    return choices


_PROVINCE_LEVELS = (UnitLevel.PROVINCE.value, UnitLevel.AREA.value)


def territories_of_province(code: str) -> frozenset[str]:
    """The territories a province's rows may carry: its own, those of the provinces merged into it and
    of the area units that continue them (Kiên Giang's series continues inside the new An Giang).
    An unknown code gives an empty set."""
    units = unit_index().units
    by_code = {u.code: u for u in units.values() if u.level in _PROVINCE_LEVELS}
    chosen = by_code.get(code)
    if chosen is None:
        return frozenset()
    predecessors: dict[int, set[int]] = defaultdict(set)
    areas: dict[int | None, set[int]] = defaultdict(set)
    for unit in units.values():
        if unit.level == UnitLevel.AREA.value:
            areas[unit.parent_id].add(unit.pk)
    # Only the province-level successions matter here (not the 3,321 communes' ones).
    successions = UnitSuccession.objects.filter(successors__level__in=_PROVINCE_LEVELS).distinct()
    for succession in successions.prefetch_related("predecessors", "successors"):
        for successor in succession.successors.all():
            predecessors[successor.pk].update(p.pk for p in succession.predecessors.all())
    found, stack = {chosen.pk}, [chosen.pk]
    while stack:
        current = stack.pop()
        for pk in (predecessors[current] | areas[current]) - found:
            found.add(pk)
            stack.append(pk)
    return frozenset(units[pk].territory or units[pk].code for pk in found)


_NUMBERED_GROUP = re.compile(r"^Nhóm chỉ tiêu \((\d+)\)$")


def agency_of(row: EvaluationRow) -> str:
    """The agency a row is followed by today, as the dashboard names and filters it."""
    return row.responsible_now or row.responsible or _("(chưa rõ đơn vị theo dõi)")


def agency_choices(*, province: str | None = None, document: PolicyDocument | None = None) -> list[str]:
    """The agencies that follow at least one target of the rows shown, by name ("unknown" last)."""
    rows = _rows(province, document, None)
    return sorted({agency_of(r) for r in rows}, key=lambda name: (name.startswith("("), name))


def _rows(province: str | None, document: PolicyDocument | None, as_of: int | None) -> list[EvaluationRow]:
    rows = evaluation_rows_cached(document, as_of)
    if province:
        territories = territories_of_province(province)
        rows = [r for r in rows if r.territory in territories]
    return rows


def group_name(group: str | None, document: PolicyDocument | None, indicators: list[str]) -> str:
    """A group as the document names it, with the document's label; a group the document only numbers
    ("(2) …" under "04 nhóm chỉ tiêu") is named by its number and first indicators."""
    label = document.label if document else ""
    if not group:
        name = _("(không nhóm)")
    elif (numbered := _NUMBERED_GROUP.match(group)) is not None:
        shown = ", ".join(indicators[:2]) + ("…" if len(indicators) > 2 else "")
        name = _("Nhóm %(n)s: %(indicators)s") % {"n": numbered.group(1), "indicators": shown}
    else:
        name = group
    return f"{name} — {label}" if label else name


def dashboard(
    *,
    province: str | None = None,
    document: PolicyDocument | None = None,
    as_of: int | None = None,
    agency: str | None = None,
) -> Dashboard:
    rows = _rows(province, document, as_of)
    if agency:
        rows = [r for r in rows if agency_of(r) == agency]
    overall = Tally("")
    documents: dict[str, Tally] = {}
    grouped: dict[tuple[str, str], list[EvaluationRow]] = {}
    agencies: dict[str, Tally] = {}
    for row in rows:
        overall.add(row)
        documents.setdefault(row.doc_id, Tally(row.doc_id)).add(row)
        grouped.setdefault((row.doc_id, row.group or ""), []).append(row)
        name = agency_of(row)
        agencies.setdefault(name, Tally(name)).add(row)
    by_pk = {d.doc_id: d for d in PolicyDocument.objects.filter(doc_id__in=documents)}
    groups: dict[tuple[str, str], Tally] = {}
    for (doc_id, group), members in grouped.items():
        indicators = list(dict.fromkeys(r.indicator for r in members))
        tally = Tally(group_name(group, by_pk.get(doc_id), indicators))
        for row in members:
            tally.add(row)
        groups[(doc_id, group)] = tally
    target_pks = {
        (doc_id, key): pk
        for doc_id, key, pk in Target.objects.filter(document__doc_id__in=documents).values_list(
            "document__doc_id", "key", "pk"
        )
    }
    urgent = [r for r in rows if Status(r.status) in ATTENTION_ORDER]
    urgent.sort(
        key=lambda r: (ATTENTION_ORDER.index(Status(r.status)), r.score if r.score is not None else BEST)
    )
    return Dashboard(
        rows=rows,
        overall=overall,
        by_document=[(by_pk[doc_id], tally) for doc_id, tally in documents.items() if doc_id in by_pk],
        by_group=sorted(groups.values(), key=lambda t: (-t.needing_attention, t.name)),
        by_agency=sorted(agencies.values(), key=lambda t: (-t.needing_attention, t.name)),
        attention=[(r, target_pks.get((r.doc_id, r.target))) for r in urgent[:12]],
        target_pks=target_pks,
        has_demo=any(r.is_demo for r in rows),
        document_labels={doc_id: d.label for doc_id, d in by_pk.items()},
    )
