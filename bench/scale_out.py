"""Past one machine (issue #13, point 5; decision 0014): the national dataset at 10× on existing engines.

Generates ``--scale`` (default 10) × the national dataset of ``bench_national`` — 3,000 series × 4
breakdowns × 11 years × 3,321 communes ≈ 438 million figures — as Parquet files partitioned by
period (``period=2015/…``), each file sorted by series, then measures with DuckDB (``--threads``,
``--memory-limit``):

- the rollup of every series to province and country (``GROUP BY GROUPING SETS``, with counts)
  straight from the Parquet files;
- the per-cell sums that the planwatch engine keeps (the rebuild of its snapshot) from the files;
- one province's league table: one indicator, one period, the communes of one province (partition
  and row-group pruning);
- the engine's read path on the per-cell sums at this size (dense arrays; no figure read).

With ``--postgres-port`` it also loads ``--postgres-sample`` of the figures into a PostgreSQL table
partitioned by period and times the same GROUP BY there (extrapolated linearly to the whole, said so).
The files are deleted at the end unless ``--keep``.

Run: ``.venv/bin/python bench/scale_out.py --scale 10 --out /tmp/planwatch-scale-out
[--postgres-port 54331 --postgres-sample 0.01]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

PROVINCES = 34
COMMUNES = 3321
YEARS = range(2015, 2026)
DISAGGREGATIONS = 4
SERIES_AT_SCALE_1 = 300
FIRST_COMMUNE = 100
CELLS = 177  # the cells of bench_national's mapping (communes that count in the same units)


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def generate(out: Path, scale: float, seed: int = 13) -> tuple[int, np.ndarray, np.ndarray]:
    """Write the files; return the number of figures, each commune's province and cell."""
    rng = np.random.default_rng(seed)
    provinces = rng.integers(1, PROVINCES + 1, size=COMMUNES).astype(np.int32)
    provinces[:PROVINCES] = np.arange(1, PROVINCES + 1)
    cells = rng.integers(0, CELLS, size=COMMUNES).astype(np.int32)
    n_series = round(SERIES_AT_SCALE_1 * scale)
    units = np.arange(FIRST_COMMUNE, FIRST_COMMUNE + COMMUNES, dtype=np.int32)
    block = 100  # series per file
    total = 0
    for year in YEARS:
        folder = out / f"period={year}"
        folder.mkdir(parents=True, exist_ok=True)
        for first in range(0, n_series, block):
            count = min(block, n_series - first)
            rows = count * DISAGGREGATIONS * COMMUNES
            index = np.arange(rows, dtype=np.int64)
            table = pa.table(
                {
                    "series": (first + index // (DISAGGREGATIONS * COMMUNES)).astype(np.int32),
                    "disaggregation": ((index // COMMUNES) % DISAGGREGATIONS).astype(np.int8),
                    "unit": units[index % COMMUNES],
                    "value": rng.uniform(1.0, 1000.0, size=rows),
                }
            )
            pq.write_table(table, folder / f"part-{first:05d}.parquet", row_group_size=1_000_000)
            total += rows
    return total, provinces, cells


def timed(run, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=Path("/tmp/planwatch-scale-out"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="4GB")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--postgres-port", type=int, default=None)
    parser.add_argument("--postgres-sample", type=float, default=0.01)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--engine-only", action="store_true", help="only the engine's sums at --scale")
    args = parser.parse_args(argv)
    if args.engine_only:
        engine_at(args.scale, args.repeat)
        return 0
    print(f"# load average {os.getloadavg()[0]:.1f}; DuckDB {duckdb.__version__}, {args.threads} threads")
    began = time.perf_counter()
    if args.out.exists():
        shutil.rmtree(args.out)
    size, provinces, cells = generate(args.out, args.scale)
    disk = sum(f.stat().st_size for f in args.out.rglob("*.parquet"))
    print(
        f"generated {size:,} figures in {time.perf_counter() - began:.0f} s: {disk / 1e9:.1f} GB of Parquet"
    )
    con = duckdb.connect(config={"threads": args.threads, "memory_limit": args.memory_limit})
    units = np.arange(FIRST_COMMUNE, FIRST_COMMUNE + COMMUNES, dtype=np.int32)
    con.register("leafmap", pa.table({"unit": units, "province": provinces, "cell": cells}))
    files = f"read_parquet('{args.out}/*/*.parquet', hive_partitioning = true)"
    rollup = f"""
        SELECT series, disaggregation, period, province, SUM(value) AS total, COUNT(*) AS n
        FROM {files} JOIN leafmap USING (unit)
        GROUP BY GROUPING SETS ((series, disaggregation, period, province), (series, disaggregation, period))
    """
    seconds = timed(lambda: con.sql(rollup).fetchnumpy(), args.repeat)
    print(
        f"| rollup to province and country from Parquet | {seconds * 1000:,.0f} ms | RSS {rss_mb():,.0f} MB |"
    )
    per_cell = f"""
        SELECT series, disaggregation, period, cell, SUM(value) AS x, COUNT(*) AS n
        FROM {files} JOIN leafmap USING (unit) GROUP BY ALL
    """
    began = time.perf_counter()
    cell_sums = con.sql(per_cell).to_arrow_table()
    seconds = time.perf_counter() - began
    print(
        f"| per-cell sums from Parquet (the engine's snapshot) | {seconds * 1000:,.0f} ms | "
        f"{cell_sums.num_rows:,} cells | RSS {rss_mb():,.0f} MB |"
    )
    province_units = units[provinces == 7].tolist()
    league = f"""
        SELECT unit, value FROM {files}
        WHERE period = 2025 AND series = 1234 AND disaggregation = 0
          AND unit IN ({", ".join(map(str, province_units))})
    """
    seconds = timed(lambda: con.sql(league).fetchall(), max(args.repeat, 3))
    print(
        f"| one province's league table ({len(province_units)} communes) from Parquet | "
        f"{seconds * 1000:,.0f} ms |"
    )
    # The engine's read path at this size: the cells' sums times the cells' memberships.
    n_series = round(SERIES_AT_SCALE_1 * args.scale)
    dense = np.zeros((n_series * DISAGGREGATIONS * len(YEARS), CELLS))
    membership = np.zeros((CELLS, 1 + PROVINCES + 63))
    membership[np.arange(CELLS), 1 + np.arange(CELLS) % PROVINCES] = 1.0
    membership[:, 0] = 1.0
    membership[np.arange(CELLS), 1 + PROVINCES + np.arange(CELLS) % 63] = 1.0
    seconds = timed(lambda: float((dense @ membership).sum()), args.repeat)
    print(f"| the engine's read: {dense.size:,} cell sums up to every unit | {seconds * 1000:,.0f} ms |")
    dense = membership
    if args.postgres_port:
        import psycopg

        pg = psycopg.connect(
            f"host=127.0.0.1 port={args.postgres_port} user=postgres dbname=planwatch", autocommit=True
        )
        pg.execute("DROP TABLE IF EXISTS scale_obs; DROP TABLE IF EXISTS scale_leafmap")
        pg.execute(
            "CREATE UNLOGGED TABLE scale_obs (series int, disaggregation smallint, unit int, period int,"
            " value float8) PARTITION BY LIST (period)"
        )
        for year in YEARS:
            pg.execute(
                f"CREATE UNLOGGED TABLE scale_obs_{year} PARTITION OF scale_obs FOR VALUES IN ({year})"
            )
        pg.execute("CREATE UNLOGGED TABLE scale_leafmap (unit int primary key, province int)")
        with pg.cursor().copy("COPY scale_leafmap FROM STDIN") as copy:
            for unit, province in zip(units.tolist(), provinces.tolist(), strict=True):
                copy.write_row((unit, province))
        sample = args.out / "sample.csv"
        con.sql(
            f"COPY (SELECT series, disaggregation, unit, period, value FROM {files} "
            f"USING SAMPLE {args.postgres_sample * 100}% (system, 13)) TO '{sample}' (HEADER false)"
        )
        os.chmod(sample, 0o644)
        began = time.perf_counter()
        pg.execute(f"COPY scale_obs FROM '{sample}' (FORMAT csv)")
        pg.execute("ANALYZE scale_obs")
        load = time.perf_counter() - began
        rows = pg.execute("SELECT COUNT(*) FROM scale_obs").fetchone()[0]  # type: ignore[index]
        query = """
            SELECT series, disaggregation, period, province, SUM(value), COUNT(*)
            FROM scale_obs JOIN scale_leafmap USING (unit)
            GROUP BY GROUPING SETS ((series, disaggregation, period, province),
                                    (series, disaggregation, period))
        """
        seconds = timed(lambda: pg.execute(query).fetchall(), args.repeat)
        print(
            f"| PostgreSQL partitioned by period, GROUP BY on {rows:,} figures (COPY {load:.0f} s) | "
            f"{seconds * 1000:,.0f} ms | × {size / rows:,.0f} ≈ {seconds * size / rows:,.0f} s "
            "for the whole (extrapolated) |"
        )
        one = """
            SELECT unit, value FROM scale_obs WHERE period = 2025 AND series = 1234 AND disaggregation = 0
            AND unit = ANY(%s)
        """
        seconds = timed(lambda: pg.execute(one, [province_units]).fetchall(), 3)
        print(
            "| PostgreSQL, one province's league table (no index, one partition scanned) | "
            f"{seconds * 1000:,.0f} ms |"
        )
        pg.execute("DROP TABLE scale_obs; DROP TABLE scale_leafmap")
    if not args.keep:
        shutil.rmtree(args.out)
    return 0


def engine_at(scale: float, repeat: int) -> None:
    """The planwatch engine holding the sums of ``scale`` × the national dataset (its 177 cells;
    one figure per cell and key, so the sums have their full size without 10× the figures)."""
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    from bench_national import DISAGGREGATIONS as TEXTS
    from bench_national import generate
    from planwatch.analytics.engine import RollupEngine

    data = generate(scale, figures=False)
    engine = RollupEngine()
    engine.load_hierarchy(data.units, data.memberships)
    engine.reset(data.rules)
    leaves, cells = engine._leaf_ids, engine._leaf_cell  # one commune of each cell
    first = np.unique(cells, return_index=True)[1]
    communes = leaves[first].astype(np.int32)
    began = time.perf_counter()
    n_series = len(data.rules)
    for start in range(0, n_series, 100):
        series = np.arange(start, min(start + 100, n_series), dtype=np.int32)
        s, d, y, c = np.meshgrid(
            series, np.arange(len(TEXTS)), np.array(list(YEARS)), communes, indexing="ij"
        )
        engine.add(
            pa.table(
                {
                    "series": s.ravel(),
                    "disaggregation": pa.array(np.array(TEXTS)[d.ravel()]),
                    "unit": c.ravel(),
                    "period": pa.array(y.ravel().astype(str)),
                    "period_end": (y.ravel() * 10000 + 1214).astype(np.int32),
                    "value": np.ones(s.size),
                }
            )
        )
    print(
        f"| engine at {scale:g}×: sums of {n_series:,} series made in {time.perf_counter() - began:.0f} s "
        f"({engine.nbytes / 1e6:,.0f} MB) | RSS {rss_mb():,.0f} MB |"
    )
    rolled = None
    seconds = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        rolled = engine.rollup()
        seconds = min(seconds, time.perf_counter() - began)
    assert rolled is not None
    print(
        f"| engine at {scale:g}×: full rollup from the sums ({rolled.num_rows:,} totals) | "
        f"{seconds * 1000:,.0f} ms | RSS {rss_mb():,.0f} MB |"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sums.npz"
        began = time.perf_counter()
        engine.save(path, {})
        saved = time.perf_counter() - began
        again = RollupEngine()
        again.load_hierarchy(data.units, data.memberships)
        began = time.perf_counter()
        again.open(path)
        print(
            f"| engine at {scale:g}×: snapshot {path.stat().st_size / 1e6:,.0f} MB saved in "
            f"{saved * 1000:,.0f} ms, opened in {(time.perf_counter() - began) * 1000:,.0f} ms |"
        )


if __name__ == "__main__":
    sys.exit(main())
