"""Load during a large import (issue #17): 50 clients mixing reads and writes while
``planwatch values import`` writes 100,000 rows, and 40 parallel wrong passwords for one username.
Expected: no answer 5xx, and at most 5 of the 40 passwords checked.

What is measured: on a fresh SQLite data folder, ``planwatch init`` (the built-in catalogue), then
100 illustrative communes ("Xã minh họa 001" …, not real units) and a values file (CSV) of ``--rows``
rows: the numeric targets of the full-text documents whose name is unique in their document (one per
series of figures), in each commune, for 2016–2025 (illustrative figures within each unit's plausible
range). ``planwatch serve``
serves the folder as ``make run`` does (gunicorn, 2 × cores + 1 synchronous processes), on 127.0.0.1
only, on a free port; the bench stops it at the end.

1. Login race: 40 threads each fetch the login form and, released together, post a wrong password for
   one username through the server's processes. Counted: answers 200 (the password was checked and
   refused) and 429 (refused before any check).
2. Import under load: the import starts (a subprocess, ``planwatch values import``); ``--clients``
   threads, each with its own API token (so the per-user rate limit of 600/min is not what is
   measured) and the session of one signed-in administrator, go round: ``GET /api/v1/documents/``, a
   target page, ``POST /api/v1/values/`` (one figure of 2026, outside the file's years), the
   dashboard, ``GET /api/v1/evaluations/?document=219/KH-UBND``, another ``POST``; ``--pause`` seconds
   between two requests of a client. The load stops when the import ends, or after ``--max-seconds``
   (the import is then stopped too). Reported per kind of request: count, answers by status,
   p50/p95/max latency.

Bounded on purpose: at most 50 clients, loopback only, a hard stop after ``--max-seconds``.

Run: ``.venv/bin/python bench/bench_abuse.py [--rows 100000] [--clients 50] [--max-seconds 600]``
"""

from __future__ import annotations

import argparse
import csv
import http.client
import http.cookiejar
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import (
    _free_port,
    _machine,
    _percentile,
    _planwatch,
    _setup_django,
    illustrative_communes,
    serve,
)

YEARS = range(2016, 2026)
ADMIN = "bench.quantri"
PASSWORD = "mật-khẩu-đo-tải-2025"
MAX_CLIENTS = 50
LOGIN_RACE = 40


@dataclass(frozen=True)
class Prepared:
    csv_path: Path
    rows: int
    tokens: list[str]
    target_pages: list[int]
    write_rows: list[dict[str, str]]


def prepare(folder: Path, rows_wanted: int, clients: int) -> Prepared:
    subprocess.run([_planwatch(), "init"], check=True, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    _setup_django(folder)
    from django.db import connections, transaction

    from planwatch.domain.numbers import format_number
    from planwatch.domain.plausible import plausible_range
    from planwatch.domain.vocabulary import Comparator, TargetKind, UserRole
    from planwatch.web.accounts.services import api_token_create, user_create
    from planwatch.web.catalogue.models import Target

    rng = random.Random(17)
    with transaction.atomic():
        communes = illustrative_communes(100)
        admin = user_create(
            username=ADMIN, role=UserRole.ADMINISTRATOR, password=PASSWORD, check_password_strength=False
        )
        tokens = [api_token_create(user=admin)]
        for n in range(1, clients):
            user = user_create(username=f"bench.quantri{n:02d}", role=UserRole.ADMINISTRATOR)
            tokens.append(api_token_create(user=user))
    targets = list(
        Target.objects.filter(document__is_stub=False).select_related("document", "indicator").order_by("pk")
    )
    names = Counter((t.document_id, t.indicator_name.casefold(), t.scope.casefold()) for t in targets)
    # One target per series (indicator and scope): targets of several documents read one series, and a
    # file naming the same figure twice is refused.
    series: dict[tuple[int | None, str], Target] = {}
    for t in targets:
        if (
            names[(t.document_id, t.indicator_name.casefold(), t.scope.casefold())] == 1
            and t.comparator not in (Comparator.QUALITATIVE, Comparator.LEVEL)
            and t.kind not in (TargetKind.QUALITATIVE, TargetKind.LEVEL)
        ):
            series.setdefault((t.indicator_id, t.disaggregation), t)
    numeric = list(series.values())

    def value_text(target: Target) -> str:
        indicator = target.indicator
        low, high = plausible_range(
            target.unit or None,
            indicator.lower_limit if indicator else None,
            indicator.upper_limit if indicator else None,
        )
        high = min(high, max(low + 1, (target.value or 100.0) * 1.5))
        return format_number(round(rng.uniform(max(low, 0.0), high), 1))

    csv_path = folder / "values-100k.csv"
    written = 0
    with csv_path.open("w", encoding="utf-8", newline="") as file:
        out = csv.writer(file)
        out.writerow(["document", "indicator", "scope", "unit_area", "year", "value", "comment"])
        for year in YEARS:
            for commune in communes:
                for target in numeric:
                    if written == rows_wanted:
                        break
                    out.writerow(
                        [
                            target.document.doc_id,
                            target.indicator_name,
                            target.scope,
                            commune.name,
                            year,
                            value_text(target),
                            "Số liệu minh họa (bench_abuse)",
                        ]
                    )
                    written += 1
    write_rows = [
        {
            "document": t.document.doc_id,
            "indicator": t.indicator_name,
            "scope": t.scope,
            "unit_area": communes[n % len(communes)].name,
            "year": "2026",
            "value": value_text(t),
        }
        for n, t in enumerate(numeric[:200])
    ]
    pages = [t.pk for t in targets if t.document.doc_id == "KG-219-KH-UBND"][:10]
    connections.close_all()
    return Prepared(csv_path, written, tokens, pages, write_rows)


def login_race(base: str) -> Counter[int]:
    """40 wrong passwords for one username, posted at once; the statuses answered."""
    barrier = threading.Barrier(LOGIN_RACE)
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def attempt() -> None:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        form = opener.open(f"{base}/dang-nhap/", timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token is not None
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": "bench.dich", "password": "sai-mat-khau"}
        ).encode()
        barrier.wait()
        try:
            status = opener.open(
                urllib.request.Request(f"{base}/dang-nhap/", data=data, headers={"Referer": base}), timeout=60
            ).status
        except urllib.error.HTTPError as error:
            status = error.code
        with lock:
            statuses[status] += 1

    threads = [threading.Thread(target=attempt) for _ in range(LOGIN_RACE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def session_cookie(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/dang-nhap/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": ADMIN, "password": PASSWORD}
    ).encode()
    opener.open(urllib.request.Request(f"{base}/dang-nhap/", data=data, headers={"Referer": base})).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(
    port: int,
    token: str,
    cookie: str,
    prepared: Prepared,
    stop: threading.Event,
    pause: float,
    n: int,
    out: Results,
) -> None:
    rng = random.Random(n)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    api = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    page = {"Cookie": cookie}
    kinds = ["api read", "page read", "api write", "dashboard", "api evaluations", "api write"]
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    turn = n
    while not stop.is_set():
        kind = kinds[turn % len(kinds)]
        turn += 1
        body = None
        headers = dict(api)
        if kind == "api read":
            method, path = "GET", "/api/v1/documents/"
        elif kind == "api evaluations":
            method, path = "GET", "/api/v1/evaluations/?document=219/KH-UBND"
        elif kind == "page read":
            method, path, headers = "GET", f"/muc-tieu/{rng.choice(prepared.target_pages)}/", page
        elif kind == "dashboard":
            method, path, headers = "GET", "/", page
        else:
            row = dict(rng.choice(prepared.write_rows))
            method, path = "POST", "/api/v1/values/"
            body = json.dumps([row]).encode()
            headers = {**api, "Content-Type": "application/json"}
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            status = 0  # no answer at all
        latencies[kind].append(time.perf_counter() - started)
        statuses[kind][status] += 1
        stop.wait(pause)
    connection.close()
    with out.lock:
        for kind, values in latencies.items():
            out.latencies[kind].extend(values)
        for kind, counted in statuses.items():
            out.statuses[kind].update(counted)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between two requests of a client")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="hard stop of the load and import")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    clients = min(args.clients, MAX_CLIENTS)
    max_seconds = min(args.max_seconds, 900.0)

    folder = Path(tempfile.mkdtemp(prefix="planwatch-bench-abuse-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ["PLANWATCH_DATA_DIR"] = str(folder)
    print(f"machine: {_machine()}", flush=True)
    started = time.perf_counter()
    prepared = prepare(folder, args.rows, clients)
    print(
        f"data: {prepared.rows:,} rows to import ({time.perf_counter() - started:.0f} s to prepare, {folder})"
    )
    port = _free_port()
    server = serve(folder, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    importer: subprocess.Popen[bytes] | None = None
    try:
        race = login_race(base)
        print(
            f"login race: {LOGIN_RACE} wrong passwords at once for one username: "
            f"{race.get(200, 0)} checked (200), {race.get(429, 0)} refused before a check (429), "
            f"other {sum(c for s, c in race.items() if s not in (200, 429))}",
            flush=True,
        )
        cookie = session_cookie(base)
        stop = threading.Event()
        results = Results()
        threads = [
            threading.Thread(
                target=client,
                args=(port, prepared.tokens[i], cookie, prepared, stop, args.pause, i, results),
            )
            for i in range(clients)
        ]
        for thread in threads:
            thread.start()
        time.sleep(2)  # the load runs before the import starts
        import_log = (folder / "import.log").open("wb")
        began = time.perf_counter()
        importer = subprocess.Popen(
            [_planwatch(), "values", "import", str(prepared.csv_path)],
            env=os.environ.copy(),
            stdout=import_log,
            stderr=subprocess.STDOUT,
        )
        try:
            code = importer.wait(timeout=max_seconds)
        except subprocess.TimeoutExpired:
            importer.kill()
            code = None
        imported = time.perf_counter() - began
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        if importer is not None and importer.poll() is None:
            importer.kill()
        server.terminate()
        server.wait(timeout=15)
    tail = (folder / "import.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
    print(
        f"import of {prepared.rows:,} rows: exit {code}, {imported:.0f} s "
        f"({prepared.rows / imported:,.0f} rows/s) — {' '.join(tail)}"
    )
    print(f"load: {clients} clients, {args.pause} s between two requests of a client, during the import")
    columns = ("count", "2xx", "4xx", "429", "5xx", "none", "p50", "p95", "max")
    print(f"{'request':<18}" + "".join(f"{c:>8}" for c in columns))
    everything: list[float] = []
    all_5xx = 0
    for kind in ("api read", "page read", "dashboard", "api evaluations", "api write"):
        counted = results.statuses.get(kind, Counter())
        ms = [v * 1000 for v in results.latencies.get(kind, [])]
        if not ms:
            continue
        everything += ms
        server_errors = sum(c for s, c in counted.items() if s >= 500)
        all_5xx += server_errors
        cells = [
            len(ms),
            sum(c for s, c in counted.items() if 200 <= s < 300),
            sum(c for s, c in counted.items() if 400 <= s < 500 and s != 429),
            counted.get(429, 0),
            server_errors,
            counted.get(0, 0),
        ]
        times = [_percentile(ms, 50), _percentile(ms, 95), max(ms)]
        print(f"{kind:<18}" + "".join(f"{c:>8}" for c in cells) + "".join(f"{t:>6.0f}ms" for t in times))
    print(f"answers 5xx: {all_5xx}; median of all requests: {statistics.median(everything):.0f} ms")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
