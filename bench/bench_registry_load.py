"""A province's illustrative registry loaded into the database (issue #18, point 7: under 30 s).

``planwatch registry synthetic --province P --households N`` on a fresh database (``planwatch init``
first: the catalogue and the country's units), timed by the service's own steps — generate (the core's
``synthetic_registry``), classify (``classify_columns`` and the core's reasons), write (households,
people, reviews, decisions, assessments: ``executemany`` on SQLite, ``COPY`` on PostgreSQL), indicators
(``poverty_rates`` and the reviews' observations) — and as a process (``/usr/bin/time -v``: wall, CPU,
peak RSS). Also the database's size and the load average before the run (the machine is shared).
The last lines project the PostgreSQL load linearly to the whole country (≈ 27 million households):
a projection, not a measurement. Nothing is asserted.

Run: ``.venv/bin/python bench/bench_registry_load.py [--province vn34-01] [--households 600000]
[--postgres-port 54338 --postgres-households 60000]``
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PLANWATCH = Path(sys.executable).parent / "planwatch"
TIME = "/usr/bin/time"
COUNTRY_HOUSEHOLDS = 27_000_000


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    command = [TIME, "-v", str(PLANWATCH), *args] if Path(TIME).exists() else [str(PLANWATCH), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"planwatch {' '.join(args)} failed:\n{done.stderr[-2000:]}")

    def field(name: str) -> str:
        found = re.search(rf"{re.escape(name)}: (.+)", done.stderr)
        return found.group(1).strip() if found else "0"

    clock = [float(p) for p in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
    wall = sum(p * 60**i for i, p in enumerate(reversed(clock)))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return wall, cpu, int(field("Maximum resident set size (kbytes)")) / 1024, done.stdout


def _steps(out: str) -> dict[str, float]:
    found = re.search(r"\(([^()]*total [0-9,]+ s)\)\s*$", out.strip())
    if not found:
        return {}
    steps = {}
    for part in found.group(1).split(", "):
        name, value, _ = part.rsplit(" ", 2)
        steps[name] = float(value.replace(",", "."))
    return steps


def _row(database: str, households: int, env: dict[str, str], args: list[str], size: str) -> dict[str, float]:
    load = os.getloadavg()[0]
    wall, cpu, rss, out = _timed(args, env)
    steps = _steps(out)
    measured = " | ".join(
        f"{steps.get(s, 0):.1f} s" for s in ("generate", "classify", "write", "indicators", "total")
    )
    print(
        f"| {database} | {households:,} | {measured} "
        f"| {wall:.1f} s | {cpu:.1f} s | {rss:,.0f} MB | {size or _size_of(env)} | {load:.1f} |",
        flush=True,
    )
    return {"wall": wall, "cpu": cpu, **steps}


def _size_of(env: dict[str, str]) -> str:
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return f"{sum(p.stat().st_size for p in path.parent.glob(path.name + '*')) / 1e9:.2f} GB"
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT pg_database_size('planwatch')").fetchone()
    return f"{row[0] / 1e9:.2f} GB" if row else "—"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="vn34-01", help="the province's code (Hà Nội by default)")
    parser.add_argument("--households", type=int, default=600_000)
    parser.add_argument("--postgres-port", type=int)
    parser.add_argument("--postgres-households", type=int, default=60_000)
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="planwatch-registry-"))
    target = folder / "registry.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{target}", "PLANWATCH_DATA_DIR": str(folder)}
    _timed(["init"], env)
    load = ["registry", "synthetic", "--province", args.province]
    header = (
        "| database | households | generate | classify | write | indicators | total (steps) | wall "
        "| CPU | peak RSS | database size | load avg |"
    )
    print(header)
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    _row("SQLite", args.households, env, [*load, "--households", str(args.households)], "")
    _row("SQLite, again (replaces)", args.households, env, [*load, "--households", str(args.households)], "")
    postgres: dict[str, float] | None = None
    if args.postgres_port:
        url = f"postgres://postgres@127.0.0.1:{args.postgres_port}/planwatch"
        pg_env = {**env, "DATABASE_URL": url}
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import psycopg,sys;c=psycopg.connect(sys.argv[1],autocommit=True);"
                "c.execute('DROP SCHEMA public CASCADE');c.execute('CREATE SCHEMA public')",
                url,
            ],
            check=True,
        )
        _timed(["init"], pg_env)
        n = args.postgres_households
        postgres = _row("PostgreSQL", n, pg_env, [*load, "--households", str(n)], "")
    if postgres:
        factor = COUNTRY_HOUSEHOLDS / args.postgres_households
        print(
            f"\nProjection (linear, not measured) to {COUNTRY_HOUSEHOLDS:,} households on PostgreSQL: "
            f"× {factor:,.0f} → write {postgres.get('write', 0) * factor / 60:.0f} min, total "
            f"{postgres.get('total', 0) * factor / 60:.0f} min on this machine "
            "(one province at a time, in 34 runs)"
        )
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
