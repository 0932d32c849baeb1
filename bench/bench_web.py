"""Web latency: the dashboard and a target page under 50 concurrent clients, as ``make run`` serves them.

What is measured: on a fresh SQLite data folder, ``planwatch init`` (the built-in catalogue), then
100 illustrative communes ("Xã minh họa 001" …, under the merged province of An Giang; they are not
real units) and ten years (2016–2025) of illustrative figures (``is_demo``, "Số liệu minh họa") with
one revision each, for every target of every full-text document, in each of those communes and in the
document's province (as it stood, then the area that continues it from 2025). ``planwatch serve``
serves it as ``make run`` starts it (gunicorn, 2 × cores + 1 synchronous worker processes;
``--workers`` for another number). One client signs in through the login form, then ``--clients``
threads share its session and each requests in turn the dashboard ``/`` and a target page
``/muc-tieu/<pk>/`` (cycling over the first ten targets of 219/KH-UBND), with no pause between
requests (a closed loop: the worst case for a small office's traffic). The same load runs first for
``--warmup`` seconds, reported but not counted: each server process fills its own caches then, as it
does once after every change of the data. Reported per page: requests, errors, throughput,
p50/p95/p99 and maximum latency. The goal of issue #4 is p95 < 300 ms on the 2-core machine; nothing
is asserted.

Run: ``.venv/bin/python bench/bench_web.py [--seconds 60] [--warmup 10] [--clients 50] [--units 100]``
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

YEARS = range(2016, 2026)
BENCH_USER = "bench.quantri"
BENCH_PASSWORD = "mật-khẩu-đo-tải-2025"
DEMO_COMMENT = "Số liệu minh họa (bench_web)"
TARGET_PAGES = 10


def _setup_django(folder: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ["PLANWATCH_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "planwatch.web.config.settings"
    import django

    django.setup()


def prepare(folder: Path, communes: int) -> tuple[list[int], dict[str, int]]:
    """Fill ``folder``'s database; returns the target pages' primary keys and what was written."""
    subprocess.run([_planwatch(), "init"], check=True, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    _setup_django(folder)
    from django.db import connections, transaction

    from planwatch.domain.periods import Period
    from planwatch.domain.vocabulary import (
        Assessment,
        Comparator,
        ObservationSource,
        TargetKind,
        UserRole,
        ValueState,
    )
    from planwatch.intake.figures import Figure
    from planwatch.web.accounts.services import user_create
    from planwatch.web.catalogue.models import Target
    from planwatch.web.figures.services import ObservationWrite, observations_write, series_of
    from planwatch.web.geography.selectors import province_unit_for_year

    rng = random.Random(2016)

    def figure_for(target: Target) -> Figure:
        if target.comparator == Comparator.QUALITATIVE or target.kind == TargetKind.QUALITATIVE:
            return Figure(None, rng.choice(list(Assessment)))
        if target.comparator == Comparator.LEVEL or target.kind == TargetKind.LEVEL:
            return Figure(max(1.0, (target.value or 3.0) - rng.choice((0, 1, 2))), None)
        figure = max(0.0, (target.value or 10.0) * rng.uniform(0.6, 1.15))
        return Figure(round(min(figure, 100.0) if target.unit == "%" else figure, 1), None)

    with transaction.atomic():
        units = illustrative_communes(communes)
        targets = list(
            Target.objects.filter(document__is_stub=False, indicator__isnull=False).select_related(
                "document", "indicator"
            )
        )
        # One figure per series (indicator and scope), place and year: targets of several documents that
        # carry one indicator read the same figures.
        writes: dict[tuple[int, str, int, int], ObservationWrite] = {}
        for target in targets:
            series = series_of(target)
            for year in YEARS:
                home = (
                    province_unit_for_year(target.document.province, year)
                    if target.document.province
                    else None
                )
                for unit in [*units, *([home] if home else [])]:
                    key = (series.indicator_id, series.disaggregation, unit.pk, year)
                    if key not in writes:
                        writes[key] = ObservationWrite(
                            series=series,
                            unit=unit,
                            period=Period.of_year(year),
                            figure=figure_for(target),
                            state=ValueState.APPROVED,
                            source=ObservationSource.DEMO,
                            source_detail=DEMO_COMMENT,
                            comment=DEMO_COMMENT,
                            is_demo=True,
                        )
        observations_write(list(writes.values()))
        user_create(
            username=BENCH_USER,
            role=UserRole.ADMINISTRATOR,
            password=BENCH_PASSWORD,
            check_password_strength=False,
        )
    pages = list(
        Target.objects.filter(document__doc_id="KG-219-KH-UBND")
        .order_by("position")
        .values_list("pk", flat=True)[:TARGET_PAGES]
    )
    connections.close_all()
    return pages, {"units": len(units), "targets": len(targets), "values": len(writes)}


def illustrative_communes(count: int) -> list[Any]:
    """``count`` illustrative communes ("Xã minh họa 001" …, not real units) in the new An Giang, each
    its own territory (the web and abuse benches' figures go to them)."""
    from planwatch.web.geography.models import AdministrativeUnit

    merged = AdministrativeUnit.objects.get(code="an-giang")
    return AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            code=f"bench-xa-minh-hoa-{n:03d}",
            name=f"Xã minh họa {n:03d}",
            level="commune",
            parent=merged,
            territory=f"bench-xa-minh-hoa-{n:03d}",
        )
        for n in range(1, count + 1)
    )


def _planwatch() -> str:
    return str(Path(sys.executable).with_name("planwatch"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(folder: Path, port: int, workers: int | None) -> subprocess.Popen[bytes]:
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen(
        [_planwatch(), "serve", "--host", "127.0.0.1", "--port", str(port)]
        + (["--workers", str(workers)] if workers else []),
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"planwatch serve did not start; see {folder / 'serve.log'}")


def login(base: str) -> str:
    """Sign in through the login form; returns the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/dang-nhap/").read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    if not match:
        raise SystemExit("no CSRF token on the login form")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1), "username": BENCH_USER, "password": BENCH_PASSWORD}
    ).encode()
    opener.open(urllib.request.Request(f"{base}/dang-nhap/", data=data, headers={"Referer": base})).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit("login failed: no session cookie")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


@dataclass
class Samples:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client(
    port: int, cookie: str, paths: list[tuple[str, str]], until: float, samples: Samples, offset: int
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie, "Accept-Language": "vi"}
    mine: dict[str, list[float]] = defaultdict(list)
    failed: dict[str, int] = defaultdict(int)
    turn = offset
    while time.monotonic() < until:
        page, path = paths[turn % len(paths)]
        turn += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            ok = False
        elapsed = time.perf_counter() - started
        if ok:
            mine[page].append(elapsed)
        else:
            failed[page] += 1
    connection.close()
    with samples.lock:
        for page, values in mine.items():
            samples.latencies[page].extend(values)
        for page, count in failed.items():
            samples.errors[page] += count


def _percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def _machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else ""
    return (
        f"{os.cpu_count()} cores {model}, {platform.machine()}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, load average before the run "
        + " ".join(f"{n:.1f}" for n in os.getloadavg())
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--units", type=int, default=100, help="illustrative communes")
    parser.add_argument("--keep", action="store_true", help="keep the data folder (printed) afterwards")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of load before the measure")
    parser.add_argument(
        "--workers", type=int, default=None, help="planwatch serve --workers (default: its own)"
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="planwatch-bench-web-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ["PLANWATCH_DATA_DIR"] = str(folder)
    print(f"machine: {_machine()}", flush=True)
    started = time.perf_counter()
    target_pks, written = prepare(folder, args.units)
    prepared = time.perf_counter() - started
    print(
        f"data: {written['targets']} targets, {written['units']} illustrative communes + provinces, "
        f"years {YEARS.start}–{YEARS.stop - 1}: {written['values']:,} figures and as many revisions "
        f"(prepared in {prepared:.0f} s, {folder})",
        flush=True,
    )
    from planwatch.web.config.server import default_workers

    port = _free_port()
    print(f"server: planwatch serve, {args.workers or default_workers()} worker processes", flush=True)
    server = serve(folder, port, args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        first = time.perf_counter()
        cookie = login(base)  # the login form redirects to the dashboard: its evaluation cache is still empty
        print(
            f"sign-in, then the first dashboard (evaluation not cached): {time.perf_counter() - first:.1f} s"
        )
        dashboard = ("dashboard /", "/")
        pages = [("target page /muc-tieu/<pk>/", f"/muc-tieu/{pk}/") for pk in target_pks]
        # Dashboard and target pages alternate: every other request is the dashboard.
        schedule = [item for page in pages for item in (dashboard, page)]
        alone: dict[str, list[float]] = defaultdict(list)
        for page, path in schedule:  # every page once, one at a time, before the load
            first = time.perf_counter()
            urllib.request.urlopen(urllib.request.Request(base + path, headers={"Cookie": cookie})).read()
            alone[page].append((time.perf_counter() - first) * 1000)
        for page, times in alone.items():
            print(
                f"one request at a time: {page}: "
                f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms"
            )
        if args.warmup > 0:
            warm, warm_duration = _load(port, cookie, schedule, args.clients, args.warmup)
            print(f"warm-up, not counted: {args.clients} clients for {args.warmup:.0f} s")
            _print_table(warm, warm_duration)
        samples, duration = _load(port, cookie, schedule, args.clients, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=15)
    print(f"load: {args.clients} clients for {args.seconds:.0f} s (closed loop, no pause)")
    _print_table(samples, duration)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _load(
    port: int, cookie: str, schedule: list[tuple[str, str]], clients: int, seconds: float
) -> tuple[Samples, float]:
    """``clients`` threads, each on its own connection, going round ``schedule`` for ``seconds``."""
    samples = Samples()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(port, cookie, schedule, until, samples, 2 * i))
        for i in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def _print_table(samples: Samples, duration: float) -> None:
    print(
        f"{'page':<30} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}"
    )
    everything: list[float] = []
    for page in ("dashboard /", "target page /muc-tieu/<pk>/"):
        values = samples.latencies.get(page, [])
        everything += values
        _print_line(page, values, samples.errors.get(page, 0), duration)
    _print_line("all", everything, sum(samples.errors.values()), duration)


def _print_line(page: str, values: list[float], errors: int, duration: float) -> None:
    if not values:
        print(f"{page:<30} {0:>8} {errors:>6}")
        return
    ms = [v * 1000 for v in values]
    print(
        f"{page:<30} {len(ms):>8} {errors:>6} {len(ms) / duration:>7.1f} {_percentile(ms, 50):>6.0f}ms "
        f"{_percentile(ms, 95):>6.0f}ms {_percentile(ms, 99):>6.0f}ms {max(ms):>6.0f}ms"
    )


if __name__ == "__main__":
    sys.exit(main())
