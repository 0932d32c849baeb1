"""Roll figures up the administrative hierarchy from sums kept per cell (decision 0012, revised).

The figures of the lowest units (communes) make the figure of every unit that contains them —
district, province, country, and the former territories that the 2025 mapping says they lay in —
per indicator, disaggregation and period, following each indicator's written rule (decision 0010):

- ``sum``: the sum of the communes' figures;
- ``ratio``: the sum of the numerator element over the sum of the denominator element, times the
  scale of the unit (100 for %, 10.000 for "/10.000 dân"); recomputed, never an average of rates;
- ``weighted_mean``: the communes' figures weighted by the weight element reported for the same
  commune, disaggregation and period;
- ``none``: never rolled up.

Every total says how many of the communes that existed at the period's cut-off reported
(``reported`` / ``expected``); a total from an incomplete set is not ``complete`` and must not be
shown as the territory's figure. A ratio counts the communes that reported the smaller of its two
elements' counts. A total made through the estimated part of a divided commune (its recorded area
share, :func:`continued_shares`) is ``assumed``.

Inputs are Arrow tables (the web layer reads them from the observation store; the benchmarks
generate them), so this module knows no database. Unit ids and series ids are integers; days are
``yyyymmdd`` integers (:func:`day_number`). A unit's figures move up to its parent only for the
periods it existed in, so a former province's figures of 2026 (from the communes that continue it)
never reach the country twice; an ``area`` (a former territory kept for statistics) is never a part
of anything above it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from planwatch.domain.model import UnitShare, UnitSuccession
from planwatch.domain.vocabulary import Aggregation

# Columns of the inputs. ``period_end`` is the period's data cut-off (domain.periods).
OBSERVATIONS = pa.schema(
    [
        ("series", pa.int32()),
        ("disaggregation", pa.string()),
        ("unit", pa.int32()),
        ("period", pa.string()),
        ("period_end", pa.int32()),
        ("value", pa.float64()),
    ]
)
UNITS = pa.schema(
    [
        ("unit", pa.int32()),
        ("parent", pa.int32()),
        ("level", pa.string()),
        ("alive_from", pa.int32()),
        ("alive_to", pa.int32()),
    ]
)
# A commune that continues (part of) a former territory: its figures count there with ``share``.
MEMBERSHIPS = pa.schema([("unit", pa.int32()), ("parent", pa.int32()), ("share", pa.float64())])

FIRST_DAY = 10000101  # no beginning known
LAST_DAY = 99991231  # no end known
LEAF_LEVEL = "commune"
_NOT_A_PART = "area"
_PER = re.compile(r"/\s*([0-9][0-9.]*)")


def day_number(day: date | None, *, default: int) -> int:
    """``day`` as ``yyyymmdd`` (ordered like the dates), or ``default`` when there is none."""
    return default if day is None else day.year * 10000 + day.month * 100 + day.day


def ratio_scale(unit: str | None) -> float:
    """What a ratio of two summed elements is multiplied by to be read in ``unit``.

    >>> ratio_scale("%"), ratio_scale("người/10.000 dân"), ratio_scale("triệu đồng/người")
    (100.0, 10000.0, 1.0)
    """
    if unit and "%" in unit:
        return 100.0
    found = _PER.search(unit or "")
    if found and found.group(1).replace(".", "").isdigit():
        return float(found.group(1).replace(".", ""))
    return 1.0


@dataclass(frozen=True, slots=True)
class Rule:
    """How one series combines across places (the indicator's ``aggregation`` and its elements,
    each the series id of the data element's observations; ``None`` when it has none)."""

    series: int
    aggregation: Aggregation
    numerator: int | None = None
    denominator: int | None = None
    weight: int | None = None
    scale: float = 1.0


@dataclass(frozen=True, slots=True)
class Total:
    """The figure of one unit made from its communes', and how many of them it is made of."""

    series: int
    disaggregation: str
    unit: int
    period: str
    value: float | None
    reported: int
    expected: int

    @property
    def complete(self) -> bool:
        """Every commune that existed at the period's cut-off reported."""
        return self.expected > 0 and self.reported >= self.expected


_Keys = tuple[np.ndarray, np.ndarray, np.ndarray]
# series, disaggregation (codes, texts), period, cell, value, unit of each row kept
_Coded = tuple[np.ndarray, np.ndarray, list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True, slots=True)
class _Edges:
    """Edges sorted by parent: ``child`` and ``share`` per edge, where each parent's run ``starts``
    and which parent it is (``parents``), and each edge's days (its child's) for the alive test."""

    child: np.ndarray
    share: np.ndarray
    starts: np.ndarray
    parents: np.ndarray
    alive_from: np.ndarray
    alive_to: np.ndarray

    @classmethod
    def of(
        cls,
        child: np.ndarray,
        parent: np.ndarray,
        share: np.ndarray,
        alive_from: np.ndarray,
        alive_to: np.ndarray,
    ) -> _Edges:
        order = np.argsort(parent, kind="stable")
        parent = parent[order]
        starts = (
            np.flatnonzero(np.r_[True, parent[1:] != parent[:-1]]) if len(parent) else np.zeros(0, np.int64)
        )
        return cls(child[order], share[order], starts, parent[starts], alive_from[order], alive_to[order])

    def up(self, values: np.ndarray, n_out: int, *, shared: bool, alive: np.ndarray | None) -> np.ndarray:
        """``values`` (k, periods, children) moved to the parents (k, periods, ``n_out``): times each
        edge's share when ``shared``, only for the periods the child existed in when ``alive`` (periods,
        edges) is given."""
        out = np.zeros((values.shape[0], values.shape[1], n_out))
        if not len(self.child):
            return out
        # a block of rows at a time: the temporary (rows, periods, edges) stays near 16 MB
        block = max(1, 2_000_000 // max(values.shape[1] * len(self.child), 1))
        for first in range(0, values.shape[0], block):
            moved = values[first : first + block][:, :, self.child]
            if shared:
                moved *= self.share
            if alive is not None:
                moved *= alive
            out[first : first + block, :, self.parents] = np.add.reduceat(moved, self.starts, axis=2)
        return out


class RollupEngine:
    """The communes' figures kept as sums per cell, per series, disaggregation and period; a total of
    any unit is read from those sums and the hierarchy, never from the figures (decision 0012).

    A *cell* is the set of communes that count in the same units with the same shares (a commune of
    a new province that continues one former province; at national scale 177 cells, 2.3 million
    sums for 44 million figures). The sums are dense arrays (series and disaggregation × period ×
    cell) of values and counts, and for a weighted mean of value × weight and weight; a write
    recounts only the cells it touches (:meth:`recount`). ``threads`` and ``memory_limit`` are
    accepted for the callers of the DuckDB engine this replaced; numpy uses one core here.
    """

    def __init__(self, *, threads: int = 2, memory_limit: str = "2GB") -> None:
        self.threads = threads
        self.memory_limit = memory_limit
        self._rules: dict[int, Rule] = {}
        self.load_hierarchy(UNITS.empty_table())

    # --- the hierarchy --------------------------------------------------------------------------

    def load_hierarchy(self, units: pa.Table, memberships: pa.Table | None = None) -> None:
        """The units (with parent, level and the days they existed) and the mapping memberships.
        The sums kept so far are dropped: the cells are made anew."""
        units = units.cast(UNITS)
        given = memberships if memberships is not None else MEMBERSHIPS.empty_table()
        guessed = (
            given["assumed"].to_pylist() if "assumed" in given.column_names else [False] * given.num_rows
        )
        members = given.select(MEMBERSHIPS.names).cast(MEMBERSHIPS)
        ids = units["unit"].to_numpy(zero_copy_only=False).astype(np.int64)
        parent = units["parent"].fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        level = units["level"].to_pylist()
        alive_from = units["alive_from"].to_numpy(zero_copy_only=False).astype(np.int64)
        alive_to = units["alive_to"].to_numpy(zero_copy_only=False).astype(np.int64)
        row_of = {int(u): i for i, u in enumerate(ids)}
        leaf = np.array([lv == LEAF_LEVEL for lv in level], dtype=bool)
        # Every way a unit's figures count in a bigger one: its parent (whole; an area is part of
        # nothing), or a former territory it continues (with a share).
        edges: list[tuple[int, int, float, bool]] = [  # child's row, parent's id, share, assumed
            (i, p, 1.0, False) for i, p in enumerate(parent.tolist()) if p >= 0 and level[i] != _NOT_A_PART
        ]
        edges += [
            (row_of[u], p, float(s), bool(a))
            for u, p, s, a in zip(
                members["unit"].to_pylist(),
                members["parent"].to_pylist(),
                members["share"].to_pylist(),
                guessed,
                strict=True,
            )
            if u in row_of
        ]
        self._nodes = np.array(
            [u for u, is_leaf in zip(ids.tolist(), leaf.tolist(), strict=True) if not is_leaf]
        )
        node_of = {int(u): i for i, u in enumerate(self._nodes.tolist())}
        # Cells: the leaves with the same (parent, share) edges.
        signature: dict[int, list[tuple[int, float, bool]]] = {}
        node_child: list[int] = []
        node_parent: list[int] = []
        node_share: list[float] = []
        for row, p, s, a in edges:
            if p not in node_of:
                continue  # a parent that is not a unit, or a leaf: nothing to count in
            if leaf[row]:
                signature.setdefault(row, []).append((node_of[p], s, a))
            else:
                node_child.append(node_of[int(ids[row])])
                node_parent.append(node_of[p])
                node_share.append(s)
        cells = sorted({tuple(sorted(cell)) for cell in signature.values()})
        cell_of_signature = {edges: c for c, edges in enumerate(cells)}
        top = int(ids.max()) + 1 if len(ids) else 1
        self._cell_lookup = np.full(top, -1, dtype=np.int32)
        leaf_rows = sorted(signature)
        self._leaf_cell = np.array(
            [cell_of_signature[tuple(sorted(signature[r]))] for r in leaf_rows], dtype=np.int64
        )
        self._cell_lookup[ids[leaf_rows]] = self._leaf_cell
        self._leaf_alive = (alive_from[leaf_rows], alive_to[leaf_rows])
        self._leaf_ids = ids[leaf_rows]
        flat = [(c, p, s, a) for c, cell in enumerate(cells) for p, s, a in cell]

        def cell_edges(chosen: list[tuple[int, int, float, bool]]) -> _Edges:
            return _Edges.of(
                np.array([e[0] for e in chosen], dtype=np.int64),
                np.array([e[1] for e in chosen], dtype=np.int64),
                np.array([e[2] for e in chosen], dtype=np.float64),
                np.full(len(chosen), FIRST_DAY, dtype=np.int64),
                np.full(len(chosen), LAST_DAY, dtype=np.int64),
            )

        self._cell_edges = cell_edges(flat)
        # The edges whose share is an estimate (a divided commune's part): totals made through
        # them are marked ``assumed``.
        self._assumed_edges = cell_edges([e for e in flat if e[3]])
        node_rows = [row_of[int(self._nodes[c])] for c in node_child]
        self._node_edges = _Edges.of(
            np.array(node_child, dtype=np.int64),
            np.array(node_parent, dtype=np.int64),
            np.array(node_share, dtype=np.float64),
            alive_from[node_rows] if node_rows else np.zeros(0, np.int64),
            alive_to[node_rows] if node_rows else np.zeros(0, np.int64),
        )
        self._n_cells = len(cells)
        self.fingerprint = hashlib.sha256(
            repr(
                (
                    ids.tolist(),
                    parent.tolist(),
                    level,
                    alive_from.tolist(),
                    alive_to.tolist(),
                    members.to_pydict(),
                    guessed,
                )
            ).encode()
        ).hexdigest()[:16]
        self.reset(self._rules.values())

    # --- the sums -------------------------------------------------------------------------------

    def reset(self, rules: Iterable[Rule]) -> None:
        """No figures yet; ``rules`` say which series are weighted means and by which weight."""
        self._rules = {r.series: r for r in rules}
        self._means = {
            r.series: r.weight
            for r in self._rules.values()
            if r.aggregation is Aggregation.WEIGHTED_MEAN and r.weight is not None
        }
        self._slices: dict[tuple[int, str], int] = {}
        self._wslices: dict[tuple[int, str], int] = {}
        self._periods: dict[str, int] = {}
        self._period_end: list[int] = []
        c = max(self._n_cells, 1)
        self._x = np.zeros((0, 0, c))
        self._n = np.zeros((0, 0, c), dtype=np.int32)
        self._xw = np.zeros((0, 0, c))
        self._w = np.zeros((0, 0, c))
        self._nw = np.zeros((0, 0, c), dtype=np.int32)

    def load(self, figures: pa.Table, rules: Iterable[Rule]) -> None:
        """Every figure at once (the columns of ``OBSERVATIONS``; other units' rows are ignored)."""
        self.reset(rules)
        self.add(figures)

    def add(self, figures: pa.Table) -> None:
        """Add figures not counted yet (a rebuild read in parts: each part holds every series of its
        communes, so that a weighted mean finds its weight in the same part)."""
        self._count(figures, None, None)

    def recount(self, figures: pa.Table, touched: pa.Table) -> None:
        """The figures of ``touched`` keys (series, disaggregation, unit, period, period_end) changed:
        their cells' sums are counted again from ``figures``, which must hold every counted figure
        of those cells for the series :meth:`needed_series` names (more is ignored)."""
        if not touched.num_rows:
            return
        plain, weighted = self._touched_keys(touched)
        for array in (self._x, self._n):
            array[plain] = 0
        for array in (self._xw, self._w, self._nw):
            array[weighted] = 0
        self._count(figures, plain, weighted)

    def needed_series(self, series: Iterable[int]) -> set[int]:
        """The series whose figures :meth:`recount` needs when ``series`` changed: them, the weighted
        means they weigh, and the weights of those means."""
        changed = set(series)
        means = {m for m, w in self._means.items() if m in changed or w in changed}
        return changed | means | {self._means[m] for m in means}

    def same_cell(self, units: Iterable[int]) -> list[int]:
        """The communes that share a cell with one of ``units`` (whose figures a recount reads)."""
        asked = np.array([u for u in set(units) if 0 <= u < len(self._cell_lookup)], dtype=np.int64)
        cells = np.unique(self._cell_lookup[asked])
        cells = cells[cells >= 0]
        return sorted(self._leaf_ids[np.isin(self._leaf_cell, cells)].tolist())

    @property
    def nbytes(self) -> int:
        """Memory held by the sums."""
        return sum(a.nbytes for a in (self._x, self._n, self._xw, self._w, self._nw))

    def _grow(self, slices: int, wslices: int, periods: int) -> None:
        def grown(array: np.ndarray, rows: int) -> np.ndarray:
            s, p, c = array.shape
            if rows <= s and periods <= p:
                return array
            bigger = np.zeros((max(rows, s and s * 2), max(periods, p), c), dtype=array.dtype)
            bigger[:s, :p] = array
            return bigger

        self._x, self._n = grown(self._x, slices), grown(self._n, slices)
        self._xw, self._w, self._nw = (
            grown(self._xw, wslices),
            grown(self._w, wslices),
            grown(self._nw, wslices),
        )

    def _code(self, figures: pa.Table) -> _Coded:
        """Integer codes of the rows (series, disaggregation, period, cell) and their values; rows of
        units that are not communes of the hierarchy, or without a value, are left out."""
        units = figures["unit"].to_numpy(zero_copy_only=False)  # kept narrow: fewer bytes to move
        cell = self._cell_lookup.take(units, mode="clip")
        cell[(units < 0) | (units >= len(self._cell_lookup))] = -1
        column = figures["value"]
        value = (column.fill_null(np.nan) if column.null_count else column).to_numpy(zero_copy_only=False)
        value = value.astype(np.float64, copy=False)
        keep = (cell >= 0) & ~np.isnan(value)
        if not keep.all():
            figures = figures.filter(pa.array(keep))
            cell, value, units = cell[keep], value[keep], units[keep]
        series = figures["series"].to_numpy(zero_copy_only=False)
        dis_local, dis_names = _dictionary(figures["disaggregation"])
        per_local, per_names = _dictionary(figures["period"])
        ends = figures["period_end"].to_numpy(zero_copy_only=False)
        # a period's cut-off is the same on each of its rows: their sum over their number
        rows_of = np.bincount(per_local, minlength=len(per_names))
        end_of = np.bincount(per_local, weights=ends, minlength=len(per_names))
        period_code = np.zeros(len(per_names), dtype=np.int64)
        for i, name in enumerate(per_names):
            if name not in self._periods:
                if not rows_of[i]:
                    continue  # a text of the dictionary no row uses
                self._periods[name] = len(self._periods)
                self._period_end.append(round(end_of[i] / rows_of[i]))
            period_code[i] = self._periods.get(name, 0)
        period = period_code[per_local] if len(per_names) else per_local
        return series, dis_local, dis_names, period, cell, value, units

    def _slice_codes(
        self, series: np.ndarray, dis: np.ndarray, dis_names: list[str], table: dict[tuple[int, str], int]
    ) -> np.ndarray:
        """Each row's code in ``table`` for its (series, disaggregation), new pairs added."""
        if not len(series):
            return np.zeros(0, dtype=np.int64)
        width = len(dis_names)
        pair = series.astype(np.int64) * width + dis
        top = int(pair.max()) + 1
        present = np.zeros(top, dtype=bool)
        present[pair] = True
        lookup = np.zeros(top, dtype=np.int64)
        for key in np.flatnonzero(present).tolist():
            name = (key // width, dis_names[key % width])
            if name not in table:
                table[name] = len(table)
            lookup[key] = table[name]
        return np.asarray(lookup[pair])

    def _count(self, figures: pa.Table, plain: _Keys | None, weighted: _Keys | None) -> None:
        series, dis, dis_names, period, cell, value, units = self._code(figures)
        slices = self._slice_codes(series, dis, dis_names, self._slices)
        self._grow(len(self._slices), len(self._wslices), len(self._periods))
        _, n_periods, n_cells = self._x.shape
        flat = (slices * n_periods + period) * n_cells + cell
        size = self._x.size
        if plain is not None:
            hit = np.zeros(self._x.shape, dtype=bool)
            hit[plain] = True
            chosen = hit.reshape(-1)[flat]
            flat, kept = flat[chosen], value[chosen]
        else:
            kept = value
        self._x.reshape(-1)[:] += np.bincount(flat, weights=kept, minlength=size)
        self._n.reshape(-1)[:] += np.bincount(flat, minlength=size).astype(np.int32)
        if not self._means:
            return
        # value × weight of the same commune, disaggregation and period: the weight rows sorted by
        # (weight series, disaggregation, period, unit), each mean row looked up among them.
        top_series = max(int(series.max()) if len(series) else 0, *self._means, *self._means.values()) + 1
        weight_of = np.full(top_series, -1, dtype=np.int64)
        for m, w in self._means.items():
            weight_of[m] = w
        is_weight = np.zeros(top_series, dtype=bool)
        is_weight[list(self._means.values())] = True
        width_d, width_p, width_u = (
            len(dis_names) + 1,
            max(len(self._periods), 1),
            int(units.max(initial=0)) + 1,
        )

        def place(s: np.ndarray, rows: np.ndarray) -> np.ndarray:
            wide = s.astype(np.int64)
            return np.asarray(((wide * width_d + dis[rows]) * width_p + period[rows]) * width_u + units[rows])

        weights = np.flatnonzero(is_weight[series])
        means = np.flatnonzero(weight_of[series] >= 0)
        if not len(weights) or not len(means):
            return
        weight_keys = place(series[weights], weights)
        order = np.argsort(weight_keys, kind="stable")
        weight_keys, weight_values = weight_keys[order], value[weights][order]
        wanted = place(weight_of[series[means]], means)
        at = np.minimum(np.searchsorted(weight_keys, wanted), len(weight_keys) - 1)
        found = weight_keys[at] == wanted
        means, w = means[found], weight_values[at[found]]
        wslices = self._slice_codes(series[means], dis[means], dis_names, self._wslices)
        self._grow(len(self._slices), len(self._wslices), len(self._periods))
        _, n_periods, n_cells = self._xw.shape
        flat = (wslices * n_periods + period[means]) * n_cells + cell[means]
        v = value[means]
        if weighted is not None:
            hit = np.zeros(self._xw.shape, dtype=bool)
            hit[weighted] = True
            chosen = hit.reshape(-1)[flat]
            flat, v, w = flat[chosen], v[chosen], w[chosen]
        size = self._xw.size
        self._xw.reshape(-1)[:] += np.bincount(flat, weights=v * w, minlength=size)
        self._w.reshape(-1)[:] += np.bincount(flat, weights=w, minlength=size)
        self._nw.reshape(-1)[:] += np.bincount(flat, minlength=size).astype(np.int32)

    def _touched_keys(self, touched: pa.Table) -> tuple[_Keys, _Keys]:
        """The (slice, period, cell) positions of the sums that ``touched`` rows fall in (plain,
        weighted)."""
        touched = touched.select(["series", "disaggregation", "unit", "period", "period_end"]).append_column(
            "value", pa.array(np.zeros(touched.num_rows))
        )
        series, dis, dis_names, period, cell, _, _ = self._code(touched)
        slices = self._slice_codes(series, dis, dis_names, self._slices)
        # the weighted means whose sums move: a touched mean, or a mean weighed by a touched series
        mean_rows, mean_series = [], []
        for m, w in self._means.items():
            rows = np.flatnonzero((series == m) | (series == w))
            mean_rows.append(rows)
            mean_series.append(np.full(len(rows), m, dtype=np.int64))
        rows = np.concatenate(mean_rows) if mean_rows else np.zeros(0, np.int64)
        means = np.concatenate(mean_series) if mean_series else np.zeros(0, np.int64)
        wslices = self._slice_codes(means, dis[rows], dis_names, self._wslices)
        self._grow(len(self._slices), len(self._wslices), len(self._periods))
        return (slices, period, cell), (wslices, period[rows], cell[rows])

    # --- reading --------------------------------------------------------------------------------

    def rollup(
        self,
        observations: pa.Table | None = None,
        rules: Iterable[Rule] | None = None,
        *,
        series: Iterable[int] | None = None,
    ) -> pa.Table:
        """Every total of every unit above the communes, as an Arrow table with the columns of
        :class:`Total` (``complete`` included), for the series asked (all with a rule by default).

        ``observations`` are the communes' figures, counted for this call only; ``None`` reads the
        sums kept (:meth:`load`, :meth:`recount`). ``rules`` default to those the sums were made with.
        """
        if observations is not None:
            once = copy.copy(self)
            once.load(observations, self._rules.values() if rules is None else rules)
            return once.rollup(None, rules, series=series)
        given = list(self._rules.values() if rules is None else rules)
        wanted = _rules_for(given, None if series is None else set(series))
        ends = np.array(self._period_end, dtype=np.int64)
        n_nodes = len(self._nodes)
        # Which kept sums each rule reads: (its rows of the plain or weighted sums, how to combine).
        sums, numerators, denominators, means = [], [], [], []
        out_series: list[int] = []
        out_dis: list[str] = []
        dis_code: dict[str, int] = {}
        for (s, d), code in self._slices.items():
            rule = wanted.get(s)
            if rule is not None and rule.aggregation is Aggregation.SUM:
                sums.append((code, s, d))
        for rule in wanted.values():
            if rule.aggregation is Aggregation.RATIO:
                for (s, d), code in self._slices.items():
                    other = self._slices.get((rule.denominator or -1, d))
                    if s == rule.numerator and other is not None:
                        numerators.append((code, rule.series, d, rule.scale))
                        denominators.append(other)
        for (s, d), code in self._wslices.items():
            rule = wanted.get(s)
            if rule is not None and rule.aggregation is Aggregation.WEIGHTED_MEAN:
                means.append((code, s, d))
        plain = sorted({c for c, *_ in sums} | {c for c, *_ in numerators} | set(denominators))
        row = {c: i for i, c in enumerate(plain)}
        alive = (
            (self._node_edges.alive_from[None, :] <= ends[:, None])
            & (ends[:, None] <= self._node_edges.alive_to[None, :])
        ).astype(np.float64)
        x = self._up(self._x[plain, : len(ends)], alive, shared=True)
        counted = self._n[plain, : len(ends)].astype(np.float64)
        n = self._up(counted, alive, shared=False)
        guessed = self._up(counted, alive, shared=False, first=self._assumed_edges)
        values, counts, estimates = [], [], []
        if sums:
            idx = [row[c] for c, *_ in sums]
            values.append(x[idx])
            counts.append(n[idx])
            estimates.append(guessed[idx])
            for _, s, d in sums:
                out_series.append(s)
                out_dis.append(d)
        if numerators:
            a = [row[c] for c, *_ in numerators]
            b = [row[c] for c in denominators]
            scale = np.array([sc for *_, sc in numerators])[:, None, None]
            top, bottom = x[a], x[b]
            with np.errstate(divide="ignore", invalid="ignore"):
                values.append(np.where(bottom != 0, top / bottom * scale, np.nan))
            counts.append(np.minimum(n[a], n[b]))
            estimates.append(guessed[a] + guessed[b])
            for _, s, d, _ in numerators:
                out_series.append(s)
                out_dis.append(d)
        if means:
            idx = [c for c, *_ in means]
            xw = self._up(self._xw[idx, : len(ends)], alive, shared=True)
            w = self._up(self._w[idx, : len(ends)], alive, shared=True)
            with np.errstate(divide="ignore", invalid="ignore"):
                values.append(np.where(w != 0, xw / w, np.nan))
            pairs = self._nw[idx, : len(ends)].astype(np.float64)
            counts.append(self._up(pairs, alive, shared=False))
            estimates.append(self._up(pairs, alive, shared=False, first=self._assumed_edges))
            for _, s, d in means:
                out_series.append(s)
                out_dis.append(d)
        if not values or not len(ends) or not n_nodes:
            return _empty_totals()
        value = np.concatenate(values)
        count = np.concatenate(counts)
        which, period, node = np.nonzero(count > 0)
        expected = self._expected(ends, alive)[period, node]
        reported = count[which, period, node].astype(np.int32)
        names = list(self._periods)
        for d in out_dis:
            dis_code.setdefault(d, len(dis_code))
        figure = value[which, period, node]
        return pa.table(
            {
                "series": pa.array(np.array(out_series, dtype=np.int32)[which]),
                "disaggregation": pa.DictionaryArray.from_arrays(
                    pa.array(np.array([dis_code[d] for d in out_dis], dtype=np.int32)[which]),
                    pa.array(list(dis_code), pa.string()),
                ),
                "unit": pa.array(self._nodes[node].astype(np.int32)),
                "period": pa.DictionaryArray.from_arrays(
                    pa.array(period.astype(np.int32)), pa.array(names, pa.string())
                ),
                "value": pa.array(figure, mask=np.isnan(figure)),
                "reported": pa.array(reported),
                "expected": pa.array(expected.astype(np.int32)),
                "complete": pa.array((expected > 0) & (reported >= expected)),
                "assumed": pa.array(np.concatenate(estimates)[which, period, node] > 0),
            }
        )

    def _up(
        self, cells: np.ndarray, alive: np.ndarray, *, shared: bool, first: _Edges | None = None
    ) -> np.ndarray:
        """Sums per cell (k, periods, cells) made sums of every unit above them (k, periods, nodes):
        to the cells' units (through ``first`` of the cells' edges only, when given), then one step
        up at a time for the periods each child existed in."""
        n_nodes = len(self._nodes)
        step = (first or self._cell_edges).up(cells, n_nodes, shared=shared, alive=None)
        total = step.copy()
        has_parent = np.zeros(n_nodes, dtype=bool)
        has_parent[self._node_edges.child] = True
        for _ in range(32):  # deeper than any hierarchy: a loop in the data stops here
            if not step[:, :, has_parent].any():
                break
            step = self._node_edges.up(step, n_nodes, shared=shared, alive=alive)
            total += step
        return total

    def _expected(self, ends: np.ndarray, alive: np.ndarray) -> np.ndarray:
        """How many communes each unit had at each period's cut-off (periods, nodes)."""
        born, gone = self._leaf_alive
        there = (born[None, :] <= ends[:, None]) & (ends[:, None] <= gone[None, :])
        per_cell = np.zeros((1, len(ends), max(self._n_cells, 1)))
        for p in range(len(ends)):
            per_cell[0, p, : self._n_cells] = np.bincount(self._leaf_cell[there[p]], minlength=self._n_cells)
        return np.asarray(self._up(per_cell, alive, shared=False)[0])

    # --- a snapshot on disk ---------------------------------------------------------------------

    def save(self, path: Path, stamp: Mapping[str, object]) -> None:
        """Write the sums and ``stamp`` (what they were made from) to ``path``, atomically."""
        s, w, p = len(self._slices), len(self._wslices), len(self._periods)
        meta = {
            "fingerprint": self.fingerprint,
            "stamp": dict(stamp),
            "slices": [[k[0], k[1]] for k in self._slices],
            "wslices": [[k[0], k[1]] for k in self._wslices],
            "periods": list(self._periods),
            "period_end": self._period_end,
            "rules": [
                [r.series, r.aggregation.value, r.numerator, r.denominator, r.weight, r.scale]
                for r in self._rules.values()
            ],
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        with partial.open("wb") as out:
            np.savez(
                out,
                meta=np.array(json.dumps(meta)),
                x=self._x[:s, :p],
                n=self._n[:s, :p],
                xw=self._xw[:w, :p],
                w=self._w[:w, :p],
                nw=self._nw[:w, :p],
            )
        os.replace(partial, path)

    def open(self, path: Path) -> dict[str, object] | None:
        """Read the sums saved at ``path`` and return their stamp; ``None`` (nothing read) when there
        is no snapshot or it was made with another hierarchy."""
        try:
            saved = np.load(path, allow_pickle=False)
        except (OSError, ValueError, zipfile.BadZipFile):
            return None
        with saved:
            try:
                meta = json.loads(str(saved["meta"]))
            except (KeyError, ValueError, zipfile.BadZipFile):
                return None  # not a snapshot, or a damaged one: the caller counts again
            if meta.get("fingerprint") != self.fingerprint:
                return None
            self.reset(
                Rule(s, Aggregation(a), numerator=n, denominator=d, weight=w, scale=sc)
                for s, a, n, d, w, sc in meta["rules"]
            )
            self._slices = {(s, d): i for i, (s, d) in enumerate(meta["slices"])}
            self._wslices = {(s, d): i for i, (s, d) in enumerate(meta["wslices"])}
            self._periods = {name: i for i, name in enumerate(meta["periods"])}
            self._period_end = list(meta["period_end"])
            self._x, self._n = saved["x"], saved["n"]
            self._xw, self._w, self._nw = saved["xw"], saved["w"], saved["nw"]
        return dict(meta["stamp"])


_SCHEMA = pa.schema(
    [
        ("series", pa.int32()),
        ("disaggregation", pa.dictionary(pa.int32(), pa.string())),
        ("unit", pa.int32()),
        ("period", pa.dictionary(pa.int32(), pa.string())),
        ("value", pa.float64()),
        ("reported", pa.int32()),
        ("expected", pa.int32()),
        ("complete", pa.bool_()),
        ("assumed", pa.bool_()),
    ]
)


def _empty_totals() -> pa.Table:
    return _SCHEMA.empty_table()


def _dictionary(column: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, list[str]]:
    """A text column as integer codes and the texts they stand for."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_integer(array.type):  # codes already (a benchmark's integer keys)
        numbers = array.to_numpy(zero_copy_only=False).astype(np.int64)
        low = int(numbers.min(initial=0))
        high = int(numbers.max(initial=0))
        return numbers - low, [str(v) for v in range(low, high + 1)]
    if not pa.types.is_dictionary(array.type):
        array = pc.dictionary_encode(array.cast(pa.string()))
    codes = array.indices.to_numpy(zero_copy_only=False)
    return codes, [str(v) for v in array.dictionary.cast(pa.string()).to_pylist()]


def continued_shares(
    successions: Iterable[UnitSuccession], shares: Iterable[UnitShare], former_of: Mapping[str, str]
) -> list[tuple[str, str, float, bool]]:
    """The former territories each commune made by a reform continues, and the part of its figures
    that counts in each: ``(commune, former territory, part, assumed)``.

    A commune's predecessors weigh 1 when whole and their recorded share when divided (an area
    share: the part of the divided commune that went into this one; decision 0008), or an equal part
    when a division records none; the part counted in a former territory is the weight of the
    predecessors that lay there over the weight of all of them. A part below 1 is an estimate (the
    figures of the commune are not reported by former territory) and is ``assumed``. ``former_of``
    gives the former territory of each predecessor; a predecessor without one still weighs in the
    whole.
    """
    recorded = {(s.predecessor, s.successor): s.share for s in shares}
    weights: dict[str, dict[str, float]] = {}
    whole: dict[str, float] = {}
    for succession in successions:
        for successor in succession.successors:
            for predecessor in succession.predecessors:
                weight = recorded.get((predecessor, successor))
                if weight is None:
                    weight = 1.0 / len(succession.successors)
                whole[successor] = whole.get(successor, 0.0) + weight
                former = former_of.get(predecessor)
                if former is not None:
                    there = weights.setdefault(successor, {})
                    there[former] = there.get(former, 0.0) + weight
    found = []
    for commune, there in sorted(weights.items()):
        for former, weight in sorted(there.items()):
            part = weight / whole[commune] if whole[commune] else 0.0
            found.append((commune, former, part, part < 1.0))
    return found


def totals(table: pa.Table) -> list[Total]:
    """The rows of :meth:`RollupEngine.rollup` as :class:`Total` values."""
    return [
        Total(
            r["series"], r["disaggregation"], r["unit"], r["period"], r["value"], r["reported"], r["expected"]
        )
        for r in table.to_pylist()
    ]


def _listed(numbers: Iterable[int | None]) -> str:
    """Integers written into a statement (a literal list lets DuckDB filter while it scans)."""
    return ", ".join(str(int(n)) for n in numbers if n is not None) or "NULL"


def _rules_for(rules: list[Rule], series: set[int] | None) -> dict[int, Rule]:
    by_series = {rule.series: rule for rule in rules if rule.aggregation is not Aggregation.NONE}
    if series is None:
        return by_series
    return {key: rule for key, rule in by_series.items() if key in series}


def _series_needed(rules: Iterable[Rule]) -> set[int]:
    needed: set[int] = set()
    for rule in rules:
        needed.add(rule.series)
        needed.update(s for s in (rule.numerator, rule.denominator, rule.weight) if s is not None)
    return needed


def _rules_table(rules: Iterable[Rule]) -> pa.Table:
    listed = list(rules)
    return pa.table(
        {
            "series": pa.array([r.series for r in listed], pa.int32()),
            "aggregation": pa.array([r.aggregation.value for r in listed], pa.string()),
            "numerator": pa.array([r.numerator for r in listed], pa.int32()),
            "denominator": pa.array([r.denominator for r in listed], pa.int32()),
            "weight": pa.array([r.weight for r in listed], pa.int32()),
            "scale": pa.array([r.scale for r in listed], pa.float64()),
        }
    )


def rules_by_series(rules: Iterable[Rule]) -> Mapping[int, Rule]:
    """The rules keyed by their series id."""
    return {rule.series: rule for rule in rules}
