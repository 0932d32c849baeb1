"""The provincial overview ``/`` (the dashboard that evaluates every target) on the national demo
(issue #13): one request at a time in a fresh process, cold (nothing cached) and warm, with the
number of target rows (target × territory) it evaluates and the process's peak memory.

What is measured: on a fresh SQLite data folder, ``planwatch init`` and ``planwatch demo --national
--scale S``; then, in this process, ``/`` through Django's test client as an administrator: the first
request (the whole catalogue evaluated) and two more; then the same in a second fresh process, whose
first request finds the result the first process shared (``web.caching.computed_once``). Nothing is
asserted.

Run: ``.venv/bin/python bench/bench_overview_national.py [--scale 0.01] [--keep]``
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web import BENCH_PASSWORD, BENCH_USER, _machine, _planwatch, _setup_django


def measure(folder: Path) -> None:
    """In this process: ``/`` three times, then the rows the dashboard evaluated."""
    _setup_django(folder)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from planwatch.domain.vocabulary import UserRole
    from planwatch.web.accounts.services import user_create
    from planwatch.web.catalogue.models import Target
    from planwatch.web.figures.models import Observation
    from planwatch.web.overview.selectors import dashboard

    settings.ALLOWED_HOSTS = ["*"]
    users = get_user_model()
    if not users.objects.filter(username=BENCH_USER).exists():
        user_create(
            username=BENCH_USER,
            role=UserRole.ADMINISTRATOR,
            password=BENCH_PASSWORD,
            check_password_strength=False,
        )
    print(f"  {Observation.objects.count():,} figures, {Target.objects.count():,} targets", flush=True)
    client = Client()
    client.force_login(users.objects.get(username=BENCH_USER))
    for label in ("first", "second", "third"):
        started = time.perf_counter()
        answer = client.get("/")
        took = (time.perf_counter() - started) * 1000
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"  {label} request: HTTP {answer.status_code}, {took:,.0f} ms, peak RSS {peak:,.0f} MB",
            flush=True,
        )
    rows = dashboard().rows
    statuses = Counter(row.status for row in rows).most_common()
    print(f"  {len(rows):,} target rows evaluated (target × territory): {statuses}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # a fresh process on a folder
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return 0
    folder = Path(tempfile.mkdtemp(prefix="planwatch-bench-overview-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ["PLANWATCH_DATA_DIR"] = str(folder)
    print(f"machine: {_machine()}", flush=True)
    subprocess.run([_planwatch(), "init"], check=True, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    command = [_planwatch(), "demo", "--national", "--scale", str(args.scale)]
    subprocess.run(command, check=True, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    print(f"data: planwatch demo --national --scale {args.scale}: {time.perf_counter() - started:.0f} s")
    for process in ("a fresh process, nothing cached", "a second fresh process, the shared cache kept"):
        print(process, flush=True)
        subprocess.run([sys.executable, __file__, "--measure", str(folder)], check=True)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
