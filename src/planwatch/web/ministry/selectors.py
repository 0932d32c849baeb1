"""Reads for the ministry's pages: one resolution (42-NQ/TW) followed across the provinces, and each
province over its communes.

- The figures of a province are the totals of its communes (``figures.analytics``, decision 0012),
  read in one place (:func:`unit_totals`); a commune's figure is its own, or, for a ratio, its two
  elements' quotient (the engine's rule at one commune).
- A province's *own target* is the target on the indicator in a plan of that province (as the plan
  named it; for a province merged on 01/7/2025, the plan of a province it continues) that implements
  the resolution, directly or through a programme; the *national target* is the target on the
  indicator in the resolution itself or a nationwide document under it, when the catalogue holds one.
- Status is ``planwatch.evaluation`` on the province's yearly totals against its own target; a commune
  is read against its province's target (communes have no plans of their own) when the indicator is
  a rate or an average — a commune's count is a part of the province's total, so it gets no status.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Q
from django.utils import timezone

from planwatch.analytics.engine import ratio_scale
from planwatch.domain.errors import InvalidValueError, NotFoundError
from planwatch.domain.model import Observation as SeriesObservation
from planwatch.domain.periods import Period, in_force, parse_period
from planwatch.domain.text import normalise_name, short_place_name, strip_diacritics
from planwatch.domain.vocabulary import Aggregation, Comparator, Status, UnitLevel
from planwatch.evaluation import compact_goal
from planwatch.web.caching import computed_once
from planwatch.web.catalogue.models import DocumentParent, Indicator, PolicyDocument, Target
from planwatch.web.figures import analytics
from planwatch.web.figures.analytics import RollupRow
from planwatch.web.figures.models import Observation
from planwatch.web.figures.selectors import (
    COUNTED_STATES,
    baseline_for,
    data_stamp,
    evaluation_guarded,
    target_spec,
)
from planwatch.web.geography.models import AdministrativeUnit, UnitSuccession

RESOLUTION = "42-NQ-TW"
PROVINCE, COMMUNE = UnitLevel.PROVINCE.value, UnitLevel.COMMUNE.value
# Value classes of the map when no target colours it: five shades of one blue, light to dark.
CLASS_COLOURS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_FIGURE_COLOUR = "#c8ccd2"
SORTS = ("name", "value", "period", "target", "status", "completeness")


@dataclass(frozen=True, slots=True)
class OwnTarget:
    """A province's (or the nation's) target on the indicator, as its document states it."""

    target_pk: int
    document: str  # its number (or doc id)
    doc_id: str
    goal: str  # "≥ 95 %"
    year: int | None


@dataclass(frozen=True, slots=True)
class LeagueRow:
    """One place in a league table."""

    code: str
    name: str
    level: str
    value: float | None
    period: str
    reported: int
    expected: int
    complete: bool
    target: OwnTarget | None
    status: Status | None
    is_demo: bool
    latitude: float | None
    longitude: float | None
    value_class: int | None = None

    @property
    def completeness(self) -> str:
        """``"98/102 xã"``: how many of the communes counted in the figure reported."""
        return f"{self.reported}/{self.expected} xã" if self.expected else ""

    @property
    def status_rank(self) -> int:
        return list(Status).index(self.status) if self.status is not None else len(Status)


@dataclass(frozen=True, slots=True)
class League:
    """One indicator across the provinces of the country, or across the communes of one province."""

    indicator: Indicator
    resolution: PolicyDocument | None
    level: str
    within: AdministrativeUnit | None
    rows: list[LeagueRow]
    national_target: OwnTarget | None
    country: RollupRow | None  # the country's (or the province's) own total, latest period
    classes: list[tuple[float, float]] = field(default_factory=list)  # value class bounds

    @property
    def has_demo(self) -> bool:
        return any(row.is_demo for row in self.rows)

    @property
    def has_targets(self) -> bool:
        return any(row.status is not None for row in self.rows)

    @property
    def statuses(self) -> list[Status]:
        """The statuses present, in the evaluation's order (for the map's legend)."""
        present = {row.status for row in self.rows if row.status is not None}
        return [status for status in Status if status in present]


# --- the resolution and its indicators ---------------------------------------------------------


def resolution_get() -> PolicyDocument | None:
    return PolicyDocument.objects.filter(doc_id=RESOLUTION).first()


def implementing_documents() -> list[PolicyDocument]:
    """The resolution and every document under it (its children, theirs, …), stubs included."""
    links = list(DocumentParent.objects.values_list("child_id", "parent_id"))
    children: dict[int, set[int]] = defaultdict(set)
    for child, parent in links:
        children[parent].add(child)
    root = resolution_get()
    if root is None:
        return []
    found, stack = {root.pk}, [root.pk]
    while stack:
        for child in children[stack.pop()] - found:
            found.add(child)
            stack.append(child)
    return list(PolicyDocument.objects.filter(pk__in=found))


def _rolled_up(indicator: Indicator, known: set[str]) -> bool:
    """Whether the indicator adds up across places: its rule is not ``none`` and the data elements
    its ratio or weighted mean is made of are indicators that can hold figures (``known`` codes), as
    ``analytics.rollups`` requires."""
    if indicator.aggregation == Aggregation.RATIO.value:
        return indicator.numerator in known and indicator.denominator in known
    if indicator.aggregation == Aggregation.WEIGHTED_MEAN.value:
        return indicator.weight in known
    return indicator.aggregation != Aggregation.NONE.value


def resolution_indicators() -> list[tuple[Indicator, int]]:
    """The indicators the resolution's implementing plans set targets on and that add up across
    places, each with how many provinces set one."""
    documents = [d for d in implementing_documents() if d.province and not d.is_stub]
    provinces: dict[int, set[str]] = defaultdict(set)
    indicators: dict[int, Indicator] = {}
    targets = Target.objects.filter(document__in=documents, indicator__isnull=False).select_related(
        "indicator", "document"
    )
    known = set(Indicator.objects.values_list("code", flat=True))
    for target in targets:
        assert target.indicator is not None
        if _rolled_up(target.indicator, known) and target.comparator != Comparator.QUALITATIVE.value:
            indicators[target.indicator.pk] = target.indicator
            provinces[target.indicator.pk].add(target.document.province)
    listed = sorted(indicators.values(), key=lambda i: normalise_name(i.name))
    return [(indicator, len(provinces[indicator.pk])) for indicator in listed]


def indicator_get(code: str) -> Indicator:
    """Raises: NotFoundError: no indicator has that code."""
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise NotFoundError(f"không có chỉ tiêu mã '{code}'")
    return indicator


def provinces_today(today: date | None = None) -> list[AdministrativeUnit]:
    day = today or timezone.localdate()
    return [
        unit
        for unit in AdministrativeUnit.objects.filter(level=PROVINCE).order_by("name")
        if in_force(unit.valid_from, unit.valid_to, day)
    ]


def province_get(code: str) -> AdministrativeUnit:
    """Raises: NotFoundError: no province has that code."""
    unit = AdministrativeUnit.objects.filter(code=code, level=PROVINCE).first()
    if unit is None:
        raise NotFoundError(f"không có tỉnh mã '{code}'")
    return unit


def communes_of(province: AdministrativeUnit, today: date | None = None) -> list[AdministrativeUnit]:
    day = today or timezone.localdate()
    return [
        unit
        for unit in AdministrativeUnit.objects.filter(parent=province, level=COMMUNE).order_by("name")
        if in_force(unit.valid_from, unit.valid_to, day)
    ]


# --- figures: the one place the totals are read --------------------------------------------------


def unit_totals(
    indicator: Indicator, *, level: str, within: AdministrativeUnit | None = None
) -> tuple[list[RollupRow], list[RollupRow]]:
    """Every period's figure of ``indicator`` (the total, no breakdown) for the units of ``level``, and
    for the unit above them: the provinces and the country from ``analytics.rollups``; the communes of
    ``within`` from their own figures, and ``within`` from ``analytics.rollups``. One rollup read.

    When ``analytics.league`` arrives, the ``rollups`` call here becomes that one call.
    """
    try:
        rolled = analytics.rollups(indicator.code, disaggregation="")
    except NotFoundError:
        rolled = []  # its elements carry no figures yet: nothing to show, not an error of the page
    if level == COMMUNE:
        above = [row for row in rolled if within is not None and row.unit == within.code]
        return _commune_figures(indicator, within), above
    units = [row for row in rolled if row.level == level]
    return units, [row for row in rolled if row.level == analytics.COUNTRY_LEVEL]


def _commune_figures(indicator: Indicator, within: AdministrativeUnit | None) -> list[RollupRow]:
    """A commune's own counted figures of the indicator; for a ratio without its own figure, its
    elements' quotient times the unit's scale (the rule the engine applies above the communes)."""
    communes = AdministrativeUnit.objects.filter(level=COMMUNE)
    if within is not None:
        communes = communes.filter(parent=within)
    names = dict(communes.values_list("id", "name"))
    codes = dict(communes.values_list("id", "code"))
    wanted = [indicator.code]
    if indicator.aggregation == Aggregation.RATIO.value:
        wanted += [indicator.numerator, indicator.denominator]
    by_code = dict(Indicator.objects.filter(code__in=wanted).values_list("code", "id"))
    figures = Observation.objects.filter(
        indicator_id__in=by_code.values(),
        unit_id__in=names.keys(),
        disaggregation="",
        state__in=COUNTED_STATES,
        value__isnull=False,
    ).values_list("indicator_id", "unit_id", "period", "value")
    values: dict[tuple[int, str], dict[int, float]] = defaultdict(dict)
    for indicator_id, unit_id, period, figure in figures:
        if figure is not None:
            values[(unit_id, period)][indicator_id] = figure
    own = by_code.get(indicator.code)
    numerator, denominator = by_code.get(indicator.numerator), by_code.get(indicator.denominator)
    rows = []
    for (unit_id, period), found in values.items():
        value: float | None = found.get(own) if own is not None else None
        if value is None and numerator in found and denominator in found and found[denominator]:
            value = found[numerator] / found[denominator] * ratio_scale(indicator.unit)
        if value is None:
            continue
        rows.append(
            RollupRow(indicator.code, "", codes[unit_id], names[unit_id], COMMUNE, period, value, 1, 1, True)
        )
    return rows


def _period(text: str) -> Period | None:
    try:
        return parse_period(text)
    except InvalidValueError:
        return None


def _latest(rows: Iterable[RollupRow]) -> dict[str, RollupRow]:
    """Each unit's figure of its latest period (a year's figure before a part of the same year's)."""
    latest: dict[str, tuple[tuple[date, int], RollupRow]] = {}
    for row in rows:
        period = _period(row.period)
        if period is None:
            continue
        rank = (period.end, period.months)
        if row.unit not in latest or rank > latest[row.unit][0]:
            latest[row.unit] = (rank, row)
    return {unit: row for unit, (_, row) in latest.items()}


def _yearly(rows: Iterable[RollupRow]) -> dict[str, list[SeriesObservation]]:
    """Each unit's yearly figures, as the evaluation reads them."""
    series: dict[str, list[SeriesObservation]] = defaultdict(list)
    for row in rows:
        if row.value is not None and row.period.isdigit():
            series[row.unit].append(SeriesObservation(int(row.period), row.value))
    return {unit: sorted(points, key=lambda p: p.year) for unit, points in series.items()}


def _demo_units(indicator: Indicator, units: Iterable[int], *, level: str, periods: set[str]) -> set[int]:
    """The units (of ``level``) whose figures shown for ``periods`` are, at least in part, illustrative
    (of the indicator or of its elements): a commune's own, a province's through its communes."""
    codes = [c for c in (indicator.code, indicator.numerator, indicator.denominator, indicator.weight) if c]
    wanted = list(units)
    figures = Observation.objects.filter(
        indicator__code__in=codes, disaggregation="", is_demo=True, period__in=sorted(periods)
    )
    if level == COMMUNE:
        return set(figures.filter(unit_id__in=wanted).values_list("unit_id", flat=True).distinct())
    # Through the communes only: they make the total (an area under the province holds the demo's own
    # provincial figures, which the total never reads).
    found = figures.filter(unit__parent_id__in=wanted, unit__level=COMMUNE).values_list(
        "unit__parent_id", flat=True
    )
    return {pk for pk in found.distinct() if pk is not None}


# --- targets -------------------------------------------------------------------------------------


def _own(target: Target) -> OwnTarget:
    return OwnTarget(
        target_pk=target.pk,
        document=target.document.number or target.document.doc_id,
        doc_id=target.document.doc_id,
        goal=compact_goal(Comparator(target.comparator), target.value, target.unit or None, target.value_max),
        year=target.target_year,
    )


def _province_of_plan(name: str, provinces: list[AdministrativeUnit]) -> AdministrativeUnit | None:
    """The province in force today that a plan's province (as the plan named it) is or became part of."""
    today_ids = {p.pk: p for p in provinces}
    wanted = normalise_name(name)
    named = [
        u
        for u in AdministrativeUnit.objects.filter(level=PROVINCE)
        if normalise_name(u.name).removeprefix("tỉnh ").removeprefix("thành phố ") == wanted
        or normalise_name(u.name) == wanted
    ]
    for unit in sorted(named, key=lambda u: u.valid_from or date.min):
        if unit.pk in today_ids:
            return unit
        after = (
            UnitSuccession.objects.filter(predecessors=unit, successors__level=PROVINCE)
            .values_list("successors", flat=True)
            .first()
        )
        if after in today_ids:
            return today_ids[after]
    return None


def targets_by_province(indicator: Indicator, provinces: list[AdministrativeUnit]) -> dict[str, Target]:
    """Province code -> its own target on the indicator (the latest plan's first, if several)."""
    return targets_by_indicator([indicator], provinces).get(indicator.pk, {})


def targets_by_indicator(
    indicators: list[Indicator], provinces: list[AdministrativeUnit]
) -> dict[int, dict[str, Target]]:
    """Indicator id -> province code -> its own target on that indicator (the latest plan's first, if
    several), for every indicator of ``indicators`` in one read of the targets (a province's page asks
    them all at once)."""
    documents = [d for d in implementing_documents() if d.province and not d.is_stub]
    targets = (
        Target.objects.filter(document__in=documents, indicator__in=indicators)
        .filter(Q(disaggregation="") | Q(disaggregation__isnull=True))
        .select_related("document", "indicator")
        .prefetch_related("baselines", "document__baselines")
        .order_by("-document__issued_on", "position")
    )
    found: dict[int, dict[str, Target]] = defaultdict(dict)
    homes: dict[str, AdministrativeUnit | None] = {}
    for target in targets:
        if target.comparator == Comparator.QUALITATIVE.value or target.indicator_id is None:
            continue
        name = target.document.province
        if name not in homes:
            homes[name] = _province_of_plan(name, provinces)
        home = homes[name]
        if home is not None:
            found[target.indicator_id].setdefault(home.code, target)
    return dict(found)


def national_target(indicator: Indicator) -> OwnTarget | None:
    documents = [d for d in implementing_documents() if not d.province]
    target = (
        Target.objects.filter(document__in=documents, indicator=indicator)
        .select_related("document")
        .order_by("document__issued_on", "position")
        .first()
    )
    return _own(target) if target else None


def _status(target: Target | None, series: list[SeriesObservation]) -> Status | None:
    if target is None or not series:
        return None
    baseline, _ = baseline_for(target)
    evaluated = evaluation_guarded(target_spec(target), series, baseline, None, f"ministry {target.pk}")
    return Status(evaluated[0].status) if evaluated else None


# --- the league ----------------------------------------------------------------------------------


def league(indicator_code: str, *, within: str | None = None, sort: str = "name") -> League:
    """The league table of one indicator: every province of the country, or every commune of the
    province ``within`` (a province code).

    Raises:
        NotFoundError: no indicator or province has that code.
    """
    indicator = indicator_get(indicator_code)
    provinces = provinces_today()
    province = province_get(within) if within else None
    units = communes_of(province) if province else provinces
    level = COMMUNE if province else PROVINCE
    totals, above = unit_totals(indicator, level=level, within=province)
    latest, yearly = _latest(totals), _yearly(totals)
    own_targets = targets_by_province(indicator, provinces)
    shown = {row.period for row in latest.values()}
    demo = _demo_units(indicator, [u.pk for u in units], level=level, periods=shown) if shown else set()
    # A commune's count is a part of the province's, never measured against the province's total.
    judged = level == PROVINCE or indicator.aggregation != Aggregation.SUM.value
    rows = []
    for unit in units:
        figure = latest.get(unit.code)
        target = own_targets.get(province.code if province else unit.code)
        status = _status(target, yearly.get(unit.code, [])) if judged else None
        rows.append(_league_row(unit, level, figure, target, status, is_demo=unit.pk in demo))
    classes = value_classes([row.value for row in rows if row.value is not None])
    rows = [_classed(row, classes) for row in rows]
    return League(
        indicator=indicator,
        resolution=resolution_get(),
        level=level,
        within=province,
        rows=sort_rows(rows, sort),
        national_target=national_target(indicator),
        country=_latest(above).get(province.code if province else analytics.COUNTRY_CODE),
        classes=classes,
    )


def value_classes(values: list[float]) -> list[tuple[float, float]]:
    """Up to five classes of equal counts (quintiles) over the values, as (lowest, highest) bounds."""
    ordered = sorted(v for v in values if math.isfinite(v))
    if not ordered:
        return []
    count = min(len(CLASS_COLOURS), len(ordered))
    bounds = []
    for k in range(count):
        low = ordered[(k * len(ordered)) // count]
        high = ordered[((k + 1) * len(ordered)) // count - 1]
        bounds.append((low, high))
    return bounds


def _classed(row: LeagueRow, classes: list[tuple[float, float]]) -> LeagueRow:
    if row.value is None or not classes:
        return row
    index = next((k for k, (_, high) in enumerate(classes) if row.value <= high), len(classes) - 1)
    return replace(row, value_class=index)


def sort_rows(rows: list[LeagueRow], sort: str) -> list[LeagueRow]:
    """Rows in the order asked: ``name``, ``value``, ``period``, ``target``, ``status`` or
    ``completeness``, ``-`` before it for the reverse; places without a figure always come last."""
    key = sort.removeprefix("-")
    reverse = sort.startswith("-")
    if key not in SORTS:
        key, reverse = "name", False
    by_name = sorted(rows, key=lambda r: name_key(r.name))
    if key == "name":
        return list(reversed(by_name)) if reverse else by_name
    known = [r for r in by_name if _sort_value(r, key) is not None]
    unknown = [r for r in by_name if _sort_value(r, key) is None]
    return sorted(known, key=lambda r: _sort_value(r, key) or (0.0,), reverse=reverse) + unknown


def _sort_value(row: LeagueRow, key: str) -> tuple[float, ...] | None:
    """What a row is sorted by under ``key``; None when it has nothing to sort by."""
    if key == "value":
        return None if row.value is None else (row.value,)
    if key == "period":
        period = _period(row.period) if row.period else None
        return None if period is None else (period.end.toordinal(), period.months)
    if key == "target":
        return None if row.target is None else (float(row.target.year or 0), float(row.target.target_pk))
    if key == "status":
        return None if row.status is None else (float(row.status_rank),)
    if key == "completeness":
        return (row.reported / row.expected,) if row.expected else None
    return None


def league_shared(indicator_code: str, *, within: str | None = None, sort: str = "name") -> League:
    """:func:`league`, computed once per data stamp by one server process and shared with the others
    through the database cache (``web.caching.computed_once``); sorted here.

    Raises:
        NotFoundError: no indicator or province has that code.
    """
    indicator_get(indicator_code)  # an unknown code is refused before anything is computed or kept
    if within:
        province_get(within)
    key = f"ministry-league:{data_stamp()}:{indicator_code}:{within or ''}"
    found = computed_once(key, lambda: league(indicator_code, within=within), timeout=SHARED_SECONDS)
    return replace(found, rows=sort_rows(found.rows, sort))


SHARED_SECONDS = 600


# --- one province: every indicator of the resolution -----------------------------------------------


@dataclass(frozen=True, slots=True)
class ProvinceLine:
    indicator: Indicator
    row: LeagueRow


def province_overview(code: str) -> tuple[AdministrativeUnit, list[ProvinceLine]]:
    """A province's latest total, own target and status on each indicator of the resolution it has
    a target on (its own plans'; the others are on the national league tables).

    Raises:
        NotFoundError: no province has that code.
    """
    province = province_get(code)
    provinces = provinces_today()
    lines = []
    indicators = [indicator for indicator, _ in resolution_indicators()]
    targets = targets_by_indicator(indicators, provinces)
    for indicator in indicators:
        target = targets.get(indicator.pk, {}).get(province.code)
        if target is None:
            continue
        totals = [row for row in unit_totals(indicator, level=PROVINCE)[0] if row.unit == province.code]
        figure = _latest(totals).get(province.code)
        shown = {figure.period} if figure else set()
        lines.append(
            ProvinceLine(
                indicator,
                _league_row(
                    province,
                    PROVINCE,
                    figure,
                    target,
                    _status(target, _yearly(totals).get(province.code, [])),
                    is_demo=bool(
                        shown and _demo_units(indicator, [province.pk], level=PROVINCE, periods=shown)
                    ),
                ),
            )
        )
    return province, lines


def province_overview_shared(code: str) -> tuple[AdministrativeUnit, list[ProvinceLine]]:
    """:func:`province_overview`, computed once per data stamp for every server process.

    Raises:
        NotFoundError: no province has that code.
    """
    province_get(code)
    key = f"ministry-province:{data_stamp()}:{code}"
    return computed_once(key, lambda: province_overview(code), timeout=SHARED_SECONDS)


# --- search --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Found:
    indicators: list[Indicator]
    provinces: list[AdministrativeUnit]
    communes: list[tuple[AdministrativeUnit, AdministrativeUnit]]  # commune, its province


def search_key(text: str) -> str:
    """What a query and a name are compared in: NFC, lower case, one spacing, no diacritics
    ("Ðà Nẵng" typed with a decomposed accent or without accents finds "Đà Nẵng")."""
    return strip_diacritics(normalise_name(text))


def name_key(name: str) -> str:
    """How places are put in order: by name without the level word ("Tỉnh", "Xã"), diacritics aside."""
    return search_key(short_place_name(name))


SEARCH_LIMIT = 50


def search(query: str) -> Found:
    """Indicators of the resolution, provinces and communes in force today whose names (or codes)
    contain the query, diacritics or not."""
    key = search_key(query)
    if not key:
        return Found([], [], [])
    indicators = [i for i, _ in resolution_indicators() if key in search_key(i.name) or key in i.code]
    provinces = provinces_today()
    by_id = {p.pk: p for p in provinces}
    found_provinces = [p for p in provinces if key in p.search_key or key == p.official_code]
    communes = [
        (unit, by_id[unit.parent_id])
        for unit in AdministrativeUnit.objects.filter(
            level=COMMUNE, search_key__contains=key, parent_id__in=by_id.keys()
        ).order_by("name")[: SEARCH_LIMIT * 2]
        if unit.parent_id in by_id and in_force(unit.valid_from, unit.valid_to, timezone.localdate())
    ]
    return Found(indicators[:SEARCH_LIMIT], found_provinces, communes[:SEARCH_LIMIT])


def _league_row(
    unit: AdministrativeUnit,
    level: str,
    figure: RollupRow | None,
    target: Target | None,
    status: Status | None,
    *,
    is_demo: bool,
) -> LeagueRow:
    """One place's line: its figure (none: a place that has not reported), its own target and status."""
    return LeagueRow(
        code=unit.code,
        name=unit.name,
        level=level,
        value=figure.value if figure else None,
        period=figure.period if figure else "",
        reported=figure.reported if figure else 0,
        expected=figure.expected if figure else 0,
        complete=figure.complete if figure else False,
        target=_own(target) if target else None,
        status=status,
        is_demo=is_demo,
        latitude=unit.latitude,
        longitude=unit.longitude,
    )
