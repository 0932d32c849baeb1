"""Loading the national illustrative dataset, and what must stay fast beside it (issue #13).

For each scale: a fresh database with the catalogue and the country's units (``planwatch init``), then
``planwatch demo --national --scale S`` timed as its own process (``/usr/bin/time -v``: wall time,
CPU, peak memory), the figures written, rows per second and the size of the database. On the last
(largest) SQLite database it then times:

- ``planwatch values import`` of a file of ``--import-rows`` rows (data elements × the communes after
  1/7/2025, addressed by code, period 2026): the import's cost with the whole country's units and the
  national figures in the store;
- ``planwatch report`` of one illustrative provincial plan (``--document``) as docx, xlsx and pdf.

``--postgres-port P`` loads ``--postgres-scale`` into the database ``planwatch`` of a running cluster
(``bash scripts/postgres.sh start P``; the database is emptied first). Nothing is asserted.

Run: ``.venv/bin/python bench/bench_national_load.py --scales 0.01 0.1 1 [--postgres-port 54332]``
(``make bench`` runs it at 0.01 only: scale 1 needs ~20 GB of disk and minutes).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PLANWATCH = Path(sys.executable).parent / "planwatch"
TIME = "/usr/bin/time"


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float
    out: str


def _timed(args: list[str], env: dict[str, str]) -> Run:
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
    return Run(wall, cpu, int(field("Maximum resident set size (kbytes)")) / 1024, done.stdout)


def _written(out: str) -> int:
    found = re.search(r"([0-9.]+) số liệu mới", out)
    return int(found.group(1).replace(".", "")) if found else 0


def _environment(url: str, folder: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "PLANWATCH_DATA_DIR": str(folder)}


def _import_file(env: dict[str, str], path: Path, rows: int) -> int:
    """Write ``rows`` figures of the data elements × the communes after 1/7/2025, period 2026."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.web.config.settings")
    import django

    django.setup()
    from planwatch.web.catalogue.models import Indicator
    from planwatch.web.geography.models import AdministrativeUnit

    communes = AdministrativeUnit.objects.filter(level="commune", valid_from=date(2025, 7, 1)).order_by(
        "code"
    )
    codes = list(communes.values_list("code", flat=True))
    elements = list(Indicator.objects.filter(is_element=True).order_by("code").values_list("code", flat=True))
    chosen = [(element, code) for element in elements for code in codes][:rows]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator", "unit_area", "period", "value"])
        writer.writerows(
            [element, code, "2026", str(100 + n % 900)] for n, (element, code) in enumerate(chosen)
        )
    return len(chosen)


def _size(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.01])
    parser.add_argument("--postgres-port", type=int)
    parser.add_argument("--postgres-scale", type=float, default=0.1)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--document", default="MH-42-vn34-01", help="the plan whose report is timed")
    parser.add_argument("--keep", action="store_true", help="keep the databases (printed)")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="planwatch-national-"))
    base = folder / "base.sqlite3"
    _timed(["init"], _environment(f"sqlite:///{base}", folder))
    print("| database | scale | figures | wall | CPU | rows/s (wall) | peak memory | database size |")
    print("|---|---|---|---|---|---|---|---|")
    last: Path | None = None
    for scale in sorted(args.scales):
        target = folder / f"national-{scale}.sqlite3"
        shutil.copy(base, target)
        run = _timed(
            ["demo", "--national", "--scale", str(scale)], _environment(f"sqlite:///{target}", folder)
        )
        figures = _written(run.out)
        print(
            f"| SQLite | {scale} | {figures:,} | {run.wall:.0f} s | {run.cpu:.0f} s "
            f"| {figures / run.wall:,.0f} | {run.rss_mb:,.0f} MB | {_size(target):.2f} GB |",
            flush=True,
        )
        if last is not None and not args.keep:
            last.unlink()
        last = target
    if args.postgres_port:
        url = f"postgres://postgres@127.0.0.1:{args.postgres_port}/planwatch"
        env = _environment(url, folder)
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
        _timed(["init"], env)
        run = _timed(["demo", "--national", "--scale", str(args.postgres_scale)], env)
        figures = _written(run.out)
        print(
            f"| PostgreSQL | {args.postgres_scale} | {figures:,} | {run.wall:.0f} s | {run.cpu:.0f} s "
            f"| {figures / run.wall:,.0f} | {run.rss_mb:,.0f} MB | — |",
            flush=True,
        )
    assert last is not None
    env = _environment(f"sqlite:///{last}", folder)
    rows = folder / "import.csv"
    count = _import_file(env, rows, args.import_rows)
    run = _timed(["values", "import", str(rows)], env)
    print(
        f"\nvalues import, {count:,} rows: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, {run.rss_mb:,.0f} MB"
    )
    for suffix in ("docx", "xlsx", "pdf"):
        if suffix == "pdf" and shutil.which("soffice") is None:
            continue
        out = folder / f"report.{suffix}"
        run = _timed(["report", "--document", args.document, "--year", "2025", "--out", str(out)], env)
        costs = f"{run.wall:.1f} s wall, {run.cpu:.1f} s CPU, {run.rss_mb:,.0f} MB"
        print(f"report {args.document} {suffix}: {costs}")
    if args.keep:
        print(f"\nkept: {last}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
