"""National analytics (issue #13): rolling 44 million figures up to every level, engine by engine.

The dataset is generated (numpy, seeded): ``300 × scale`` series (indicators and the data elements
of their ratios and weighted means, decision 0010) × 4 disaggregations ('', urban, rural, female) ×
11 years (2015–2025) × 3,321 communes under 34 provinces; every commune also continues one former
province of those its province continues (5 % of them split between two, with shares) — the
mapping of 1/7/2025. Scale 1 is
43.8 million figures.

Measured side by side in one run, on the same figures, for one task — the sum of every series to
every level (commune → province → country) per disaggregation and period, with the number of
communes in each sum:

- the project's path: ``analytics.territory.territory_series`` per series × province (then the
  country as the sum of the provinces, in Python);
- PostgreSQL ``GROUP BY GROUPING SETS`` (a private cluster, ``--postgres-port``; loading is not timed);
- DuckDB alone (the same GROUP BY over the Arrow table);
- Polars (``group_by`` twice);
- numpy: ``bincount`` over a precomputed group key, and one ``sum`` of the values (the floor:
  one pass over memory);

then the engine planwatch uses (``analytics.engine.RollupEngine.rollup``: every indicator by its
rule, ratios recomputed from their elements, weighted means, completeness, former provinces through
the mapping), and the evaluation of one target per indicator × 34 provinces with
``planwatch.evaluation.evaluate``. Best of ``--repeat``; nothing is asserted.

Run: ``.venv/bin/python bench/bench_national.py --scales 0.01 0.1 1 [--postgres-port 54340]
[--project-max 0.1] [--threads 2]``
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from planwatch.analytics.engine import FIRST_DAY, LAST_DAY, RollupEngine, Rule
from planwatch.analytics.territory import UnitFigure, territory_series
from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Aggregation, Comparator
from planwatch.evaluation import BaselinePoint, TargetSpec, evaluate

PROVINCES = 34
COMMUNES = 3321
FORMER_PROVINCES = 63
YEARS = range(2015, 2026)
DISAGGREGATIONS = ("", "urban", "rural", "female")
SERIES_AT_SCALE_1 = 300
COUNTRY = 0
FIRST_PROVINCE = 1
FIRST_COMMUNE = 100
FIRST_FORMER = 5000
# A block of ten series: what they are and how they combine (indices within the block).
BLOCK = (
    ("ratio", 1, 2),
    ("sum", None, None),
    ("sum", None, None),
    ("ratio", 4, 2),
    ("sum", None, None),
    ("weighted_mean", None, 2),
    ("sum", None, None),
    ("none", None, None),
    ("ratio", 9, 2),
    ("sum", None, None),
)


@dataclass
class Dataset:
    series: np.ndarray  # int32 per figure
    disaggregation: np.ndarray  # int8 index into DISAGGREGATIONS
    commune: np.ndarray  # int32 unit id
    year: np.ndarray  # int16
    value: np.ndarray  # float64
    province_of: np.ndarray  # commune id -> province id (indexed by id)
    rules: list[Rule]
    units: pa.Table
    memberships: pa.Table

    @property
    def size(self) -> int:
        return len(self.value)

    def arrow(self) -> pa.Table:
        dis = pa.DictionaryArray.from_arrays(pa.array(self.disaggregation), pa.array(DISAGGREGATIONS))
        years = np.array([str(y) for y in YEARS])
        period = pa.DictionaryArray.from_arrays(
            pa.array((self.year - YEARS[0]).astype(np.int8)), pa.array(years)
        )
        return pa.table(
            {
                "series": self.series,
                "disaggregation": dis,
                "unit": self.commune,
                "period": period,
                "period_end": self.year.astype(np.int32) * 10000 + 1214,
                "value": self.value,
            }
        )


def generate(scale: float, seed: int = 13, *, figures: bool = True) -> Dataset:
    rng = np.random.default_rng(seed)
    n_series = max(3, round(SERIES_AT_SCALE_1 * scale))
    rules = []
    for s in range(n_series):
        kind, a, b = BLOCK[s % 10]
        base = s - s % 10

        def ok(i: int | None, base: int = base) -> int | None:
            return None if i is None or base + i >= n_series else base + i

        if kind == "ratio" and ok(a) is not None and ok(b) is not None:
            rules.append(Rule(s, Aggregation.RATIO, numerator=ok(a), denominator=ok(b), scale=100.0))
        elif kind == "weighted_mean" and ok(b) is not None:
            rules.append(Rule(s, Aggregation.WEIGHTED_MEAN, weight=ok(b)))
        elif kind == "none":
            rules.append(Rule(s, Aggregation.NONE))
        else:
            rules.append(Rule(s, Aggregation.SUM))
    communes = np.arange(FIRST_COMMUNE, FIRST_COMMUNE + COMMUNES, dtype=np.int32)
    provinces = rng.integers(FIRST_PROVINCE, FIRST_PROVINCE + PROVINCES, size=COMMUNES).astype(np.int32)
    provinces[:PROVINCES] = np.arange(FIRST_PROVINCE, FIRST_PROVINCE + PROVINCES)  # none left empty
    province_of = np.zeros(FIRST_COMMUNE + COMMUNES, dtype=np.int32)
    province_of[communes] = provinces
    # A new province continues one to three former ones (63 into 34); each commune lay in one of
    # its province's former provinces, 5 % of them split with the next former province.
    low = (provinces - FIRST_PROVINCE) * FORMER_PROVINCES // PROVINCES
    high = ((provinces - FIRST_PROVINCE + 1) * FORMER_PROVINCES - 1) // PROVINCES
    former = FIRST_FORMER + low + (rng.random(COMMUNES) * (high - low + 1)).astype(np.int32)
    split = rng.random(COMMUNES) < 0.05
    member_unit = np.concatenate([communes, communes[split]])
    member_parent = np.concatenate(
        [former, FIRST_FORMER + (former[split] - FIRST_FORMER + 1) % FORMER_PROVINCES]
    )
    member_share = np.concatenate([np.where(split, 0.6, 1.0), np.full(split.sum(), 0.4)])
    ids = [COUNTRY, *range(FIRST_PROVINCE, FIRST_PROVINCE + PROVINCES), *communes.tolist()]
    ids += list(range(FIRST_FORMER, FIRST_FORMER + FORMER_PROVINCES))
    parents = [None] + [COUNTRY] * PROVINCES + provinces.tolist() + [None] * FORMER_PROVINCES
    levels = ["country"] + ["province"] * PROVINCES + ["commune"] * COMMUNES + ["province"] * FORMER_PROVINCES
    alive_to = [LAST_DAY] * (1 + PROVINCES + COMMUNES) + [20250630] * FORMER_PROVINCES
    units = pa.table(
        {
            "unit": pa.array(ids, pa.int32()),
            "parent": pa.array(parents, pa.int32()),
            "level": levels,
            "alive_from": pa.array([FIRST_DAY] * len(ids), pa.int32()),
            "alive_to": pa.array(alive_to, pa.int32()),
        }
    )
    memberships = pa.table(
        {
            "unit": pa.array(member_unit, pa.int32()),
            "parent": pa.array(member_parent, pa.int32()),
            "share": pa.array(member_share, pa.float64()),
        }
    )
    # series × disaggregation × year × commune, the commune varying fastest (as a store reads it).
    n_d, n_y = len(DISAGGREGATIONS), len(YEARS)
    per_series = n_d * n_y * COMMUNES
    size = n_series * per_series if figures else 0
    index = np.arange(size, dtype=np.int64)
    series = (index // per_series).astype(np.int32)
    disaggregation = ((index // (n_y * COMMUNES)) % n_d).astype(np.int8)
    year = (YEARS[0] + (index // COMMUNES) % n_y).astype(np.int16)
    commune = communes[index % COMMUNES]
    del index
    value = rng.uniform(1.0, 1000.0, size=size)
    return Dataset(series, disaggregation, commune, year, value, province_of, rules, units, memberships)


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - began)
    return min(timings), result


# --- the comparators: each returns the number of groups it made (to check they agree) -------------


def project_path(data: Dataset) -> int:
    """territory_series per (series, disaggregation) × province, the communes of each province given."""
    communes_in = {
        f"p{p}": frozenset(str(c) for c in np.nonzero(data.province_of == p)[0].tolist())
        for p in range(FIRST_PROVINCE, FIRST_PROVINCE + PROVINCES)
    }
    groups = 0
    order = np.lexsort((data.disaggregation, data.series))
    keys = data.series.astype(np.int64)[order] * 8 + data.disaggregation[order]
    bounds = np.flatnonzero(np.diff(keys)) + 1
    for chunk in np.split(order, bounds):
        by_province: dict[str, list[UnitFigure]] = {}
        for unit, year, value in zip(
            data.commune[chunk].tolist(), data.year[chunk].tolist(), data.value[chunk].tolist(), strict=True
        ):
            territory = f"p{data.province_of[unit]}"
            by_province.setdefault(territory, []).append(UnitFigure(str(unit), territory, True, year, value))
        country: dict[int, float] = {}
        for territory, figures in by_province.items():
            points = territory_series(figures, territory, additive=True, communes_in_territory=communes_in)
            for point in points:
                assert isinstance(point.value, float)
                country[point.year] = country.get(point.year, 0.0) + point.value
            groups += len(points)
        groups += len(country)
    return groups


def duckdb_alone(data: Dataset, table: pa.Table, threads: int) -> Callable[[], int]:
    import duckdb

    con = duckdb.connect(config={"threads": threads})
    con.register("obs", table)
    con.register(
        "leafmap",
        pa.table({"unit": np.arange(len(data.province_of), dtype=np.int32), "province": data.province_of}),
    )
    query = """
        SELECT series, disaggregation, period, province, SUM(value) AS total, COUNT(*) AS n
        FROM obs JOIN leafmap USING (unit)
        GROUP BY GROUPING SETS ((series, disaggregation, period, province), (series, disaggregation, period))
    """
    return lambda: len(con.sql(query).fetchnumpy()["n"])


def polars_path(data: Dataset, table: pa.Table) -> Callable[[], int]:
    import polars as pl

    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    leafmap = pl.DataFrame(
        {"unit": np.arange(len(data.province_of), dtype=np.int32), "province": data.province_of}
    )
    keys = ["series", "disaggregation", "period"]

    def run() -> int:
        provinces = (
            frame.join(leafmap, on="unit")
            .group_by([*keys, "province"])
            .agg(pl.col("value").sum().alias("total"), pl.len().alias("n"))
        )
        country = provinces.group_by(keys).agg(pl.col("total").sum(), pl.col("n").sum())
        return provinces.height + country.height

    return run


def numpy_bincount(data: Dataset) -> Callable[[], int]:
    n_d, n_y = len(DISAGGREGATIONS), len(YEARS)
    key = ((data.series.astype(np.int64) * n_d + data.disaggregation) * n_y + (data.year - YEARS[0])) * (
        PROVINCES + 1
    ) + data.province_of[data.commune]

    def run() -> int:
        totals = np.bincount(key, weights=data.value)
        country = totals.reshape(-1, PROVINCES + 1).sum(axis=1)
        return int(np.count_nonzero(totals)) + len(country)

    return run


def postgres_path(data: Dataset, port: int) -> tuple[Callable[[], int], float]:
    import psycopg

    con = psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=planwatch", autocommit=True)
    con.execute("DROP TABLE IF EXISTS bench_obs; DROP TABLE IF EXISTS bench_leafmap")
    con.execute(
        "CREATE UNLOGGED TABLE bench_obs"
        " (series int, disaggregation text, unit int, period text, value float8)"
    )
    con.execute("CREATE UNLOGGED TABLE bench_leafmap (unit int primary key, province int)")
    began = time.perf_counter()
    with con.cursor().copy("COPY bench_leafmap FROM STDIN") as copy:
        for unit in range(FIRST_COMMUNE, FIRST_COMMUNE + COMMUNES):
            copy.write_row((unit, int(data.province_of[unit])))
    step = 2_000_000
    names = np.array(DISAGGREGATIONS)
    for start in range(0, data.size, step):
        part = slice(start, start + step)
        buffer = io.StringIO()
        np.savetxt(
            buffer,
            np.column_stack(
                [
                    data.series[part].astype(str),
                    names[data.disaggregation[part]],
                    data.commune[part].astype(str),
                    data.year[part].astype(str),
                    np.char.mod("%.6f", data.value[part]),
                ]
            ),
            fmt="%s",
            delimiter="\t",
        )
        with con.cursor().copy("COPY bench_obs FROM STDIN") as copy:
            copy.write(buffer.getvalue())
    con.execute("ANALYZE bench_obs")
    load = time.perf_counter() - began
    query = """
        SELECT series, disaggregation, period, province, SUM(value), COUNT(*)
        FROM bench_obs JOIN bench_leafmap USING (unit)
        GROUP BY GROUPING SETS ((series, disaggregation, period, province), (series, disaggregation, period))
    """

    def run() -> int:
        return len(con.execute(query).fetchall())

    return run, load


def engine_built(data: Dataset, table: pa.Table) -> tuple[float, RollupEngine]:
    """The engine's sums counted from every figure (a cold start without a snapshot): its time."""
    engine = RollupEngine()
    engine.load_hierarchy(data.units, data.memberships)
    began = time.perf_counter()
    engine.load(table, data.rules)
    return time.perf_counter() - began, engine


def one_write(data: Dataset, table: pa.Table, engine: RollupEngine) -> Callable[[], int]:
    """A commune's figure of a weighted mean's weight changes: the cells it touches are recounted
    from the figures the web layer would read for them (its cell's communes, the series it moves)."""
    means = [r.weight for r in data.rules if r.aggregation is Aggregation.WEIGHTED_MEAN]
    weight = means[0] if means and means[0] is not None else 1  # else a sum
    commune = FIRST_COMMUNE + 7
    touched = table.filter(
        pa.compute.and_(
            pa.compute.and_(
                pa.compute.equal(table["series"], weight), pa.compute.equal(table["unit"], commune)
            ),
            pa.compute.equal(table["period_end"], 20251214),
        )
    ).slice(0, 1)
    needed = pa.array(sorted(engine.needed_series([weight])), pa.int32())
    near = pa.array(engine.same_cell([commune]), pa.int32())
    read = table.filter(
        pa.compute.and_(
            pa.compute.and_(pa.compute.is_in(table["series"], needed), pa.compute.is_in(table["unit"], near)),
            pa.compute.equal(table["period_end"], 20251214),
        )
    )

    def run() -> int:
        engine.recount(read, touched)
        return read.num_rows

    return run


def cold_process(scale: float, snapshot: Path) -> tuple[float, float, float]:
    """A fresh process (a web worker after a restart) that opens the snapshot and reads every
    total: seconds to open it, seconds for the full rollup, its peak memory in MB (VmHWM: the
    interpreter, numpy and pyarrow included)."""
    script = f"""
import sys, time
sys.path.insert(0, "bench")
from pathlib import Path
from bench_national import generate
from planwatch.analytics.engine import RollupEngine
data = generate({scale}, figures=False)
engine = RollupEngine()
engine.load_hierarchy(data.units, data.memberships)
began = time.perf_counter()
assert engine.open(Path("{snapshot}")) is not None
opened = time.perf_counter() - began
began = time.perf_counter()
engine.rollup()
rolled = time.perf_counter() - began
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(opened, rolled, peak / 1024)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    opened, rolled, peak = (float(v) for v in done.stdout.split())
    return opened, rolled, peak


def evaluation_of_provinces(data: Dataset, rolled: pa.Table) -> tuple[int, Callable[[], int]]:
    """One target per rolled-up indicator (its 2030 figure 10 % above its 2015 one) × 34 provinces."""
    rng = np.random.default_rng(7)
    indicators = [r.series for r in data.rules if r.aggregation is not Aggregation.NONE]
    targets = {s: float(rng.uniform(1.05, 1.2)) for s in indicators}
    texts = rolled["disaggregation"].cast(pa.string())
    frame = rolled.filter(pa.compute.equal(texts, "")).to_pydict()

    def run() -> int:
        series: dict[tuple[int, int], list[Observation]] = {}
        for s, unit, period, value in zip(
            frame["series"], frame["unit"], frame["period"], frame["value"], strict=True
        ):
            if FIRST_PROVINCE <= unit < FIRST_PROVINCE + PROVINCES and s in targets and value is not None:
                series.setdefault((s, unit), []).append(Observation(int(period), value))
        done = 0
        for (s, _), figures in series.items():
            first = min(figures, key=lambda o: o.year)
            assert isinstance(first.value, float)
            spec = TargetSpec(Comparator.GE, first.value * targets[s], 2030, lower_limit=0.0)
            evaluate(spec, figures, BaselinePoint(first.year, first.value), as_of=2025)
            done += 1
        return done

    return len(indicators) * PROVINCES, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.01, 0.1, 1.0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--postgres-port", type=int, default=None, help="a running cluster (scripts/postgres.sh)"
    )
    parser.add_argument(
        "--postgres-max", type=float, default=1.0, help="largest scale loaded into PostgreSQL"
    )
    parser.add_argument("--project-max", type=float, default=0.1, help="largest scale for the project's path")
    args = parser.parse_args(argv)
    print(
        f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}; DuckDB and Polars on {args.threads} threads"
    )
    print("| scale | figures | path | time | figures/s | groups |")
    print("|---|---|---|---|---|---|")
    for scale in args.scales:
        began = time.perf_counter()
        data = generate(scale)
        table = data.arrow()
        print(f"<!-- generated {data.size:,} figures in {time.perf_counter() - began:.1f} s -->", flush=True)

        def row(
            path: str, seconds: float, groups: object, *, scale: float = scale, size: int = data.size
        ) -> None:
            print(
                f"| {scale:g} | {size:,} | {path} | {seconds * 1000:,.0f} ms | {size / seconds:,.0f} | "
                f"{groups:,} |",
                flush=True,
            )

        if scale <= args.project_max:
            row("project: territory_series", *best_of(1, lambda data=data: project_path(data)))
        if args.postgres_port and scale <= args.postgres_max:
            run, load = postgres_path(data, args.postgres_port)
            print(f"<!-- PostgreSQL COPY of {data.size:,} figures: {load:.1f} s (not timed below) -->")
            row("PostgreSQL GROUP BY GROUPING SETS", *best_of(args.repeat, run))
        row(
            "DuckDB alone (GROUP BY GROUPING SETS)",
            *best_of(args.repeat, duckdb_alone(data, table, args.threads)),
        )
        coded = pa.table(
            {
                "series": data.series,
                "disaggregation": data.disaggregation,
                "unit": data.commune,
                "period": data.year,
                "value": data.value,
            }
        )
        row("DuckDB alone, integer keys", *best_of(args.repeat, duckdb_alone(data, coded, args.threads)))
        os.environ["POLARS_MAX_THREADS"] = str(args.threads)
        row("Polars group_by", *best_of(args.repeat, polars_path(data, table)))
        row("numpy bincount (precomputed key)", *best_of(args.repeat, numpy_bincount(data)))
        seconds, _ = best_of(args.repeat, lambda data=data: float(data.value.sum()))
        row("numpy sum (one pass: the floor)", seconds, 1)
        del coded
        built, engine = engine_built(data, table)
        row("planwatch engine: every figure counted into the sums (cold, no snapshot)", built, engine.nbytes)
        seconds, rolled = best_of(args.repeat, engine.rollup)
        assert isinstance(rolled, pa.Table)
        row(
            "planwatch engine: full rollup from the sums (every rule, completeness, former provinces)",
            seconds,
            rolled.num_rows,
        )
        seconds, one = best_of(args.repeat, lambda engine=engine: engine.rollup(series=[0]))
        assert isinstance(one, pa.Table)
        row("planwatch engine: one indicator's totals", seconds, one.num_rows)
        seconds, read = best_of(args.repeat, one_write(data, table, engine))
        row("planwatch engine: one write recounted (figures of its cell read)", seconds, read)
        with tempfile.TemporaryDirectory() as folder:
            snapshot = Path(folder) / "sums.npz"
            began = time.perf_counter()
            engine.save(snapshot, {"bench": scale})
            row(
                "planwatch engine: snapshot saved (bytes)",
                time.perf_counter() - began,
                snapshot.stat().st_size,
            )
            opened, whole, peak = cold_process(scale, snapshot)
            row("cold process: snapshot opened", opened, 1)
            row("cold process: then the full rollup", whole, 1)
            print(f"<!-- cold process peak RSS {peak:,.0f} MB; sums held {engine.nbytes / 1e6:,.0f} MB -->")
        count, evaluate_all = evaluation_of_provinces(data, rolled)
        seconds, done = best_of(args.repeat, evaluate_all)
        print(
            f"| {scale:g} | {count:,} targets × provinces | evaluate() each | {seconds * 1000:,.0f} ms | "
            f"{count / seconds:,.0f} series/s | {done:,} |",
            flush=True,
        )
        del engine
    return 0


if __name__ == "__main__":
    sys.exit(main())
