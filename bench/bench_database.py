"""The database path of a yearly report: load the catalogue, write the demo figures, evaluate every target.

What is measured, on a fresh SQLite file (or ``DATABASE_URL``): ``catalogue_load`` of the built-in
catalogue (first load and the no-op second load), ``demo_figures_load`` (about 450 figures with their
revisions), and ``evaluation_rows`` for the whole catalogue (167 targets, their territories) — what
``planwatch evaluate`` and the first page do. Best of ``--repeat`` runs; nothing is asserted.

Run: ``.venv/bin/python bench/bench_database.py [--repeat 5]``
"""

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable

from fresh_database import django_on_fresh_database


def _best(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    django_on_fresh_database()
    from planwatch.catalogue import load_catalogue
    from planwatch.web.catalogue.services import catalogue_load
    from planwatch.web.figures.selectors import evaluation_rows
    from planwatch.web.figures.services import demo_figures_load

    catalogue = load_catalogue()
    started = time.perf_counter()
    catalogue_load(catalogue=catalogue)
    first_load = time.perf_counter() - started
    second_load = _best(lambda: catalogue_load(catalogue=catalogue), args.repeat)
    started = time.perf_counter()
    demo = demo_figures_load()
    demo_time = time.perf_counter() - started
    rows = evaluation_rows()
    evaluate_time = _best(evaluation_rows, args.repeat)

    database = os.environ["DATABASE_URL"].split("://")[0]
    print(f"python {platform.python_version()} on {platform.machine()}, database {database}")
    print(f"catalogue_load, first:        {first_load * 1000:8.1f} ms")
    print(f"catalogue_load, again (no-op): {second_load * 1000:8.1f} ms")
    print(f"demo_figures_load ({demo.created} figures): {demo_time * 1000:8.1f} ms")
    rate = len(rows) / evaluate_time
    print(f"evaluation_rows ({len(rows)} rows):  {evaluate_time * 1000:8.1f} ms  ({rate:,.0f} rows/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
