"""Reads of agencies: who monitors a target on a given day, through successions by function."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max

from planwatch.catalogue.departments import proposed_department, province_slug
from planwatch.domain import model as domain
from planwatch.domain.errors import NotFoundError
from planwatch.domain.succession import ALL_FUNCTIONS, agency_responsible_on, successions_by_predecessor
from planwatch.domain.text import short_place_name
from planwatch.domain.vocabulary import AgencyRole
from planwatch.web.agencies.models import Agency, AgencySuccession
from planwatch.web.catalogue.mapping import agency_succession_to_domain, agency_to_domain
from planwatch.web.catalogue.models import PolicyDocument, Target, TaskAssignment
from planwatch.web.geography.models import AdministrativeUnit


@dataclass(frozen=True, slots=True)
class MonitorResolver:
    """Resolves the agency a document names to the one carrying that function on a day.

    Every province's departments make the tables large (~1,700 agencies, ~1,600 successions), so
    each process keeps one resolver until either table changes: a page costs one small statement.
    """

    agencies: dict[str, domain.Agency]
    successions: tuple[domain.AgencySuccession, ...]
    by_predecessor: dict[str, tuple[domain.AgencySuccession, ...]]

    @classmethod
    def load(cls) -> MonitorResolver:
        global _kept
        stamp = _agency_stamp()
        with _kept_lock:
            if _kept is None or _kept[0] != stamp:
                successions = tuple(
                    agency_succession_to_domain(s)
                    for s in AgencySuccession.objects.select_related("predecessor", "successor")
                )
                resolver = cls(
                    agencies={a.code: agency_to_domain(a) for a in Agency.objects.all()},
                    successions=successions,
                    by_predecessor=successions_by_predecessor(successions),
                )
                _kept = (stamp, resolver)
            return _kept[1]

    def monitor_on(self, target: Target, day: date) -> domain.Agency | None:
        """The agency that monitors ``target`` on ``day`` (domain.md §3: by the indicator's function),
        or None when the document names no agency or no successor is recorded for that function."""
        named = target.responsible_agency
        if named is None:
            return None
        function = (target.indicator.domain if target.indicator else "") or ALL_FUNCTIONS
        try:
            return agency_responsible_on(named.code, function, day, self.by_predecessor, self.agencies)
        except NotFoundError:
            return None

    def proposed_monitor_on(self, target: Target, day: date) -> domain.Agency | None:
        """For a target whose document names no monitoring agency: the department of the document's
        province that its indicator's domain belongs to (planwatch.catalogue.departments), carried to
        ``day`` by the successions. A proposal, to be shown as such; None when there is no rule."""
        if target.responsible_agency is not None or target.indicator is None:
            return None
        domain_code = target.indicator.domain or ""
        code = proposed_department(domain_code, province_slug(target.document.province or ""))
        if code is None or code not in self.agencies:
            return None
        try:
            return agency_responsible_on(code, domain_code, day, self.by_predecessor, self.agencies)
        except NotFoundError:
            return None

    def monitor_chain(self, target: Target) -> list[tuple[date | None, domain.Agency]]:
        """Who monitored ``target`` over time: (from which day, agency), the named agency first (None)."""
        named = target.responsible_agency
        if named is None:
            return []
        chain: list[tuple[date | None, domain.Agency]] = [(None, self.agencies[named.code])]
        for day in sorted({s.effective_on for s in self.successions}):
            monitor = self.monitor_on(target, day)
            if monitor is not None and monitor.code != chain[-1][1].code:
                chain.append((day, monitor))
        return chain

    def agency_now(self, code: str, day: date) -> domain.Agency | None:
        """The agency that carries all the functions of ``code`` not given away on ``day``."""
        try:
            return agency_responsible_on(code, ALL_FUNCTIONS, day, self.by_predecessor, self.agencies)
        except NotFoundError:
            return None

    def coordinator_on(self, document: PolicyDocument, day: date) -> domain.Agency | None:
        """The agency that coordinates ``document`` on ``day``: the one the document names as focal
        point (đầu mối), else the lead (chủ trì) of its first task — 219/KH-UBND: Sở LĐTBXH Kiên
        Giang, today Sở Nội vụ tỉnh An Giang. None when the document names neither."""
        code = document_coordinator_code(document)
        return self.agency_now(code, day) if code else None


_kept_lock = threading.Lock()
_kept: tuple[str, MonitorResolver] | None = None


def _agency_stamp() -> str:
    """Changes whenever an agency or an agency succession is added, removed or changed."""
    agencies = Agency.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
    successions = AgencySuccession.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
    return f"{agencies}:{successions}"


def document_coordinator_code(document: PolicyDocument) -> str | None:
    """The code of the agency ``document`` itself names as its coordinator (see ``coordinator_on``)."""
    assignments = list(
        TaskAssignment.objects.filter(task__document=document)
        .select_related("agency", "task")
        .order_by("task__position", "position")
    )
    focal = [a for a in assignments if a.role == AgencyRole.FOCAL_POINT.value and a.agency]
    first_task = assignments[0].task_id if assignments else None
    leads = [
        a for a in assignments if a.task_id == first_task and a.role == AgencyRole.LEAD.value and a.agency
    ]
    chosen = (focal or leads)[:1]
    return chosen[0].agency.code if chosen and chosen[0].agency else None


def agencies_of_province(province: AdministrativeUnit, day: date) -> list[Agency]:
    """The agencies of ``province`` that exist on ``day`` (its name as the agencies record it: "An
    Giang"; a former province of a merged one's name: "An Giang (cũ)")."""
    label = short_place_name(province.name)
    if province.valid_to is not None and Agency.objects.filter(province=f"{label} (cũ)").exists():
        label = f"{label} (cũ)"
    return [
        agency
        for agency in Agency.objects.filter(province=label).order_by("name")
        if (agency.valid_from is None or agency.valid_from <= day)
        and (agency.valid_to is None or day <= agency.valid_to)
    ]
