"""Reports built off the request (issue #16, decision 0005): a docx takes seconds and a PDF up to twenty,
too long to hold a server worker while a viewer waits with no feedback.

- The first request for a report that is not ready claims its build in the shared database cache
  (``cache.add``: one build at a time per report, across every server process) and hands it to this
  process's build thread; it answers at once with a page that refreshes itself until the file is there.
- The build thread is one per process with a short queue: however many viewers ask for however many
  reports, requests come back at once and at most one report per process is being laid out (a full
  queue says "try again shortly" instead of queueing more). The thread lays the report out in a
  child process (``reports.build_process``) and waits for it, so the layout never competes with the
  worker's requests for the interpreter lock; and one report is laid out at a time on the whole
  server (a slot in the shared cache), so builds never take every core from the pages.
- The file is kept in the shared cache under a key holding every fact behind it (``report_key``: the
  data stamp, the tasks, duties, rounds and narratives, the day it is dated): it is served until one of
  them changes. A failed build leaves its one-sentence error for the next request, which shows it once
  and lets the build be tried again.

Nothing beyond ``make run``: no broker, no other service. A process that dies while building holds
the claim no longer than ``BUILD_SECONDS``.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import caches
from django.db import connections

from planwatch.domain.errors import DomainError
from planwatch.reporting import ReportFormat, ReviewKind
from planwatch.web.catalogue.models import PolicyDocument
from planwatch.web.reports.selectors import ReportFile, lay_out_report, report_key

BUILD_SECONDS = 300  # a claim older than this is a build that died
KEEP_SECONDS = 7 * 24 * 3600  # the key changes with every fact; this only bounds a stale entry's life
MAX_QUEUED = 4

# Tests set this to build inside the request (their database is not visible to another thread).
INLINE = False


def lay_out_elsewhere(
    document: PolicyDocument, year: int, review: ReviewKind | None, report_format: ReportFormat
) -> ReportFile:
    """The report laid out by a child process (``reports.build_process``).

    Raises:
        DomainError: the child's one sentence (no LibreOffice, a failed conversion…).
    """
    with tempfile.TemporaryDirectory(prefix="planwatch-report-") as folder:
        out = Path(folder) / "report.pickle"
        command = [
            sys.executable,
            "-m",
            "planwatch.web.reports.build_process",
            str(document.pk),
            str(year),
            review.value if review else "year",
            report_format.value,
            str(out),
        ]
        done = subprocess.run(command, capture_output=True, timeout=BUILD_SECONDS, check=False)
        error = out.with_name(out.name + ".error")
        if error.exists():
            raise DomainError(error.read_text(encoding="utf-8"))
        if done.returncode != 0 or not out.exists():
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"report build failed: {detail[-1] if detail else done.returncode}")
        report: ReportFile = pickle.loads(out.read_bytes())  # our own child wrote it
        return report


class BuildBusyError(DomainError):
    """Every build slot of this server process is taken."""


@dataclass(frozen=True, slots=True)
class Building:
    """A report being built: since when (seconds since the epoch), and whether this request started it."""

    since: float
    started_here: bool

    @property
    def seconds(self) -> int:
        return max(0, int(time.time() - self.since))


class _Builder:
    """This process's build thread and how many builds wait for it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self.pending = 0

    def submit(self, job: Callable[[], None]) -> bool:
        with self._lock:
            if self.pending >= MAX_QUEUED:
                return False
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="planwatch-report")
            self.pending += 1
        self._executor.submit(self._run, job)
        return True

    def _run(self, job: Callable[[], None]) -> None:
        try:
            job()
        finally:
            with self._lock:
                self.pending -= 1
            connections.close_all()  # this thread's own connections


builder = _Builder()


SLOT = "report-build:slot"
SLOT_POLL_SECONDS = 0.5


@contextmanager
def _machine_slot() -> Iterator[None]:
    """One report laid out at a time on the whole server (every process): a PDF build takes a core,
    and the 2-core machine keeps the other for the pages. Waits for the slot; a process that died
    holding it frees it after ``BUILD_SECONDS``."""
    shared = caches["shared"]
    deadline = time.monotonic() + BUILD_SECONDS
    while not shared.add(SLOT, os.getpid(), timeout=BUILD_SECONDS):
        if time.monotonic() > deadline:
            break  # a holder that never let go: build anyway rather than never
        time.sleep(SLOT_POLL_SECONDS)
    try:
        yield
    finally:
        shared.delete(SLOT)


def report_or_build(
    document: PolicyDocument, year: int, review: ReviewKind | None, report_format: ReportFormat
) -> ReportFile | Building:
    """The report's file when it is ready; else its build, started by this request if nobody has.

    Raises:
        DomainError: the last build of this report failed (its own sentence; the next request retries).
        BuildBusyError: this process already has ``MAX_QUEUED`` builds waiting.
    """
    shared = caches["shared"]
    key = report_key(document, year, review, report_format)
    found: ReportFile | None = shared.get(key)
    if found is not None:
        return found
    failed: str | None = shared.get(f"{key}:failed")
    if failed is not None:
        shared.delete(f"{key}:failed")
        raise DomainError(failed)
    claim = f"{key}:building"
    now = time.time()
    if not shared.add(claim, now, timeout=BUILD_SECONDS):
        return Building(since=shared.get(claim) or now, started_here=False)

    def build() -> None:
        try:
            with _machine_slot():
                report = lay_out_elsewhere(document, year, review, report_format)
            shared.set(key, report, timeout=KEEP_SECONDS)
        except DomainError as error:
            shared.set(f"{key}:failed", str(error), timeout=BUILD_SECONDS)
        except Exception:
            shared.set(f"{key}:failed", "Không tạo được báo cáo do lỗi của hệ thống; hãy thử lại.", 60)
            raise
        finally:
            shared.delete(claim)

    if INLINE:
        try:
            shared.set(key, lay_out_report(document, year, review, report_format), timeout=KEEP_SECONDS)
        finally:
            shared.delete(claim)
        return report_or_build(document, year, review, report_format)
    if not builder.submit(build):
        shared.delete(claim)
        raise BuildBusyError("Máy chủ đang tạo nhiều báo cáo; hãy thử lại sau ít phút.")
    return Building(since=now, started_here=True)
