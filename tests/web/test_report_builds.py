"""Reports are built off the request (issue #16 point 4): the first request starts the build and gets a
page that refreshes itself; one build at a time per report; the build thread has a short queue, so
viewers cannot hold the server's workers; the file is kept until a fact behind it changes.

The build itself is replaced by one that waits for the test's signal (the real layout is tested in
test_reports.py), and the shared cache by process memory, which the build thread sees."""

import pickle
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from planwatch.reporting.pdf import PdfConversionError
from planwatch.web.catalogue.selectors import document_get
from planwatch.web.reports import build_process, builds
from planwatch.web.reports.selectors import ReportFile

pytestmark = pytest.mark.django_db
URL = "/reports/KG-219-KH-UBND/2026.pdf"


class SlowBuild:
    """Stands for the layout: records each build and waits until the test releases it."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, str]] = []
        self.release = threading.Event()
        self.fail: Exception | None = None

    def __call__(self, document: object, year: int, review: object, report_format: object) -> ReportFile:
        self.calls.append((year, str(report_format)))
        assert self.release.wait(10)
        if self.fail is not None:
            raise self.fail
        return ReportFile(b"%PDF-1.7 bao cao", f"Bao-cao-{year}.pdf", f"Báo cáo {year}.pdf")


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch, settings: SettingsWrapper) -> Iterator[SlowBuild]:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t-default"},
        "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t-shared"},
    }
    caches["shared"].clear()
    build = SlowBuild()
    monkeypatch.setattr(builds, "INLINE", False)
    monkeypatch.setattr(builds, "lay_out_elsewhere", build)
    monkeypatch.setattr(builds, "builder", builds._Builder())
    yield build
    build.release.set()
    _wait_idle()


def _wait_idle() -> None:
    deadline = time.monotonic() + 10
    while builds.builder.pending and time.monotonic() < deadline:
        time.sleep(0.01)
    assert builds.builder.pending == 0


@pytest.fixture
def viewer(client_as: Callable[[str], Client]) -> Client:
    return client_as("lanhdao")


def test_the_first_request_starts_the_build_and_shows_a_page_that_refreshes(
    viewer: Client, slow: SlowBuild
) -> None:
    started = time.monotonic()
    first = viewer.get(URL)
    again = viewer.get(URL)
    waited = time.monotonic() - started

    assert (first.status_code, again.status_code) == (202, 202)
    assert first["Refresh"] == "2"
    assert "đang được tạo" in first.content.decode()
    assert waited < 2  # the requests did not wait for the build
    assert len(slow.calls) == 1  # one build at a time per report

    slow.release.set()
    _wait_idle()
    ready = viewer.get(URL)

    assert ready.status_code == 200
    assert ready.content == b"%PDF-1.7 bao cao"
    assert "Bao-cao-2026.pdf" in ready["Content-Disposition"]
    assert viewer.get(URL).content == ready.content
    assert len(slow.calls) == 1  # kept: not built again


def test_viewers_asking_for_many_reports_get_busy_not_a_held_worker(viewer: Client, slow: SlowBuild) -> None:
    answers = [viewer.get(f"/reports/KG-219-KH-UBND/{year}.pdf").status_code for year in range(2020, 2027)]

    assert answers[: builds.MAX_QUEUED] == [202] * builds.MAX_QUEUED
    assert set(answers[builds.MAX_QUEUED :]) == {503}
    assert len(slow.calls) <= 1  # one build thread: the others wait in its queue


def test_a_failed_build_says_why_once_and_is_tried_again(viewer: Client, slow: SlowBuild) -> None:
    slow.fail = PdfConversionError("LibreOffice không tạo được PDF: thử nghiệm")
    viewer.get(URL)
    slow.release.set()
    _wait_idle()

    failed = viewer.get(URL)
    retried = viewer.get(URL)

    assert failed.status_code == 400
    assert "LibreOffice không tạo được PDF: thử nghiệm" in failed.content.decode()
    assert retried.status_code == 202


def test_the_child_process_writes_the_report_or_its_one_sentence(tmp_path: Path) -> None:
    """What ``lay_out_elsewhere`` starts, run here on the test's database: the laid-out file, or the
    error sentence beside it."""
    document = document_get("219/KH-UBND")
    out = tmp_path / "report.pickle"

    made = build_process.main([str(document.pk), "2026", "year", "docx", str(out)])
    refused = build_process.main([str(document.pk), "1800", "year", "docx", str(tmp_path / "bad.pickle")])
    report = pickle.loads(out.read_bytes())

    assert (made, refused) == (0, 2)
    assert isinstance(report, ReportFile)
    assert report.name == "Bao-cao-219-KH-UBND-2026.docx"
    assert report.data[:2] == b"PK"
    assert "năm báo cáo 1800 không hợp lệ" in (tmp_path / "bad.pickle.error").read_text(encoding="utf-8")
