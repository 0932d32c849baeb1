"""Totals of every unit above the communes, from sums of the observation store kept in step with
it (decisions 0012 and 0014).

Each process keeps one :class:`planwatch.analytics.engine.RollupEngine` holding the sums of the
communes' counted figures per cell (never the figures: 2.3 million sums for 44 million figures).
Before every read it asks the store what changed since it last looked — the rows whose
``updated_at`` is not older than the latest it saw (an indexed read) — and recounts the cells those
rows fall in from the store, so a write is visible on the next request, without a nightly batch. A
process starts from the snapshot of the sums the processes of the same database save (a file under
the data folder, stamped with the store's state it was made at) and reads only what changed since;
a change of the catalogue or of the units, a figure deleted or more than 200,000 changed figures
count everything again (and save a new snapshot). PostgreSQL (or SQLite) stays the store.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from planwatch.analytics.engine import (
    FIRST_DAY,
    LAST_DAY,
    LEAF_LEVEL,
    RollupEngine,
    Rule,
    continued_shares,
    day_number,
    ratio_scale,
)
from planwatch.domain import model as domain
from planwatch.domain.errors import NotFoundError
from planwatch.domain.periods import in_force, parse_period
from planwatch.domain.vocabulary import Aggregation
from planwatch.paths import data_dir
from planwatch.web.catalogue.mapping import unit_succession_to_domain
from planwatch.web.catalogue.models import Indicator
from planwatch.web.figures.models import Observation
from planwatch.web.figures.selectors import COUNTED_STATES, table_stamp
from planwatch.web.geography.models import AdministrativeUnit, UnitShare, UnitSuccession

logger = logging.getLogger(__name__)

# The whole country: not a row of the unit table, the unit every province without a parent is part of.
COUNTRY_ID = 0
COUNTRY_CODE = "ca-nuoc"
COUNTRY_NAME = "Cả nước"
COUNTRY_LEVEL = "country"
_CHUNK = 200_000  # figures read at once when everything is counted again
_RECOUNT_AT_MOST = 200_000  # changed figures read row by row; more: everything is counted again
_UNITS_LISTED = 500  # communes named in one query (SQLite's variables); more: not filtered by unit
_SAVE_EVERY = 30.0  # seconds between two snapshots written by one process after changes
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
    """This process's sums of the communes' counted figures per cell, and what they were made from.

    ``snapshot`` is the file the sums are saved to and read from at a cold start (shared by the
    processes of one database), stamped with the store's state they were made at.
    """

    def __init__(self, snapshot: Path | None = None) -> None:
        self.engine = RollupEngine()
        self.snapshot = snapshot
        self.structure = ""  # stamp of the catalogue and the units the sums were made with
        self.seen_at: datetime | None = None  # latest updated_at read
        self.rows_seen = 0  # observations in the store when last read (a deletion lowers it)
        self.saved_at = 0.0  # time.monotonic() of the last snapshot written by this process
        self.rules: dict[int, Rule] = {}
        self.units: dict[int, tuple[str, str, str]] = {}  # id -> code, name, level
        self.lock = threading.Lock()

    def refresh(self) -> None:
        """Bring the sums in step with the store: recount the cells of what changed since the last
        look; count everything again when the structure changed (unless a snapshot of it is as
        recent), a figure was deleted, or too much changed to be read row by row."""
        structure = table_stamp(Indicator, AdministrativeUnit, UnitSuccession, UnitShare)
        # Two statements, not one: together the database counts and scans for the maximum in one pass
        # (120–260 ms at 1,2 M figures); apart the count uses a covering index and the maximum reads
        # the end of the updated_at index (13 ms + 1 ms, bench/README.md, ministry pages).
        state = {
            "n": Observation.objects.count(),
            "last": Observation.objects.aggregate(last=Max("updated_at"))["last"],
        }
        if structure != self.structure:
            self._load_structure()
            self.structure = structure
            if not self._open_snapshot():
                self._reload(state["n"], state["last"])
                return
        if state["n"] < self.rows_seen or (self.seen_at is None and state["n"]):
            self._reload(state["n"], state["last"])
            return
        if self.seen_at is None or state["last"] is None or state["last"] < self.seen_at:
            self.rows_seen = state["n"]
            return
        if state["last"] == self.seen_at and timezone.now() - self.seen_at > _LOOKBACK:
            return  # nothing new, and no transaction stamped before it can still commit unseen
        changed = Observation.objects.filter(updated_at__gte=self.seen_at - _LOOKBACK)
        if changed.count() > _RECOUNT_AT_MOST:
            self._reload(state["n"], state["last"])
            return
        touched = list(changed.values_list(*_KEY_FIELDS))
        series = self.engine.needed_series({row[0] for row in touched})
        near = self.engine.same_cell({row[2] for row in touched})
        read = Observation.objects.filter(
            indicator_id__in=sorted(series),
            period__in=sorted({row[3] for row in touched}),
            state__in=COUNTED_STATES,
            value__isnull=False,
        )
        if len(near) <= _UNITS_LISTED:
            read = read.filter(unit_id__in=near)
        self.engine.recount(_table(list(read.values_list(*_KEY_FIELDS, "value"))), _keys(touched))
        self.rows_seen, self.seen_at = state["n"], state["last"]
        if time.monotonic() - self.saved_at > _SAVE_EVERY:
            self._save()

    def _reload(self, count: int, last: datetime | None) -> None:
        """Count every figure again, the communes' figures read a group of communes at a time (a
        weighted mean and its weight are in the same group), and save the snapshot."""
        self.engine.reset(self.rules.values())
        leaves = [pk for pk, (_, _, level) in self.units.items() if level == LEAF_LEVEL]
        per_unit = max(1, count // max(len(leaves), 1))
        step = max(1, min(_UNITS_LISTED, _CHUNK // per_unit))
        start = 0
        while start < len(leaves):
            rows = list(
                Observation.objects.filter(
                    unit_id__in=leaves[start : start + step], state__in=COUNTED_STATES, value__isnull=False
                ).values_list(*_KEY_FIELDS, "value")
            )
            self.engine.add(_table(rows))
            start += step
            # the next group sized on what this one held: a worker's memory stays near _CHUNK rows
            step = max(1, min(_UNITS_LISTED, _CHUNK * step // max(len(rows), 1)))
        self.rows_seen = count
        self.seen_at = last
        self._save()

    def _open_snapshot(self) -> bool:
        if self.snapshot is None:
            return False
        stamp = self.engine.open(self.snapshot)
        if stamp is None or stamp.get("structure") != self.structure:
            self.engine.reset(self.rules.values())
            return False
        self.rows_seen = int(str(stamp["rows_seen"]))
        seen = stamp.get("seen_at")
        self.seen_at = datetime.fromisoformat(str(seen)) if seen else None
        return True

    def _save(self) -> None:
        if self.snapshot is None:
            return
        stamp = {
            "structure": self.structure,
            "rows_seen": self.rows_seen,
            "seen_at": self.seen_at.isoformat() if self.seen_at else None,
        }
        try:
            self.engine.save(self.snapshot, stamp)
        except OSError as error:  # a read-only data folder: every process counts for itself
            logger.warning("analytics snapshot not saved to %s: %s", self.snapshot, error)
        self.saved_at = time.monotonic()

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
    """Each commune that continues a former province counts there, whole or by the part of it that
    lay there (from the recorded shares of divided communes: an assumption, marked so)."""
    by_id = {u.pk: u for u in units}
    by_code = {u.code: u for u in units}
    formers = {u.pk for u in units if u.level == "province" and u.valid_to is not None}

    def former(unit: AdministrativeUnit | None) -> str | None:
        for _ in range(10):  # commune, district, province: a loop in the data ends here
            if unit is None or unit.pk in formers:
                return None if unit is None else unit.code
            unit = by_id.get(unit.parent_id) if unit.parent_id else None
        return None

    former_of = {u.code: f for u in units if u.valid_to is not None and (f := former(u)) is not None}
    successions = [
        unit_succession_to_domain(s)
        for s in UnitSuccession.objects.prefetch_related("predecessors", "successors")
    ]
    shares = [
        domain.UnitShare(before, after, share, basis, assumed)
        for before, after, share, basis, assumed in UnitShare.objects.values_list(
            "predecessor__code", "successor__code", "share", "basis", "assumed"
        )
    ]
    found = [
        (by_code[commune], by_code[territory], part, assumed)
        for commune, territory, part, assumed in continued_shares(successions, shares, former_of)
        if commune in by_code
        and by_code[commune].level == LEAF_LEVEL
        and by_code[commune].parent_id != by_code[territory].pk
    ]
    return pa.table(
        {
            "unit": pa.array([f[0].pk for f in found], pa.int32()),
            "parent": pa.array([f[1].pk for f in found], pa.int32()),
            "share": pa.array([f[2] for f in found], pa.float64()),
            "assumed": pa.array([f[3] for f in found], pa.bool_()),
        }
    )


_KEY_FIELDS = ("indicator_id", "disaggregation", "unit_id", "period", "period_end")


def _table(rows: list[tuple[int, str, int, str, date, float]]) -> pa.Table:
    """Counted figures as the engine reads them."""
    return pa.table(
        {
            "series": pa.array([r[0] for r in rows], pa.int32()),
            "disaggregation": pa.array([r[1] for r in rows], pa.string()),
            "unit": pa.array([r[2] for r in rows], pa.int32()),
            "period": pa.array([r[3] for r in rows], pa.string()),
            "period_end": pa.array([day_number(r[4], default=LAST_DAY) for r in rows], pa.int32()),
            "value": pa.array([r[5] for r in rows], pa.float64()),
        }
    )


def _keys(rows: list[tuple[int, str, int, str, date]]) -> pa.Table:
    """The keys of changed figures (counted or not any more)."""
    return _table([(*row, 0.0) for row in rows])


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
        _copy = ColumnarCopy(snapshot_path())
    return _copy


def snapshot_path() -> Path:
    """Where the processes serving one database keep the snapshot of the sums
    (``PLANWATCH_ANALYTICS_DIR``, default ``<data dir>/analytics``)."""
    folder = getattr(settings, "PLANWATCH_ANALYTICS_DIR", None) or data_dir() / "analytics"
    where = connection.settings_dict
    database = f"{connection.vendor}:{where.get('HOST')}:{where.get('PORT')}:{where.get('NAME')}"
    return Path(folder) / f"rollup-{hashlib.sha256(database.encode()).hexdigest()[:16]}.npz"


def forget() -> None:
    """Drop this process's copy (tests: a new database under the same process)."""
    global _copy
    _copy = None
