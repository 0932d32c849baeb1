"""Reads for the target page: evaluation and chart per territory, who monitors it then and now, the
same indicator elsewhere, and the full history of every figure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Max, QuerySet
from django.utils.safestring import SafeString, mark_safe

from planwatch.domain import model as domain
from planwatch.domain.vocabulary import ChangeState, Status, UnitLevel
from planwatch.evaluation import BaselinePoint, TargetSpec
from planwatch.reporting.chart import chart_data, chart_svg
from planwatch.web.agencies.selectors import MonitorResolver
from planwatch.web.catalogue.models import Target
from planwatch.web.catalogue.selectors import source_quote
from planwatch.web.figures.models import Observation, ObservationRevision, ProposedChange
from planwatch.web.figures.selectors import (
    EvaluationRow,
    TerritorySeries,
    baseline_for,
    target_evaluations,
    target_spec,
    unit_evaluations,
)
from planwatch.web.figures.services import observations_of
from planwatch.web.geography.models import AdministrativeUnit


@dataclass(frozen=True, slots=True)
class TerritoryView:
    series: TerritorySeries
    row: EvaluationRow
    chart: SafeString | None


# The page shows the latest changes; the full history is one click away (a target broken down by a
# hundred communes over ten years has a thousand revisions, too many to send every time).
HISTORY_SHOWN = 50


@dataclass(frozen=True, slots=True)
class TargetPage:
    target: Target
    quote: str | None
    baseline_year: int | None
    baseline_value: float | None
    baseline_year_assumed: bool
    territories: list[TerritoryView]
    monitor_chain: list[tuple[date | None, domain.Agency]]
    monitor_now: domain.Agency | None
    monitor_proposed: domain.Agency | None  # by the indicator's domain, when the document names none
    elsewhere: list[Target]
    history: list[ObservationRevision]
    history_total: int
    has_demo: bool
    has_real: bool
    proposals: list[ProposedChange]
    # The communes whose own figures of this series exist (a commune's registry writes its rates,
    # issue #18), each read as it is against the target; ``commune`` when one was asked for.
    communes: list[TerritoryView] = field(default_factory=list)
    commune_count: int = 0

    @property
    def quote_cells(self) -> list[str]:
        """A quote taken from a table row ("Tuổi thọ | Tuổi | 75,5") split into its cells; [] for prose."""
        if not self.quote or "|" not in self.quote:
            return []
        return [cell.strip() for cell in self.quote.split("|") if cell.strip()]


def target_get(pk: int, stamp: str | None = None) -> Target:
    """The target with its document, indicator and named agency.

    With ``stamp`` (``data_stamp()``, which changes with every document, target, indicator or agency),
    it is kept in the cache until the catalogue changes: each target page asks for it, and building
    this query through the ORM costs more than reading the copy kept.

    Raises:
        Target.DoesNotExist: no target has this key.
    """
    key = f"target:{pk}:{stamp}"
    target: Target | None = cache.get(key) if stamp else None
    if target is None:
        target = Target.objects.select_related("document", "indicator", "responsible_agency").get(pk=pk)
        if stamp:
            cache.set(key, target, timeout=600)
    return target


def target_page(
    target: Target,
    *,
    today: date,
    as_of: int | None = None,
    full_history: bool = False,
    language: str | None = None,
    commune: str | None = None,
) -> TargetPage:
    resolver = MonitorResolver.load()
    monitor_now = resolver.monitor_on(target, today)
    baseline, assumed = baseline_for(target)
    spec = target_spec(target)
    territories = []
    for series, row in target_evaluations(target, as_of, monitor_now.name if monitor_now else None):
        territories.append(TerritoryView(series, row, _chart(series, row, spec, baseline, as_of, language)))
    elsewhere = (
        list(
            target.indicator.targets.exclude(pk=target.pk)
            .select_related("document")
            .order_by("document__province", "document__issued_on", "position")
        )
        if target.indicator
        else []
    )
    observations = observations_of(target)
    commune_views, commune_count = _commune_views(
        target,
        observations,
        commune,
        as_of,
        baseline,
        spec,
        monitor_now.name if monitor_now else None,
        language,
    )
    revisions = (
        ObservationRevision.objects.filter(observation__in=observations)
        .select_related("observation__unit", "changed_by")
        .order_by("-changed_at", "-id")
    )
    total = revisions.count()
    return TargetPage(
        target=target,
        quote=source_quote(target.quote_file, target.quote_start, target.quote_end)
        or target.quote_text
        or None,
        baseline_year=baseline.year if baseline else None,
        baseline_value=baseline.value if baseline else None,
        baseline_year_assumed=assumed,
        territories=territories,
        monitor_chain=resolver.monitor_chain(target),
        monitor_now=monitor_now,
        monitor_proposed=None if monitor_now else resolver.proposed_monitor_on(target, today),
        elsewhere=elsewhere,
        history=list(revisions if full_history else revisions[:HISTORY_SHOWN]),
        history_total=total,
        has_demo=observations.filter(is_demo=True).exists(),
        has_real=observations.filter(is_demo=False).exists(),
        proposals=list(
            ProposedChange.objects.filter(observation__in=observations, state=ChangeState.PENDING.value)
            .select_related("observation__unit", "proposed_by")
            .order_by("proposed_at", "id")
        ),
        communes=commune_views,
        commune_count=commune_count,
    )


# How many communes' own figures the target page shows (the latest reported first); one asked for
# with ?xa= is always shown.
COMMUNES_SHOWN = 10


def _commune_views(
    target: Target,
    observations: QuerySet[Observation],
    asked: str | None,
    as_of: int | None,
    baseline: BaselinePoint | None,
    spec: TargetSpec,
    responsible_now: str | None,
    language: str | None,
) -> tuple[list[TerritoryView], int]:
    holding = (
        observations.filter(unit__level=UnitLevel.COMMUNE.value, period_type="year")
        .values("unit_id")
        .annotate(latest=Max("updated_at"))
        .order_by("-latest")
    )
    count = holding.count()
    ids = [row["unit_id"] for row in holding[:COMMUNES_SHOWN]]
    units = {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=ids)}
    chosen = [units[i] for i in ids if i in units]
    if asked:
        wanted = AdministrativeUnit.objects.filter(code=asked, level=UnitLevel.COMMUNE.value).first()
        if wanted is not None:
            chosen = [wanted, *(u for u in chosen if u.pk != wanted.pk)]
    views = []
    for series, row in unit_evaluations(target, chosen, as_of, responsible_now):
        shown = asked and series.territory == asked and series.points
        views.append(
            TerritoryView(
                series, row, _chart(series, row, spec, baseline, as_of, language) if shown else None
            )
        )
    return views, count


def _chart(
    series: TerritorySeries,
    row: EvaluationRow,
    spec: TargetSpec,
    baseline: BaselinePoint | None,
    as_of: int | None,
    language: str | None,
) -> SafeString | None:
    """The chart of one territory's series of a target, or None when there is nothing to draw."""
    target = series.target
    data = chart_data(
        f"{target.indicator_name} — {series.name}",
        spec,
        series.observations,
        baseline,
        unit=target.unit or None,
        as_of=as_of,
        status=Status(row.status),
        is_demo=series.is_demo,
        demo_years=series.demo_years,
        submitted_years=series.submitted_years,
    )
    # chart_svg escapes every text it draws: the string is safe to place in the page as it is.
    return mark_safe(chart_svg(data, language=language)) if data else None
