"""Roll figures up the administrative hierarchy on an embedded columnar engine (decision 0012).

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
elements' counts.

Inputs are Arrow tables (the web layer reads them from the observation store; the benchmarks
generate them), so this module knows no database. Unit ids and series ids are integers; days are
``yyyymmdd`` integers (:func:`day_number`). A unit's figures move up to its parent only for the
periods it existed in, so a former province's figures of 2026 (from the communes that continue it)
never reach the country twice; an ``area`` (a former territory kept for statistics) is never a part
of anything above it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import duckdb
import pyarrow as pa

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


class RollupEngine:
    """One DuckDB connection in this process, with the hierarchy loaded once.

    ``threads`` bounds the cores it uses; ``memory_limit`` what it may hold (DuckDB spills beyond).
    """

    def __init__(self, *, threads: int = 2, memory_limit: str = "2GB") -> None:
        self.connection = duckdb.connect(
            ":memory:", config={"threads": threads, "memory_limit": memory_limit}
        )
        self._has_hierarchy = False
        self._all_series = True

    def load_hierarchy(self, units: pa.Table, memberships: pa.Table | None = None) -> None:
        """The units (with parent, level and the days they existed) and the mapping memberships."""
        con = self.connection
        members = memberships if memberships is not None else MEMBERSHIPS.empty_table()
        con.register("units_in", units.cast(UNITS))
        con.register("members_in", members.cast(MEMBERSHIPS))
        con.execute("CREATE OR REPLACE TABLE units AS SELECT * FROM units_in")
        # Every way a unit's figures count in a bigger one: its parent (whole), or a former territory.
        con.execute(
            f"""
            CREATE OR REPLACE TABLE edges AS
            SELECT unit AS child, parent, 1.0::DOUBLE AS share, alive_from, alive_to, level
            FROM units WHERE parent IS NOT NULL AND level <> '{_NOT_A_PART}'
            UNION ALL
            SELECT m.unit, m.parent, m.share, u.alive_from, u.alive_to, u.level
            FROM members_in m JOIN units u USING (unit)
            """
        )
        # Communes that count in the same units with the same shares form one cell: the figures are
        # summed per cell in one pass (a 1:1 lookup), and only the cells' sums go up the edges.
        con.execute(
            f"""
            CREATE OR REPLACE TABLE cell_of AS
            WITH signature AS (
                SELECT child AS unit, string_agg(parent || ':' || share, ',' ORDER BY parent) AS sig
                FROM edges WHERE level = '{LEAF_LEVEL}' GROUP BY child
            ),
            cells AS (SELECT sig, (row_number() OVER (ORDER BY sig))::INTEGER AS cell
                      FROM (SELECT DISTINCT sig FROM signature))
            SELECT s.unit, c.cell FROM signature s JOIN cells c USING (sig)
            """
        )
        con.execute(
            f"""
            CREATE OR REPLACE TABLE cell_edges AS
            SELECT DISTINCT c.cell, e.parent, e.share
            FROM cell_of c JOIN edges e ON e.child = c.unit AND e.level = '{LEAF_LEVEL}'
            """
        )
        con.unregister("units_in")
        con.unregister("members_in")
        self._has_hierarchy = True

    def keep(self, rows: pa.Table, *, replacing: Iterable[int] = (), everything: bool = False) -> None:
        """Keep ``rows`` (the columns of ``OBSERVATIONS`` and the store's ``id``) as this engine's own
        copy of the figures: after removing the ids in ``replacing``, or all of them (``everything``).
        """
        con = self.connection
        con.execute(
            "CREATE TABLE IF NOT EXISTS store (id BIGINT, series INTEGER, disaggregation VARCHAR, "
            "unit INTEGER, period VARCHAR, period_end INTEGER, value DOUBLE)"
        )
        if everything:
            con.execute("DELETE FROM store")
        gone = sorted(set(replacing))
        if gone:
            con.execute("DELETE FROM store WHERE id IN (SELECT unnest($1::BIGINT[]))", [gone])
        if rows.num_rows:
            con.register("rows_in", rows)
            con.execute(
                "INSERT INTO store "
                "SELECT id, series, disaggregation, unit, period, period_end, value FROM rows_in"
            )
            con.unregister("rows_in")

    def rollup(
        self,
        observations: pa.Table | None,
        rules: Iterable[Rule],
        *,
        series: Iterable[int] | None = None,
    ) -> pa.Table:
        """Every total of every unit above the communes, as an Arrow table with the columns of
        :class:`Total` (``complete`` included), for the series asked (all with a rule by default).

        ``observations`` are the communes' figures (rows for other units are ignored); ``None``
        reads the engine's own copy (:meth:`keep`).
        """
        if not self._has_hierarchy:
            self.load_hierarchy(UNITS.empty_table())
        con = self.connection
        wanted = _rules_for(list(rules), None if series is None else set(series))
        con.register("rules_in", _rules_table(wanted.values()))
        if observations is None:
            self.keep(OBSERVATIONS.empty_table().append_column("id", pa.array([], pa.int64())))
            con.execute("CREATE OR REPLACE TEMP VIEW obs_in AS SELECT * FROM store")
        else:
            con.execute("DROP VIEW IF EXISTS obs_in")
            con.register("obs_in", observations)
        needed = sorted(_series_needed(wanted.values()))
        self._all_series = series is None
        try:
            return self._rollup(wanted, needed)
        finally:
            con.unregister("rules_in")
            if observations is not None:
                con.unregister("obs_in")

    def _rollup(self, wanted: dict[int, Rule], needed: list[int]) -> pa.Table:
        con = self.connection
        # The communes' figures summed per cell in one pass; for a weighted mean also value × weight
        # and the weight, from the weight element of the same commune, breakdown and period. Then the
        # cells' sums to the cells' units.
        chosen = "" if self._all_series else f"AND o.series IN ({_listed(needed)})"
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE cells AS
            SELECT o.series, o.disaggregation, c.cell, o.period, ANY_VALUE(o.period_end) AS period_end,
                   SUM(o.value) AS x, COUNT(*)::BIGINT AS n
            FROM obs_in o JOIN cell_of c ON c.unit = o.unit
            WHERE o.value IS NOT NULL {chosen}
            GROUP BY o.series, o.disaggregation, c.cell, o.period
            """
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE weighted AS "
            "SELECT series, disaggregation, cell, period, period_end, x, x AS y, n FROM cells LIMIT 0"
        )
        means = [r for r in wanted.values() if r.aggregation is Aggregation.WEIGHTED_MEAN]
        if means:
            pairs = ", ".join(f"({r.series}, {r.weight})" for r in means)
            con.execute(
                f"""
                INSERT INTO weighted
                SELECT v.series, v.disaggregation, c.cell, v.period, ANY_VALUE(v.period_end),
                       SUM(v.value * w.value), SUM(w.value), COUNT(*)::BIGINT
                FROM (SELECT * FROM obs_in WHERE series IN ({_listed(r.series for r in means)})) v
                JOIN (SELECT * FROM (VALUES {pairs}) AS p(series, weight)) r ON r.series = v.series
                JOIN (SELECT * FROM obs_in WHERE series IN ({_listed(r.weight for r in means)})) w
                    ON w.series = r.weight AND w.unit = v.unit
                    AND w.period = v.period AND w.disaggregation = v.disaggregation
                JOIN cell_of c ON c.unit = v.unit
                WHERE v.value IS NOT NULL AND w.value IS NOT NULL
                GROUP BY v.series, v.disaggregation, c.cell, v.period
                """
            )
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE step AS
            SELECT s.series, s.part, s.disaggregation, e.parent AS unit, s.period, s.period_end,
                   SUM(s.x * e.share) AS x, SUM(s.y * e.share) AS y, SUM(s.n)::BIGINT AS n
            FROM (
                SELECT series, 0::TINYINT AS part, disaggregation, cell, period, period_end, x,
                       NULL::DOUBLE AS y, n
                FROM cells
                UNION ALL
                SELECT series, 1::TINYINT, disaggregation, cell, period, period_end, x, y, n FROM weighted
            ) s JOIN cell_edges e USING (cell)
            GROUP BY ALL
            """
        )
        # Up the hierarchy, one step at a time: every new sum to its parent, for the periods the
        # child existed in. Partial sums of one unit add up at the end.
        con.execute("CREATE OR REPLACE TEMP TABLE sums AS SELECT * FROM step")
        while con.execute("SELECT COUNT(*) FROM step").fetchone() != (0,):
            con.execute(
                """
                CREATE OR REPLACE TEMP TABLE step AS
                SELECT s.series, s.part, s.disaggregation, e.parent AS unit, s.period, s.period_end,
                       SUM(s.x * e.share) AS x, SUM(s.y * e.share) AS y, SUM(s.n)::BIGINT AS n
                FROM step s JOIN edges e ON e.child = s.unit
                    AND s.period_end BETWEEN e.alive_from AND e.alive_to
                GROUP BY ALL
                """
            )
            con.execute("INSERT INTO sums SELECT * FROM step")
        # How many communes each unit had at each cut-off, up the same edges.
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE expected AS
            WITH RECURSIVE ends AS (SELECT DISTINCT period_end FROM sums),
            up(unit, period_end, leaf) AS (
                SELECT e.parent, d.period_end, u.unit
                FROM units u JOIN ends d ON d.period_end BETWEEN u.alive_from AND u.alive_to
                JOIN edges e ON e.child = u.unit
                WHERE u.level = '{LEAF_LEVEL}'
                UNION ALL
                SELECT e.parent, up.period_end, up.leaf
                FROM up JOIN edges e ON e.child = up.unit
                    AND up.period_end BETWEEN e.alive_from AND e.alive_to
            )
            SELECT unit, period_end, COUNT(DISTINCT leaf) AS expected FROM up GROUP BY ALL
            """
        )
        return con.sql(
            """
            WITH totals AS (
                SELECT series, part, disaggregation, unit, period, period_end,
                       SUM(x) AS x, SUM(y) AS y, SUM(n) AS n
                FROM sums GROUP BY ALL
            ),
            made AS (
                SELECT r.series, t.disaggregation, t.unit, t.period, t.period_end, t.x AS value, t.n
                FROM rules_in r JOIN totals t ON t.series = r.series AND t.part = 0
                WHERE r.aggregation = 'sum'
                UNION ALL
                SELECT r.series, a.disaggregation, a.unit, a.period, a.period_end,
                       CASE WHEN b.x <> 0 THEN a.x / b.x * r.scale END, LEAST(a.n, b.n)
                FROM rules_in r
                JOIN totals a ON a.series = r.numerator AND a.part = 0
                JOIN totals b ON b.series = r.denominator AND b.part = 0 AND b.unit = a.unit
                    AND b.period = a.period AND b.disaggregation = a.disaggregation
                WHERE r.aggregation = 'ratio'
                UNION ALL
                SELECT r.series, t.disaggregation, t.unit, t.period, t.period_end,
                       CASE WHEN t.y <> 0 THEN t.x / t.y END, t.n
                FROM rules_in r JOIN totals t ON t.series = r.series AND t.part = 1
                WHERE r.aggregation = 'weighted_mean'
            )
            SELECT m.series, m.disaggregation, m.unit, m.period, m.value,
                   m.n::INTEGER AS reported, COALESCE(x.expected, 0)::INTEGER AS expected,
                   (COALESCE(x.expected, 0) > 0 AND m.n >= x.expected) AS complete
            FROM made m LEFT JOIN expected x ON x.unit = m.unit AND x.period_end = m.period_end
            """
        ).to_arrow_table()


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
