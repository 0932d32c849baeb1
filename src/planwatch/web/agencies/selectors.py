"""Reads of agencies: who monitors a target on a given day, through successions by function."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planwatch.domain import model as domain
from planwatch.domain.errors import NotFoundError
from planwatch.domain.succession import ALL_FUNCTIONS, agency_responsible_on
from planwatch.web.agencies.models import Agency, AgencySuccession
from planwatch.web.catalogue.mapping import agency_succession_to_domain, agency_to_domain
from planwatch.web.catalogue.models import Target


@dataclass(frozen=True, slots=True)
class MonitorResolver:
    """Resolves the agency a document names to the one carrying that function on a day.

    Loads the (small) agency tables once, so a page of many targets costs two queries.
    """

    agencies: dict[str, domain.Agency]
    successions: tuple[domain.AgencySuccession, ...]

    @classmethod
    def load(cls) -> MonitorResolver:
        return cls(
            agencies={a.code: agency_to_domain(a) for a in Agency.objects.all()},
            successions=tuple(
                agency_succession_to_domain(s)
                for s in AgencySuccession.objects.select_related("predecessor", "successor")
            ),
        )

    def monitor_on(self, target: Target, day: date) -> domain.Agency | None:
        """The agency that monitors ``target`` on ``day`` (domain.md §3: by the indicator's function),
        or None when the document names no agency or no successor is recorded for that function."""
        named = target.responsible_agency
        if named is None:
            return None
        function = (target.indicator.domain if target.indicator else "") or ALL_FUNCTIONS
        try:
            return agency_responsible_on(named.code, function, day, self.successions, self.agencies)
        except NotFoundError:
            return None
