"""The ministry's pages under load on national figures (issue #13, point 3: p95 < 300 ms with 50
concurrent clients; a cold start after a write under 2 s).

What is measured: on a fresh SQLite data folder, ``planwatch init`` (the whole country's units), then
a bulk load (plain INSERTs in large batches, not the ORM) of illustrative figures (``is_demo``,
"Số liệu minh họa") into the observation store, shaped like the national dataset of issue #13: each
series (the data elements of the ratios the provinces' plans under 42-NQ/TW set targets on, and one
count) × 4 disaggregations ('', urban, rural, female) × 11 years (2015–2025), in every commune in
force at the year's cut-off (10,035 before the 2025 reform, 3,321 in 2025). ``--scale 1`` is the
issue's 44 million figures (≈ 106 series); ``--scale 0.1`` (the default) 4.4 million.

``planwatch serve`` serves it as ``make run`` does (gunicorn, 2 × cores + 1 synchronous processes,
decision 0005). One client signs in; then, one request at a time, the first request of each page
(each process loads its columnar copy of the store on its first rollup: the cold start); then
``--clients`` threads share the session and request in turn the ministry's index, the league table of
a ratio and of the count, one province's communes and one province's page, with no pause (closed
loop), after ``--warmup`` seconds not counted. Then a figure is changed (``planwatch values import``
of one row) and the pages are asked again one at a time: each process reads what changed and renders
its page again (the cold start after a write); then a new figure is added (the store's count changes,
so each copy is loaded again). RSS of every server process at the end. Nothing is asserted.

``--national`` takes the data of ``planwatch demo --national --scale S`` instead (every combined
indicator and data element on a share ``S`` of each province's communes, with the illustrative plans of
every province: the league tables then judge 34 provinces against their own targets).

Run: ``.venv/bin/python bench/bench_ministry.py [--scale 0.1] [--national] [--seconds 30]
[--warmup 10] [--clients 50] [--workers N] [--keep]``
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web import (
    BENCH_PASSWORD,
    BENCH_USER,
    _free_port,
    _load,
    _machine,
    _percentile,
    _planwatch,
    _setup_django,
    serve,
)

YEARS = range(2015, 2026)
DISAGGREGATIONS = ("", "urban", "rural", "female")
FULL_SCALE_ROWS = 44_000_000
COUNT = "luot-lao-dong-duoc-giai-quyet-viec-lam-hang-nam"
RATIO = "bac-si"
PROVINCE = "an-giang"
BATCH = 200_000
DEMO = "Số liệu minh họa (bench_ministry)"


def prepare_national(folder: Path, scale: float) -> dict[str, object]:
    """``planwatch init`` and ``planwatch demo --national --scale S`` (the project's own generator:
    every combined indicator and data element, a share ``S`` of each province's communes, and the
    illustrative plans of every province under 42-NQ/TW); returns what was written."""
    subprocess.run([_planwatch(), "init"], check=True, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    subprocess.run(
        [_planwatch(), "demo", "--national", "--scale", str(scale)],
        check=True,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    _setup_django(folder)
    from django.db import connections

    from planwatch.domain.vocabulary import UserRole
    from planwatch.web.accounts.services import user_create
    from planwatch.web.figures.models import Observation

    user_create(
        username=BENCH_USER,
        role=UserRole.ADMINISTRATOR,
        password=BENCH_PASSWORD,
        check_password_strength=False,
    )
    rows = Observation.objects.count()
    series = Observation.objects.values("indicator_id", "disaggregation").distinct().count()
    connections.close_all()
    return {"series": series, "rows": rows, "seconds": seconds}


def prepare(folder: Path, scale: float) -> dict[str, object]:
    """``planwatch init`` and the bulk load; returns what was written."""
    subprocess.run([_planwatch(), "init"], check=True, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    _setup_django(folder)
    from django.db import connections

    from planwatch.domain.periods import Period
    from planwatch.domain.vocabulary import UserRole
    from planwatch.web.accounts.services import user_create
    from planwatch.web.catalogue.models import Indicator
    from planwatch.web.geography.models import AdministrativeUnit
    from planwatch.web.ministry.selectors import resolution_indicators

    communes_by_year = {
        year: list(
            AdministrativeUnit.objects.filter(level="commune")
            .exclude(valid_from__gt=Period.of_year(year).end)
            .exclude(valid_to__lt=Period.of_year(year).end)
            .values_list("pk", flat=True)
        )
        for year in YEARS
    }
    per_series = len(DISAGGREGATIONS) * sum(len(communes) for communes in communes_by_year.values())
    wanted_series = max(3, round(scale * FULL_SCALE_ROWS / per_series))
    ratios = [i for i, _ in resolution_indicators() if i.aggregation == "ratio" and i.code != RATIO]
    chosen = [Indicator.objects.get(code=RATIO), *ratios]
    elements: list[str] = []
    used = []
    for indicator in chosen:
        used.append(indicator)
        for code in (indicator.numerator, indicator.denominator):
            if code not in elements:
                elements.append(code)
        if len(elements) + 1 >= wanted_series:
            break
    series_ids = [Indicator.objects.get(code=COUNT).pk]
    for code in elements:
        series_ids.append(
            Indicator.objects.get_or_create(
                code=code, defaults={"name": code, "unit": "người", "direction": "up", "aggregation": "sum"}
            )[0].pk
        )
    denominators = {Indicator.objects.get(code=c).pk for c in (i.denominator for i in used)}
    user_create(
        username=BENCH_USER,
        role=UserRole.ADMINISTRATOR,
        password=BENCH_PASSWORD,
        check_password_strength=False,
    )
    connections.close_all()

    started = time.perf_counter()
    rows = _bulk_load(folder, series_ids, denominators, communes_by_year)
    return {"series": len(series_ids), "rows": rows, "seconds": time.perf_counter() - started}


def _bulk_load(
    folder: Path, series_ids: list[int], denominators: set[int], communes_by_year: dict[int, list[int]]
) -> int:
    """Figures straight into the observation table in large batches (the store's indexes kept)."""
    database = sqlite3.connect(folder / "planwatch.sqlite3")
    database.execute("PRAGMA synchronous=OFF")
    columns = (
        "indicator_id, disaggregation, unit_id, period, period_type, year, period_start, period_end, value, "
        "assessment, kind, source, state, comment, is_demo, version, created_at, updated_at"
    )
    statement = f"INSERT INTO figures_observation ({columns}) VALUES ({', '.join('?' * 18)})"
    # One second apart, the latest a minute ago: figures that arrived over weeks, as a store fills
    # (stamped all alike, every look of each process's copy would read them all again: decision 0012's
    # 10 s look-back).
    total = len(series_ids) * len(DISAGGREGATIONS) * sum(len(c) for c in communes_by_year.values())
    first = datetime.now(UTC).timestamp() - total - 60
    rng = random.Random(13)
    written = 0
    batch: list[tuple[object, ...]] = []
    for series in series_ids:
        big = series in denominators
        for year in YEARS:
            start, end = date(year - 1, 12, 15).isoformat(), date(year, 12, 14).isoformat()
            for unit in communes_by_year[year]:
                for disaggregation in DISAGGREGATIONS:
                    value = float(rng.randint(2_000, 40_000) if big else rng.randint(0, 300))
                    stamp = datetime.fromtimestamp(first + written + len(batch), UTC).replace(tzinfo=None)
                    now = stamp.isoformat(sep=" ", timespec="microseconds")  # as Django stores it
                    batch.append(
                        (
                            series,
                            disaggregation,
                            unit,
                            str(year),
                            "year",
                            year,
                            start,
                            end,
                            value,
                            "",
                            "official",
                            "demo",
                            "approved",
                            DEMO,
                            1,
                            1,
                            now,
                            now,
                        )
                    )
            if len(batch) >= BATCH:
                database.executemany(statement, batch)
                database.commit()
                written += len(batch)
                batch = []
    database.executemany(statement, batch)
    database.commit()
    written += len(batch)
    database.close()
    return written


def login(base: str) -> str:
    """Sign in through the login form without following its redirect to the dashboard (the provincial
    dashboard is not what this bench measures); returns the Cookie header of the session."""
    import http.cookiejar
    import re
    import urllib.parse

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), Stay())
    form = opener.open(f"{base}/dang-nhap/").read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    if not match:
        raise SystemExit("no CSRF token on the login form")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1), "username": BENCH_USER, "password": BENCH_PASSWORD}
    ).encode()
    try:
        opener.open(urllib.request.Request(f"{base}/dang-nhap/", data=data, headers={"Referer": base}))
    except urllib.error.HTTPError as answer:  # the 302 the sign-in answers
        if answer.code != 302:
            raise
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit("login failed: no session cookie")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _path_of_page() -> dict[str, str]:
    return {
        "index /bo-nganh/": "/bo-nganh/",
        "league, a ratio": f"/bo-nganh/chi-tieu/{RATIO}/",
        "league, a count": f"/bo-nganh/chi-tieu/{COUNT}/",
        "a province's communes": f"/bo-nganh/chi-tieu/{RATIO}/{PROVINCE}/",
        "a province's page": f"/bo-nganh/tinh/{PROVINCE}/",
    }


def _one_at_a_time(base: str, cookie: str, rounds: int) -> dict[str, list[float]]:
    """Every page ``rounds`` times, one request at a time (ms)."""
    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for page, path in _path_of_page().items():
            started = time.perf_counter()
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})
            urllib.request.urlopen(request, timeout=300).read()
            times[page].append((time.perf_counter() - started) * 1000)
    return times


def _print_times(title: str, times: dict[str, list[float]]) -> None:
    print(title)
    for page, values in times.items():
        print(f"  {page:<24} first {values[0]:>7.0f} ms, max {max(values):>7.0f} ms, "
              f"median {sorted(values)[len(values) // 2]:>6.0f} ms")  # fmt: skip


def _rss(server: subprocess.Popen[bytes]) -> list[tuple[int, float]]:
    """(pid, RSS in MB) of the server's processes (the arbiter first)."""
    pids = [server.pid]
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    found = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    found.append((pid, int(line.split()[1]) / 1024))
    return found


def _write(folder: Path, new: bool) -> float:
    """Change one commune figure of 2025 (or add one: the same commune and year, for women), through
    ``planwatch values import``; returns its seconds."""
    database = sqlite3.connect(folder / "planwatch.sqlite3")
    indicator, unit = database.execute(
        "SELECT i.code, u.code FROM figures_observation o "
        "JOIN catalogue_indicator i ON i.id = o.indicator_id "
        "JOIN geography_administrativeunit u ON u.id = o.unit_id "
        "WHERE o.period = '2025' AND o.disaggregation = '' ORDER BY o.id LIMIT 1"
    ).fetchone()
    database.close()
    path = folder / "one-figure.csv"
    scope = "Nam" if new else ""
    path.write_text(
        f"indicator,scope,unit_area,year,value\n{indicator},{scope},{unit},2025,123\n", encoding="utf-8"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [_planwatch(), "values", "import", str(path)], env=os.environ.copy(), capture_output=True, text=True
    )
    if result.returncode != 0:
        print(f"  (the write was refused: {result.stderr.strip()})")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--national",
        action="store_true",
        help="the data of `planwatch demo --national --scale S` instead of this script's own bulk load",
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="planwatch-bench-ministry-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ["PLANWATCH_DATA_DIR"] = str(folder)
    print(f"machine: {_machine()}", flush=True)
    if args.national:
        written = prepare_national(folder, args.scale)
        print(
            f"data: planwatch demo --national --scale {args.scale}: {written['series']} series (with their "
            f"breakdowns), {written['rows']:,} figures, loaded in {written['seconds']:.0f} s ({folder})",
            flush=True,
        )
    else:
        written = prepare(folder, args.scale)
        print(
            f"data: scale {args.scale}: {written['series']} series × {len(DISAGGREGATIONS)} "
            f"disaggregations × {len(YEARS)} years × the communes in force: {written['rows']:,} figures, "
            "bulk-loaded in "
            f"{written['seconds']:.0f} s ({folder})",
            flush=True,
        )
    from planwatch.web.config.server import default_workers

    workers = args.workers or default_workers()
    port = _free_port()
    print(f"server: planwatch serve, {workers} worker processes", flush=True)
    server = serve(folder, port, args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        cookie = login(base)
        _print_times(
            f"cold start: every page {workers + 1} times, one at a time "
            "(a process's first rollup loads its copy)",
            _one_at_a_time(base, cookie, workers + 1),
        )
        schedule = list(_path_of_page().items())
        if args.warmup > 0:
            _load(port, cookie, schedule, args.clients, args.warmup)
        samples, duration = _load(port, cookie, schedule, args.clients, args.seconds)
        print(f"load: {args.clients} clients for {args.seconds:.0f} s (closed loop, no pause)")
        print(f"{'page':<26} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50':>8} {'p95':>8} {'max':>8}")
        everything: list[float] = []
        for page, _ in schedule:
            ms = [v * 1000 for v in samples.latencies.get(page, [])]
            everything += ms
            if ms:
                print(
                    f"{page:<26} {len(ms):>8} {samples.errors.get(page, 0):>6} {len(ms) / duration:>7.1f} "
                    f"{_percentile(ms, 50):>6.0f}ms {_percentile(ms, 95):>6.0f}ms {max(ms):>6.0f}ms"
                )
        print(
            f"{'all':<26} {len(everything):>8} {sum(samples.errors.values()):>6} "
            f"{len(everything) / duration:>7.1f} {_percentile(everything, 50):>6.0f}ms "
            f"{_percentile(everything, 95):>6.0f}ms {max(everything):>6.0f}ms"
        )
        took = _write(folder, new=False)
        _print_times(
            f"after one figure changed ({took:.1f} s for the import): every page {workers + 1} times",
            _one_at_a_time(base, cookie, workers + 1),
        )
        took = _write(folder, new=True)
        _print_times(
            f"after one figure added ({took:.1f} s for the import): every page {workers + 1} times",
            _one_at_a_time(base, cookie, workers + 1),
        )
        for pid, rss in _rss(server):
            print(f"  process {pid}: RSS {rss:.0f} MB")
    finally:
        server.terminate()
        server.wait(timeout=30)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
