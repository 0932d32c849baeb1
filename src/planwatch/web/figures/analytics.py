"""Totals of every unit above the communes, from a columnar copy of the observation store kept in
step with it (decision 0012).

Each process keeps one :class:`planwatch.analytics.engine.RollupEngine` holding the counted figures
of the communes. Before every read it asks the store what changed since it last looked — the rows
whose ``updated_at`` is not older than the latest it saw (an indexed read) — and replaces those
rows in its copy, so a write is visible on the next request, without a nightly batch. A change of
the catalogue or of the units, or a figure deleted, loads the copy again. PostgreSQL (or SQLite)
stays the store; the copy holds six columns of the communes' figures, in DuckDB's memory limit.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pyarrow as pa
from django.db.models import Count, Max

from planwatch.analytics.engine import (
    FIRST_DAY,
    LAST_DAY,
    LEAF_LEVEL,
    RollupEngine,
    Rule,
    day_number,
    ratio_scale,
)
from planwatch.domain.errors import NotFoundError
from planwatch.domain.periods import in_force, parse_period
from planwatch.domain.succession import communes_of_former_unit
from planwatch.domain.vocabulary import Aggregation
from planwatch.web.catalogue.mapping import unit_succession_to_domain, unit_to_domain
from planwatch.web.catalogue.models import Indicator
from planwatch.web.figures.models import Observation
from planwatch.web.figures.selectors import COUNTED_STATES, table_stamp
from planwatch.web.geography.models import AdministrativeUnit, UnitSuccession

# The whole country: not a row of the unit table, the unit every province without a parent is part of.
COUNTRY_ID = 0
COUNTRY_CODE = "ca-nuoc"
COUNTRY_NAME = "Cả nước"
COUNTRY_LEVEL = "country"
_CHUNK = 50_000
# A transaction stamps its rows when it writes them but they are seen when it commits: a write that
# committed after a later-stamped one must not be missed, so each look reads this far back again.
_LOOKBACK = timedelta(seconds=10)


@dataclass(frozen=True, slots=True)
class RollupRow:
    """One unit's total of an indicator for a period, with how many communes it is made of."""

    indicator: str
    disaggregation: str
    unit: str
    unit_name: str
    level: str
    period: str
    value: float | None
    reported: int
    expected: int
    complete: bool

    def as_record(self) -> dict[str, object]:
        return {
            "indicator": self.indicator,
            "disaggregation": self.disaggregation,
            "unit": self.unit,
            "unit_name": self.unit_name,
            "level": self.level,
            "period": self.period,
            "value": self.value,
            "reported": self.reported,
            "expected": self.expected,
            "complete": self.complete,
        }


class ColumnarCopy:
    """This process's copy of the communes' counted figures, and what it was made from."""

    def __init__(self) -> None:
        self.engine = RollupEngine(threads=2, memory_limit="1GB")
        self.structure = ""  # stamp of the catalogue and the units the copy was made with
        self.seen_at: datetime | None = None  # latest updated_at read
        self.rows_seen = 0  # observations in the store when last read (a deletion changes it)
        self.rules: dict[int, Rule] = {}
        self.units: dict[int, tuple[str, str, str]] = {}  # id -> code, name, level
        self.lock = threading.Lock()

    def refresh(self) -> None:
        """Bring the copy in step with the store: what changed since the last look, or everything."""
        structure = table_stamp(Indicator, AdministrativeUnit, UnitSuccession)
        state = Observation.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        if structure != self.structure:
            self._load_structure()
            self.structure = structure
            self._reload(state["n"], state["last"])
            return
        if state["n"] != self.rows_seen:
            self._reload(state["n"], state["last"])
            return
        if self.seen_at is not None and state["last"] is not None and state["last"] >= self.seen_at:
            changed = Observation.objects.filter(updated_at__gte=self.seen_at - _LOOKBACK)
            ids, rows = _rows(changed)
            self.engine.keep(rows, replacing=ids)
            self.seen_at = state["last"]

    def _reload(self, count: int, last: datetime | None) -> None:
        self.engine.keep(_empty(), everything=True)
        start = 0
        while True:
            ids, rows = _rows(Observation.objects.filter(id__gt=start).order_by("id")[:_CHUNK])
            if not ids:
                break
            self.engine.keep(rows)
            start = max(ids)
        self.rows_seen = count
        self.seen_at = last

    def _load_structure(self) -> None:
        indicators = list(Indicator.objects.all())
        by_code = {i.code: i.pk for i in indicators}
        self.rules = {}
        for indicator in indicators:
            rule = _rule(indicator, by_code)
            if rule is not None:
                self.rules[indicator.pk] = rule
        units = list(AdministrativeUnit.objects.all())
        self.units = {u.pk: (u.code, u.name, u.level) for u in units}
        self.units[COUNTRY_ID] = (COUNTRY_CODE, COUNTRY_NAME, COUNTRY_LEVEL)
        table = pa.table(
            {
                "unit": pa.array([COUNTRY_ID, *(u.pk for u in units)], pa.int32()),
                "parent": pa.array(
                    [None, *(u.parent_id if u.parent_id else _top(u) for u in units)], pa.int32()
                ),
                "level": [COUNTRY_LEVEL, *(u.level for u in units)],
                "alive_from": pa.array(
                    [FIRST_DAY, *(day_number(u.valid_from, default=FIRST_DAY) for u in units)], pa.int32()
                ),
                "alive_to": pa.array(
                    [LAST_DAY, *(day_number(u.valid_to, default=LAST_DAY) for u in units)], pa.int32()
                ),
            }
        )
        self.engine.load_hierarchy(table, _memberships(units))


def _top(unit: AdministrativeUnit) -> int | None:
    """A province with no parent is part of the country; any other unit without one is of nothing."""
    return COUNTRY_ID if unit.level == "province" else None


def _rule(indicator: Indicator, by_code: dict[str, int]) -> Rule | None:
    aggregation = Aggregation(indicator.aggregation)
    if aggregation is Aggregation.SUM:
        return Rule(indicator.pk, aggregation)
    if aggregation is Aggregation.RATIO:
        numerator, denominator = by_code.get(indicator.numerator), by_code.get(indicator.denominator)
        if numerator is None or denominator is None:
            return None  # its elements have no figures: never averaged instead
        return Rule(
            indicator.pk,
            aggregation,
            numerator=numerator,
            denominator=denominator,
            scale=ratio_scale(indicator.unit),
        )
    if aggregation is Aggregation.WEIGHTED_MEAN:
        weight = by_code.get(indicator.weight)
        return None if weight is None else Rule(indicator.pk, aggregation, weight=weight)
    return None


def _memberships(units: list[AdministrativeUnit]) -> pa.Table:
    """Each commune that continues a former province counts there (whole: the units say no share)."""
    by_id = {u.pk: u for u in units}
    by_code = {u.code: u for u in units}
    domain_units = [
        unit_to_domain(u, parent_code=by_id[u.parent_id].code if u.parent_id else None) for u in units
    ]
    successions = [
        unit_succession_to_domain(s)
        for s in UnitSuccession.objects.prefetch_related("predecessors", "successors")
    ]
    pairs: list[tuple[int, int]] = []
    for former in (u for u in units if u.level == "province" and u.valid_to is not None):
        for commune in communes_of_former_unit(former.code, successions, domain_units):
            if commune.code in by_code and by_code[commune.code].parent_id != former.pk:
                pairs.append((by_code[commune.code].pk, former.pk))
    return pa.table(
        {
            "unit": pa.array([p[0] for p in pairs], pa.int32()),
            "parent": pa.array([p[1] for p in pairs], pa.int32()),
            "share": pa.array([1.0] * len(pairs), pa.float64()),
        }
    )


def _empty() -> pa.Table:
    return _table([])


def _rows(observations: object) -> tuple[list[int], pa.Table]:
    """The ids read (all of them, to replace) and the counted numeric figures among them."""
    read = list(
        observations.values_list(  # type: ignore[attr-defined]
            "id", "indicator_id", "disaggregation", "unit_id", "period", "period_end", "value", "state"
        )
    )
    kept = [r for r in read if r[7] in COUNTED_STATES and r[6] is not None]
    return [r[0] for r in read], _table(kept)


def _table(rows: list[tuple[int, int, str, int, str, date, float, str]]) -> pa.Table:
    return pa.table(
        {
            "id": pa.array([r[0] for r in rows], pa.int64()),
            "series": pa.array([r[1] for r in rows], pa.int32()),
            "disaggregation": pa.array([r[2] for r in rows], pa.string()),
            "unit": pa.array([r[3] for r in rows], pa.int32()),
            "period": pa.array([r[4] for r in rows], pa.string()),
            "period_end": pa.array([day_number(r[5], default=LAST_DAY) for r in rows], pa.int32()),
            "value": pa.array([r[6] for r in rows], pa.float64()),
        }
    )


_copy: ColumnarCopy | None = None  # made on the first read: a process that never asks holds nothing


def rollups(
    indicator_code: str,
    *,
    level: str | None = None,
    period: str | None = None,
    disaggregation: str | None = None,
) -> list[RollupRow]:
    """The totals of one indicator for every unit above the communes (or those of ``level``), made
    from the store as it is now.

    Raises:
        NotFoundError: no indicator has that code, or it is never rolled up (its rule is ``none``,
            or the data elements of its ratio or weighted mean have no indicator to hold their figures).
    """
    indicator = Indicator.objects.filter(code=indicator_code).first()
    if indicator is None:
        raise NotFoundError(f"không có chỉ tiêu mã '{indicator_code}'")
    copy = _the_copy()
    with copy.lock:
        copy.refresh()
        rule = copy.rules.get(indicator.pk)
        if rule is None:
            raise NotFoundError(_why_not(indicator))
        table = copy.engine.rollup(None, copy.rules.values(), series=[rule.series])
        units = dict(copy.units)
    rows = []
    for r in table.to_pylist():
        if r["series"] != indicator.pk:
            continue
        code, name, unit_level = units.get(r["unit"], ("?", "?", "?"))
        if (level and unit_level != level) or (period and r["period"] != period):
            continue
        if disaggregation is not None and r["disaggregation"] != disaggregation:
            continue
        rows.append(
            RollupRow(
                indicator.code,
                r["disaggregation"],
                code,
                name,
                unit_level,
                r["period"],
                r["value"],
                r["reported"],
                r["expected"],
                r["complete"],
            )
        )
    rows.sort(key=lambda row: (row.period, row.disaggregation, _LEVEL_ORDER.get(row.level, 9), row.unit))
    return rows


_LEVEL_ORDER = {COUNTRY_LEVEL: 0, "province": 1, "area": 2, "district": 3, LEAF_LEVEL: 4}


def league(
    indicator_code: str,
    *,
    period: str | None = None,
    level: str = "province",
    within: str | None = None,
    disaggregation: str = "",
) -> list[RollupRow]:
    """A league table: one figure of one indicator per unit of ``level`` (inside the unit whose code
    is ``within``, when given) for ``period``, or each unit's latest period with a figure when
    ``period`` is None.

    Above the communes the figures are the totals of :func:`rollups`, with their completeness. A
    commune's figure is its own: its counted figure, or for a ratio its two elements' figures divided
    (as above the communes), else the ratio it reported; it counts 1/1 when it has one. Every unit
    that existed at the period's cut-off (today, when ``period`` is None) is listed, those without a
    figure with no value and 0 reported. Highest value first, units without a figure last.

    Raises:
        NotFoundError: no indicator or no unit ``within`` has that code, or the indicator is never
            rolled up and a level above the communes is asked.
        InvalidValueError: ``period`` is not a period.
    """
    indicator = Indicator.objects.filter(code=indicator_code).first()
    if indicator is None:
        raise NotFoundError(f"không có chỉ tiêu mã '{indicator_code}'")
    day = parse_period(period).end if period else date.today()
    root: int | None = None
    if within is not None and within != COUNTRY_CODE:
        found = AdministrativeUnit.objects.filter(code=within).values_list("pk", flat=True).first()
        if found is None:
            raise NotFoundError(f"không có địa bàn mã '{within}'")
        root = found
    inside = _units_inside(root, level, day)
    figures: dict[str, RollupRow] = {}
    if level == LEAF_LEVEL:
        figures = _commune_figures(indicator, disaggregation, period, inside)
    else:
        by_unit: dict[str, list[RollupRow]] = {}
        for row in rollups(indicator_code, level=level, period=period, disaggregation=disaggregation):
            if row.value is not None:
                by_unit.setdefault(row.unit, []).append(row)
        figures = {code: max(found, key=_recency) for code, found in by_unit.items()}
    rows = [
        figures.get(code)
        or RollupRow(indicator.code, disaggregation, code, name, level, period or "", None, 0, 0, False)
        for code, name in inside.values()
    ]
    rows.sort(key=lambda row: (row.value is None, -(row.value or 0.0), row.unit))
    return rows


def _recency(row: RollupRow) -> tuple[date, int]:
    """The later cut-off first; of two periods ending the same day, the longer (the year)."""
    period = parse_period(row.period)
    return period.end, period.months


def _units_inside(root: int | None, level: str, day: date) -> dict[int, tuple[str, str]]:
    """The units of ``level`` under ``root`` (anywhere when None) that existed on ``day``:
    id -> code, name."""
    rows = list(
        AdministrativeUnit.objects.values_list(
            "pk", "code", "name", "level", "parent_id", "valid_from", "valid_to"
        )
    )
    parent = {r[0]: r[4] for r in rows}

    def under(pk: int | None) -> bool:
        for _ in range(10):  # commune, district, province, country: a loop in the data ends here
            if pk is None:
                return False
            if pk == root:
                return True
            pk = parent.get(pk)
        return False

    if level == COUNTRY_LEVEL:
        return {COUNTRY_ID: (COUNTRY_CODE, COUNTRY_NAME)} if root is None else {}
    return {
        r[0]: (r[1], r[2])
        for r in rows
        if r[3] == level and in_force(r[5], r[6], day) and (root is None or (r[0] != root and under(r[0])))
    }


def _commune_figures(
    indicator: Indicator, disaggregation: str, period: str | None, communes: dict[int, tuple[str, str]]
) -> dict[str, RollupRow]:
    """Each commune's own figure (for ``period``, or its latest), a ratio from its elements when it
    has both (the rule above the communes), else the figure it reported."""
    aggregation = Aggregation(indicator.aggregation)
    elements: tuple[int | None, int | None] = (None, None)
    if aggregation is Aggregation.RATIO:
        by_code = dict(
            Indicator.objects.filter(code__in=[indicator.numerator, indicator.denominator]).values_list(
                "code", "pk"
            )
        )
        elements = (by_code.get(indicator.numerator), by_code.get(indicator.denominator))
    wanted = [indicator.pk, *(e for e in elements if e is not None)]
    found = Observation.objects.filter(
        indicator_id__in=wanted,
        disaggregation=disaggregation,
        unit_id__in=list(communes),
        state__in=COUNTED_STATES,
        value__isnull=False,
    )
    if period:
        found = found.filter(period=period)
    values: dict[tuple[int, str], dict[int, float | None]] = {}
    for series, unit, at, figure in found.values_list("indicator_id", "unit_id", "period", "value"):
        values.setdefault((unit, at), {})[series] = figure
    scale = ratio_scale(indicator.unit)
    figures: dict[str, RollupRow] = {}
    for (unit, at), of in values.items():
        numerator, denominator = (of.get(e) if e is not None else None for e in elements)
        if numerator is not None and denominator:
            value: float | None = numerator / denominator * scale
        else:
            value = of.get(indicator.pk)
        if value is None:
            continue
        code, name = communes[unit]
        row = RollupRow(indicator.code, disaggregation, code, name, LEAF_LEVEL, at, value, 1, 1, True)
        if code not in figures or _recency(row) > _recency(figures[code]):
            figures[code] = row
    return figures


def _why_not(indicator: Indicator) -> str:
    aggregation = Aggregation(indicator.aggregation)
    if aggregation is Aggregation.NONE:
        return f"chỉ tiêu '{indicator.code}' không cộng gộp theo địa bàn ({aggregation.label})"
    elements = [e for e in (indicator.numerator, indicator.denominator, indicator.weight) if e]
    return (
        f"chỉ tiêu '{indicator.code}' được tính từ {', '.join(elements)}, "
        "nhưng chưa có chỉ tiêu nào mang số liệu của các phần tử này"
    )


def _the_copy() -> ColumnarCopy:
    global _copy
    if _copy is None:
        _copy = ColumnarCopy()
    return _copy


def forget() -> None:
    """Drop this process's copy (tests: a new database under the same process)."""
    global _copy
    _copy = None
