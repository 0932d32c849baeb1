"""Reads of figures: the series of a target per territory and its evaluation."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection
from django.db.models import Model, Prefetch
from django.utils import timezone

from planwatch.analytics.territory import SeriesPoint, UnitFigure, is_additive, territory_series
from planwatch.domain.model import Observation
from planwatch.domain.text import normalise_name, place_name_keys, short_place_name
from planwatch.domain.vocabulary import Assessment, Comparator, Status, TargetKind, ValueState
from planwatch.evaluation import BaselinePoint, Evaluation, TargetSpec, evaluate, explain
from planwatch.web.agencies.models import Agency, AgencySuccession
from planwatch.web.agencies.selectors import MonitorResolver
from planwatch.web.caching import computed_once
from planwatch.web.catalogue.models import Baseline, Indicator, PolicyDocument, Target
from planwatch.web.catalogue.selectors import target_list_for_document
from planwatch.web.figures.models import DataValue
from planwatch.web.geography.models import AdministrativeUnit, UnitSuccession
from planwatch.web.geography.selectors import communes_by_territory, unit_index

# Figures a coordinator has not yet received do not count (a draft can still change).
COUNTED_STATES = (ValueState.SUBMITTED.value, ValueState.APPROVED.value)


@dataclass(frozen=True, slots=True)
class EvaluationRow:
    """One target in one territory at an as-of year: the fields of ``planwatch evaluate --json``."""

    document: str | None
    doc_id: str
    target: str
    group: str | None
    indicator: str
    scope: str | None
    unit_area: str
    territory: str
    comparator: str
    target_value: float | None
    target_year: int | None
    unit: str | None
    baseline_year: int | None
    baseline_value: float | None
    baseline_year_assumed: bool
    latest_year: int | None
    latest_value: float | str | None
    status: str
    status_label: str
    ratio: float | None
    share_covered: float | None
    projected: float | None
    score: float | None
    explanation: str
    responsible: str | None
    responsible_now: str | None
    is_demo: bool

    def as_json(self) -> dict[str, Any]:
        record = asdict(self)
        ratio = record["ratio"]
        if ratio is not None and ratio in (float("inf"), float("-inf")):
            record["ratio"] = "inf" if ratio > 0 else "-inf"
        return record


def evaluation_rows(document: PolicyDocument | None = None, as_of: int | None = None) -> list[EvaluationRow]:
    """Every target of ``document`` (or of the catalogue) evaluated in its home territory and in every
    other territory that has figures for it."""
    targets = list(
        target_list_for_document(document)
        .filter(document__is_stub=False)
        .prefetch_related(Prefetch("document__baselines", queryset=Baseline.objects.order_by("position")))
    )
    monitors = MonitorResolver.load()
    today = timezone.localdate()
    return [
        _row(series, as_of, monitor.name if (monitor := monitors.monitor_on(series.target, today)) else None)
        for series in territory_series_for_targets(targets)
    ]


@dataclass(frozen=True, slots=True)
class TerritorySeries:
    """The figures of one target in one territory, as evaluation reads them."""

    target: Target
    territory: str
    name: str
    points: list[SeriesPoint]
    is_demo: bool

    @property
    def observations(self) -> list[Observation]:
        return [Observation(year=p.year, value=p.value) for p in self.points]


def territory_series_for_targets(targets: list[Target]) -> list[TerritorySeries]:
    """For each target: its home territory first, then every other territory with counted figures."""
    values_by_target = _counted_values([t.pk for t in targets])
    units, communes, home_by_province = _unit_maps()
    found: list[TerritorySeries] = []
    for target in targets:
        values = values_by_target.get(target.pk, [])
        figures = [_unit_figure(v, units[v.unit_id]) for v in values]
        home = home_by_province.get(normalise_name(target.document.province))
        others = sorted({f.territory for f in figures if not f.is_commune} - ({home[0]} if home else set()))
        territories = ([home] if home else []) + [(t, _territory_name(t, units)) for t in others]
        is_demo = any(v.is_demo for v in values)
        for territory, name in territories:
            points = territory_series(
                figures,
                territory,
                additive=is_additive(target.unit or None),
                communes_in_territory=communes,
            )
            found.append(TerritorySeries(target, territory, name, points, is_demo))
    return found


def evaluation_rows_cached(
    document: PolicyDocument | None = None, as_of: int | None = None
) -> list[EvaluationRow]:
    """``evaluation_rows``, kept until a figure or a target changes.

    Evaluating the whole catalogue takes from ~150 ms (the demo figures) to seconds (ten years of a
    hundred communes); pages ask for it on every request. The key holds ``data_stamp()``, so a change
    made by another process (the CLI, an import) is seen on the next request; one server process
    computes it for all of them (web.caching).
    """
    key = f"evaluation-rows:{document.pk if document else '*'}:{as_of}:{data_stamp()}"
    return computed_once(key, lambda: evaluation_rows(document, as_of), timeout=600)


# What territories, communes and home provinces are made of.
_UNIT_TABLES = (AdministrativeUnit, UnitSuccession)


def data_stamp() -> str:
    """A fingerprint of everything evaluation reads; it changes whenever any of it changes.

    The highest id and latest change of the figures (a figure is never deleted on its own, only with
    its target, which the target count sees), and the count and latest change of the catalogue tables.
    """
    figures = DataValue._meta.db_table
    return _table_stamp(
        [f"(SELECT MAX(id) FROM {figures})", f"(SELECT MAX(updated_at) FROM {figures})"],
        (PolicyDocument, Target, Baseline, Indicator, Agency, AgencySuccession, *_UNIT_TABLES),
    )


def table_stamp(*models: type[Model]) -> str:
    """A fingerprint of the rows of ``models`` (timestamped tables): it changes with every change."""
    return _table_stamp([], models)


def _table_stamp(extra: list[str], models: tuple[type[Model], ...]) -> str:
    """One round trip of scalar subqueries, each answered from an index or a small table: ``extra``
    and the count and latest change of each model's table, as a cache-key-safe digest."""
    parts = list(extra)
    for model in models:
        table = model._meta.db_table
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX(updated_at) FROM {table})"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return _digest(repr(row))


def _digest(text: str) -> str:
    """A cache-key-safe fingerprint (memcached keys allow no spaces)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class CountedValue:
    """The part of a counted figure evaluation reads (plain tuples: a catalogue with ten years of
    figures for a hundred units holds ~170,000 of them, and model instances cost 5× more)."""

    target_id: int
    unit_id: int
    year: int
    value: float | None
    assessment: str
    is_demo: bool


def _counted_values(target_ids: list[int]) -> dict[int, list[CountedValue]]:
    grouped: dict[int, list[CountedValue]] = defaultdict(list)
    rows = (
        DataValue.objects.filter(target_id__in=target_ids, state__in=COUNTED_STATES)
        .order_by("year", "-unit__valid_from")
        .values_list("target_id", "unit_id", "year", "value", "assessment", "is_demo")
    )
    for row in rows:
        grouped[row[0]].append(CountedValue(*row))
    return grouped


def _unit_figure(value: CountedValue, unit: AdministrativeUnit) -> UnitFigure:
    figure: float | Assessment = (
        Assessment(value.assessment) if value.assessment else float(value.value or 0.0)
    )
    return UnitFigure(
        unit_code=unit.code,
        territory=unit.territory or unit.code,
        is_commune=unit.level == "commune",
        year=value.year,
        value=figure,
    )


def _unit_maps() -> tuple[
    dict[int, AdministrativeUnit], dict[str, frozenset[str]], dict[str, tuple[str, str]]
]:
    """Units by id, the communes of each territory and each province's home territory, kept in the
    process's memory until a unit or a unit succession changes (every page of targets needs them).

    Not in the cache: with the whole country (14,000 units) the cache's copy took ~0.3 s to unpickle
    on every page; the units come from the process's unit index (geography.selectors.unit_index).
    """
    global _unit_maps_kept
    key = table_stamp(*_UNIT_TABLES)
    if _unit_maps_kept is None or _unit_maps_kept[0] != key:
        units = unit_index().units
        _unit_maps_kept = (key, (units, communes_by_territory(), _home_territories(units)))
    return _unit_maps_kept[1]


_unit_maps_kept: (
    tuple[str, tuple[dict[int, AdministrativeUnit], dict[str, frozenset[str]], dict[str, tuple[str, str]]]]
    | None
) = None


def _home_territories(units: dict[int, AdministrativeUnit]) -> dict[str, tuple[str, str]]:
    """Normalised province name -> (territory, display name) of the province as it stood first."""
    homes: dict[str, tuple[str, str]] = {}
    provinces = sorted(
        (u for u in units.values() if u.level == "province"),
        key=lambda u: (u.valid_from is not None, u.valid_from),
    )
    for unit in provinces:
        for key in place_name_keys(unit.name):
            homes.setdefault(key, (unit.territory or unit.code, short_place_name(unit.name)))
    return homes


def _territory_name(territory: str, units: dict[int, AdministrativeUnit]) -> str:
    named = [u for u in units.values() if (u.territory or u.code) == territory and u.level != "commune"]
    latest = max(named, key=lambda u: (u.valid_from is not None, u.valid_from))
    return short_place_name(latest.name)


def baseline_for(target: Target) -> tuple[BaselinePoint | None, bool]:
    """The target's baseline and whether its year was assumed (domain.md §2: issue year − 1)."""
    linked: list[Baseline] = list(target.baselines.all())
    if not linked:
        wanted = normalise_name(target.indicator_name)
        linked = [b for b in target.document.baselines.all() if normalise_name(b.indicator_name) == wanted]
    if not linked:
        return None, False
    baseline = linked[0]
    if baseline.year is not None:
        return BaselinePoint(year=baseline.year, value=baseline.value), False
    if target.document.issued_on is None:
        return None, False
    return BaselinePoint(year=target.document.issued_on.year - 1, value=baseline.value), True


def target_spec(target: Target) -> TargetSpec:
    indicator = target.indicator
    lower = indicator.lower_limit if indicator else None
    upper = indicator.upper_limit if indicator else None
    issued = target.document.issued_on
    return TargetSpec(
        comparator=Comparator(target.comparator),
        value=target.value,
        target_year=target.target_year,
        kind=TargetKind(target.kind),
        lower_limit=lower,
        upper_limit=upper,
        start_year=issued.year if issued else None,
    )


def _row(series: TerritorySeries, as_of: int | None, responsible_now: str | None) -> EvaluationRow:
    target, is_demo = series.target, series.is_demo
    spec = target_spec(target)
    baseline, assumed = baseline_for(target)
    result: Evaluation = evaluate(spec, series.observations, baseline=baseline, as_of=as_of)
    latest = result.latest_value
    return EvaluationRow(
        document=target.document.number or None,
        doc_id=target.document.doc_id,
        target=target.key,
        group=target.group or None,
        indicator=target.indicator_name,
        scope=target.scope or None,
        unit_area=series.name,
        territory=series.territory,
        comparator=target.comparator,
        target_value=target.value,
        target_year=target.target_year,
        unit=target.unit or None,
        baseline_year=baseline.year if baseline else None,
        baseline_value=baseline.value if baseline else None,
        baseline_year_assumed=assumed,
        latest_year=result.latest_year,
        latest_value=latest.value if isinstance(latest, Assessment) else latest,
        status=result.status.value,
        status_label=Status(result.status).label,
        ratio=result.ratio,
        share_covered=result.share_covered,
        projected=result.projected,
        score=result.score,
        explanation=explain(spec, result, target.unit or None),
        responsible=target.responsible_name or None,
        responsible_now=responsible_now,
        is_demo=is_demo,
    )


def target_evaluations(
    target: Target, as_of: int | None, responsible_now: str | None
) -> list[tuple[TerritorySeries, EvaluationRow]]:
    """One target's series and evaluation per territory (home first), for its page; the caller has
    already resolved who monitors it today."""
    return [
        (series, _row(series, as_of, responsible_now)) for series in territory_series_for_targets([target])
    ]
