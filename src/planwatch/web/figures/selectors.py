"""Reads of figures: the series of a target per territory and its evaluation."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Model, Prefetch
from django.utils import timezone

from planwatch.analytics.territory import SeriesPoint, UnitFigure, is_additive, territory_series
from planwatch.domain.errors import DomainError
from planwatch.domain.model import Observation as SeriesObservation
from planwatch.domain.model import assumed_baseline_year
from planwatch.domain.periods import PeriodType
from planwatch.domain.text import normalise_name, place_name_keys, short_place_name
from planwatch.domain.vocabulary import (
    Assessment,
    Comparator,
    Direction,
    Status,
    TargetKind,
    ValueState,
    is_english,
)
from planwatch.evaluation import BaselinePoint, Evaluation, TargetSpec, evaluate, explain
from planwatch.web.agencies.models import Agency, AgencySuccession
from planwatch.web.agencies.selectors import MonitorResolver
from planwatch.web.caching import computed_once
from planwatch.web.catalogue.models import Baseline, Indicator, PolicyDocument, Target
from planwatch.web.catalogue.selectors import target_list_for_document
from planwatch.web.figures.models import Observation
from planwatch.web.geography.models import AdministrativeUnit, UnitSuccession
from planwatch.web.geography.selectors import communes_by_territory, unit_index

# Figures a coordinator has not yet received do not count (a draft can still change).
COUNTED_STATES = (ValueState.SUBMITTED.value, ValueState.APPROVED.value)
# What a series shows when its figures cannot be evaluated (a figure stored before the checks of
# intake.figures, a bug): the other series, the page, the report and the API go on.
INVALID_SERIES_LABEL = "Số liệu không hợp lệ"
INVALID_SERIES_LABEL_EN = "Invalid figures"

log = logging.getLogger(__name__)


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
    target_value_max: float | None
    target_year: int | None
    unit: str | None
    baseline_year: int | None
    baseline_value: float | None
    baseline_year_assumed: bool
    latest_year: int | None
    latest_value: float | str | None
    status: str
    status_label: str
    status_label_en: str
    ratio: float | None
    share_covered: float | None
    projected: float | None
    trend_beyond_limits: bool
    score: float | None
    explanation: str
    explanation_en: str
    responsible: str | None
    responsible_now: str | None
    is_demo: bool

    def label_in(self, language: str | None) -> str:
        """The status label in the page's language."""
        return self.status_label_en if is_english(language) else self.status_label

    def explanation_in(self, language: str | None) -> str:
        """The evaluation sentence in the page's language."""
        return self.explanation_en if is_english(language) else self.explanation

    def as_json(self) -> dict[str, Any]:
        record = asdict(self)
        ratio = record["ratio"]
        if ratio is not None and ratio in (float("inf"), float("-inf")):
            record["ratio"] = "inf" if ratio > 0 else "-inf"
        return record


def evaluation_rows(document: PolicyDocument | None = None, as_of: int | None = None) -> list[EvaluationRow]:
    """Every target of ``document`` (or of the catalogue) evaluated in its home territory and in every
    other territory that has figures for it."""
    return [row for _, row in _evaluated(_targets_to_evaluate(document), as_of)]


def _targets_to_evaluate(document: PolicyDocument | None) -> list[Target]:
    return list(
        target_list_for_document(document)
        .filter(document__is_stub=False)
        .prefetch_related(Prefetch("document__baselines", queryset=Baseline.objects.order_by("position")))
    )


def _evaluated(targets: list[Target], as_of: int | None) -> list[tuple[Target, EvaluationRow]]:
    if not targets:
        return []
    monitors = MonitorResolver.load()
    today = timezone.localdate()
    return [
        (
            series.target,
            _row(
                series,
                as_of,
                monitor.name if (monitor := monitors.monitor_on(series.target, today)) else None,
            ),
        )
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
    # Per year, what the figures behind a point are (issue #19): generated, and sent but not approved.
    demo_years: frozenset[int] = frozenset()
    submitted_years: frozenset[int] = frozenset()

    @property
    def observations(self) -> list[SeriesObservation]:
        return [SeriesObservation(year=p.year, value=p.value) for p in self.points]


def territory_series_for_targets(targets: list[Target]) -> list[TerritorySeries]:
    """For each target: its home territory first, then every other territory with counted figures."""
    values_by_target = _counted_values(targets)
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
            here = [v for v, f in zip(values, figures, strict=True) if f.territory == territory]
            found.append(
                TerritorySeries(
                    target,
                    territory,
                    name,
                    points,
                    is_demo,
                    demo_years=frozenset(v.year for v in here if v.is_demo),
                    submitted_years=frozenset(v.year for v in here if v.state == "submitted"),
                )
            )
    return found


def home_units_for_targets(targets: list[Target]) -> dict[int, frozenset[int]]:
    """Target id -> the units whose figures its home series reads: the province the document was written
    for and the units that continue its territory and, for a quantity that adds up, the communes of that
    territory. A report of one document reads these and nothing else, however many units the country has."""
    units, communes, home_by_province = _unit_maps()
    by_territory: dict[str, list[int]] = defaultdict(list)
    commune_ids: dict[str, int] = {}
    for unit in units.values():
        if unit.level == "commune":
            commune_ids[unit.code] = unit.pk
        else:
            by_territory[unit.territory or unit.code].append(unit.pk)
    found: dict[int, frozenset[int]] = {}
    for target in targets:
        home = home_by_province.get(normalise_name(target.document.province))
        if home is None:
            found[target.pk] = frozenset()
            continue
        ids = set(by_territory.get(home[0], ()))
        if is_additive(target.unit or None):
            ids.update(commune_ids[c] for c in communes.get(home[0], ()) if c in commune_ids)
        found[target.pk] = frozenset(ids)
    return found


def home_series_for_targets(targets: list[Target]) -> dict[int, TerritorySeries]:
    """Target id -> its series in its home territory (the first of ``territory_series_for_targets``),
    read from the figures of :func:`home_units_for_targets` alone."""
    units, communes, home_by_province = _unit_maps()
    homes = home_units_for_targets(targets)
    values_by_target = _counted_values(
        targets, unit_ids=frozenset().union(*homes.values()) if homes else None
    )
    found: dict[int, TerritorySeries] = {}
    for target in targets:
        home = home_by_province.get(normalise_name(target.document.province))
        if home is None:
            continue
        values = [v for v in values_by_target.get(target.pk, []) if v.unit_id in homes[target.pk]]
        figures = [_unit_figure(v, units[v.unit_id]) for v in values]
        points = territory_series(
            figures, home[0], additive=is_additive(target.unit or None), communes_in_territory=communes
        )
        here = [v for v, f in zip(values, figures, strict=True) if f.territory == home[0]]
        found[target.pk] = TerritorySeries(
            target,
            home[0],
            home[1],
            points,
            any(v.is_demo for v in values),
            demo_years=frozenset(v.year for v in here if v.is_demo),
            submitted_years=frozenset(v.year for v in here if v.state == "submitted"),
        )
    return found


def evaluation_rows_cached(
    document: PolicyDocument | None = None, as_of: int | None = None
) -> list[EvaluationRow]:
    """``evaluation_rows``, kept until a figure or a target changes.

    Evaluating the whole catalogue takes from ~150 ms (the demo figures) to seconds (ten years of a
    hundred communes); pages ask for it on every request. The key holds ``data_stamp()``, so a change
    made by another process (the CLI, an import) is seen on the next request; one server process
    computes it for all of them (web.caching). When it must be computed again, only the targets whose
    series changed are evaluated again: each target's rows are kept under the stamp of the catalogue
    and of its indicator's observations (``series_stamps``).
    """
    key = f"evaluation-rows:{document.pk if document else '*'}:{as_of}:{data_stamp()}"
    return computed_once(key, lambda: _evaluation_rows_by_target(document, as_of), timeout=600)


def series_stamps() -> dict[int, str]:
    """Indicator id -> a fingerprint of its observations (count, highest id, latest change): one
    grouped read, answered from the series index."""
    rows = Observation.objects.values("indicator_id").annotate(
        n=Count("id"), last_id=Max("id"), last_change=Max("updated_at")
    )
    return {row["indicator_id"]: f"{row['n']}:{row['last_id']}:{row['last_change']}" for row in rows}


def _evaluation_rows_by_target(document: PolicyDocument | None, as_of: int | None) -> list[EvaluationRow]:
    targets = _targets_to_evaluate(document)
    catalogue = table_stamp(*_CATALOGUE_TABLES)
    stamps = series_stamps()
    keys = {
        t.pk: f"evaluation-target:{t.pk}:{as_of}:{catalogue}:{_digest(stamps.get(t.indicator_id or 0, ''))}"
        for t in targets
    }
    kept: dict[str, list[EvaluationRow]] = cache.get_many(list(keys.values()))
    missing = [t for t in targets if keys[t.pk] not in kept]
    fresh: dict[int, list[EvaluationRow]] = defaultdict(list)
    for target, row in _evaluated(missing, as_of):
        fresh[target.pk].append(row)
    cache.set_many({keys[t.pk]: fresh.get(t.pk, []) for t in missing}, timeout=3600)
    return [row for t in targets for row in (kept[keys[t.pk]] if keys[t.pk] in kept else fresh.get(t.pk, []))]


# What territories, communes and home provinces are made of.
_UNIT_TABLES = (AdministrativeUnit, UnitSuccession)
# Everything evaluation reads except the figures.
_CATALOGUE_TABLES = (PolicyDocument, Target, Baseline, Indicator, Agency, AgencySuccession, *_UNIT_TABLES)


def data_stamp() -> str:
    """A fingerprint of everything evaluation reads; it changes whenever any of it changes.

    The highest id and latest change of the figures (a figure is never deleted on its own, only with
    its target, which the target count sees), and the count and latest change of the catalogue tables.
    """
    figures = Observation._meta.db_table
    return _table_stamp(
        [f"(SELECT MAX(id) FROM {figures})", f"(SELECT MAX(updated_at) FROM {figures})"],
        _CATALOGUE_TABLES,
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
    state: str = "approved"


def _counted_values(
    targets: list[Target], unit_ids: frozenset[int] | None = None
) -> dict[int, list[CountedValue]]:
    """The counted yearly observations each target reads (its indicator and disaggregation), read
    once per series however many targets share it, of the units ``unit_ids`` only when given. An
    official figure and an estimate never both exist for one period: the official one replaced the
    estimate (figures.services)."""
    readers: dict[tuple[int, str], list[int]] = defaultdict(list)
    for target in targets:
        if target.indicator_id is not None:
            readers[(target.indicator_id, target.disaggregation)].append(target.pk)
    grouped: dict[int, list[CountedValue]] = defaultdict(list)
    for observations in series_reads(readers, unit_ids):
        if unit_ids is None:  # (else the period type is checked below: the read seeks the series' key)
            observations = observations.filter(period_type=PeriodType.YEAR.value)
        rows = (
            observations.filter(state__in=COUNTED_STATES)
            .order_by("year", "-unit__valid_from")
            .values_list(
                "indicator_id",
                "disaggregation",
                "unit_id",
                "year",
                "value",
                "assessment",
                "is_demo",
                "state",
                "period_type",
            )
        )
        for indicator_id, disaggregation, unit_id, year, value, assessment, is_demo, state, kind in rows:
            if kind != PeriodType.YEAR.value:
                continue
            for target_id in readers.get((indicator_id, disaggregation), ()):
                grouped[target_id].append(
                    CountedValue(target_id, unit_id, year, value, assessment, is_demo, state)
                )
    return grouped


def series_reads(readers: Mapping[tuple[int, str], object], unit_ids: frozenset[int] | None) -> Iterator[Any]:
    """The observations of the series ``readers`` names (indicator, disaggregation): in chunks of 500
    indicators, or — when ``unit_ids`` is given — one series and 500 units at a time, so that the read
    seeks the key (indicator, disaggregation, unit) and never scans the indicator's other units."""
    if unit_ids is None:
        indicator_ids = sorted({indicator for indicator, _ in readers})
        for start in range(0, len(indicator_ids), 500):
            yield Observation.objects.filter(indicator_id__in=indicator_ids[start : start + 500])
        return
    ordered = sorted(unit_ids)
    for indicator_id, disaggregation in sorted(readers):
        for start in range(0, len(ordered), 500):
            yield Observation.objects.filter(
                indicator_id=indicator_id,
                disaggregation=disaggregation,
                unit_id__in=ordered[start : start + 500],
            )


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
    return BaselinePoint(year=assumed_baseline_year(target.document.issued_on), value=baseline.value), True


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
        value_max=target.value_max,
        direction=Direction(indicator.direction) if indicator else Direction.UNKNOWN,
        unit=target.unit or None,
    )


def evaluation_guarded(
    spec: TargetSpec,
    observations: Sequence[SeriesObservation],
    baseline: BaselinePoint | None,
    as_of: int | None,
    what: str,
) -> tuple[Evaluation, str, str] | None:
    """The evaluation of one series and its explanation in Vietnamese and in English, or None (logged)
    when its figures cannot be evaluated: one bad series never fails the page, the report or the API
    for the others."""
    try:
        result = evaluate(spec, observations, baseline=baseline, as_of=as_of)
        return result, explain(spec, result), explain(spec, result, language="en")
    except (DomainError, ArithmeticError, ValueError, TypeError) as error:
        log.warning("series %s cannot be evaluated: %s", what, error)
        return None


def _row(series: TerritorySeries, as_of: int | None, responsible_now: str | None) -> EvaluationRow:
    target = series.target
    spec = target_spec(target)
    baseline, assumed = baseline_for(target)
    what = f"{target.document.doc_id}/{target.key} in {series.territory}"
    evaluated = evaluation_guarded(spec, series.observations, baseline, as_of, what)
    if evaluated is None:
        return _invalid_row(series, baseline, assumed, responsible_now)
    result, explanation, explanation_en = evaluated
    latest = result.latest_value
    return EvaluationRow(
        **_target_fields(series, baseline, assumed, responsible_now),
        latest_year=result.latest_year,
        latest_value=latest.value if isinstance(latest, Assessment) else latest,
        status=result.status.value,
        status_label=Status(result.status).label,
        status_label_en=Status(result.status).label_in("en"),
        ratio=result.ratio,
        share_covered=result.share_covered,
        projected=result.projected,
        trend_beyond_limits=result.trend_beyond_limits,
        score=result.score,
        explanation=explanation,
        explanation_en=explanation_en,
    )


def _invalid_row(
    series: TerritorySeries, baseline: BaselinePoint | None, assumed: bool, responsible_now: str | None
) -> EvaluationRow:
    return EvaluationRow(
        **_target_fields(series, baseline, assumed, responsible_now),
        latest_year=None,
        latest_value=None,
        status=Status.INSUFFICIENT_DATA.value,
        status_label=INVALID_SERIES_LABEL,
        status_label_en=INVALID_SERIES_LABEL_EN,
        ratio=None,
        share_covered=None,
        projected=None,
        trend_beyond_limits=False,
        score=None,
        explanation=f"{INVALID_SERIES_LABEL}: hãy kiểm tra các số liệu của chỉ tiêu này ở {series.name}.",
        explanation_en=f"{INVALID_SERIES_LABEL_EN}: check the figures of this indicator in {series.name}.",
    )


def _target_fields(
    series: TerritorySeries, baseline: BaselinePoint | None, assumed: bool, responsible_now: str | None
) -> dict[str, Any]:
    """The fields of an evaluation row that say which target, territory and baseline it is about."""
    target = series.target
    return {
        "document": target.document.number or None,
        "doc_id": target.document.doc_id,
        "target": target.key,
        "group": target.group or None,
        "indicator": target.indicator_name,
        "scope": target.scope or None,
        "unit_area": series.name,
        "territory": series.territory,
        "comparator": target.comparator,
        "target_value": target.value,
        "target_value_max": target.value_max,
        "target_year": target.target_year,
        "unit": target.unit or None,
        "baseline_year": baseline.year if baseline else None,
        "baseline_value": baseline.value if baseline else None,
        "baseline_year_assumed": assumed,
        "responsible": target.responsible_name or None,
        "responsible_now": responsible_now,
        "is_demo": series.is_demo,
    }


def target_evaluations(
    target: Target, as_of: int | None, responsible_now: str | None
) -> list[tuple[TerritorySeries, EvaluationRow]]:
    """One target's series and evaluation per territory (home first), for its page; the caller has
    already resolved who monitors it today."""
    return [
        (series, _row(series, as_of, responsible_now)) for series in territory_series_for_targets([target])
    ]


def figures_by_unit(units: list[AdministrativeUnit]) -> dict[int, tuple[int, int | None]]:
    """Unit id -> (how many figures it holds, the latest year of them), for the units that hold any."""
    rows = (
        Observation.objects.filter(unit__in=units)
        .values("unit_id")
        .annotate(figures=Count("id"), latest=Max("year"))
    )
    return {row["unit_id"]: (row["figures"], row["latest"]) for row in rows}
