"""The ministry's pages in a real browser (issue #13, point 4): the league table of one indicator of
42-NQ/TW across the provinces, its sorting, the map and its legend, the drill-down to a province's
communes, search without diacritics, the xlsx and csv downloads, and the English version.

The server is this module's own: the small demo plus commune figures of four provinces imported with
``planwatch values import`` (the other browser tests must not see them)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Page, expect
from tests.browser.conftest import Server, serve

pytestmark = pytest.mark.browser

PageAs = Callable[[str], Page]
Screenshot = Callable[[Page, str], Any]

JOBS = "luot-lao-dong-duoc-giai-quyet-viec-lam-hang-nam"  # a count with a target in Kiên Giang's plan
# (province, how many of its first communes report, figure of the first; each next one 100 fewer)
REPORTING = (("An Giang", 12, 2_400), ("Tây Ninh", 6, 900), ("Hà Nội", 8, 1_500), ("Đà Nẵng", 3, 600))


def _commune_figures(server: Server) -> None:
    lines = ["indicator,unit_area,year,value"]
    for province, count, first in REPORTING:
        communes = server.cli_json(
            "units", "--on", "2025-07-01", "--level", "commune", "--within", province, "--json"
        )
        for n, commune in enumerate(communes[:count]):
            lines.append(f"{JOBS},{commune['code']},2025,{first - 100 * n}")
    path = server.data_dir / "communes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    server.cli("values", "import", str(path))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serve(tmp_path_factory, _commune_figures)


def _an_giang_total() -> int:
    count, first = 12, 2_400
    return sum(first - 100 * n for n in range(count))


def _rows(page: Page) -> list[str]:
    return page.locator("#league-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.code)")


def test_the_league_table_sorts_maps_and_drills_down_to_the_communes(
    page_as: PageAs, screenshot: Screenshot
) -> None:
    page = page_as("lanhdao")
    page.get_by_role("link", name="Bộ, ngành").click()
    expect(page.locator("h1")).to_contain_text("42-NQ/TW")
    screenshot(page, "index")
    page.locator(f"a.indicator-link[href$='/chi-tieu/{JOBS}/']").click()

    expect(page.locator("#league-table tbody tr")).to_have_count(34)
    assert _rows(page)[0] == "an-giang"  # by name: An Giang first, whatever the level word
    page.locator("a.sort[data-sort=value]").click()  # largest first
    expect(page.locator("#league-table tbody tr").first).to_have_attribute("data-code", "an-giang")
    values = page.locator("#league-table tbody tr[data-value]").evaluate_all(
        "rows => rows.map(r => parseFloat(r.dataset.value))"
    )
    assert values == sorted(values, reverse=True)
    assert values[0] == _an_giang_total()
    assert len(values) == len(REPORTING)
    first = page.locator("#league-table tbody tr").first
    expect(first).to_contain_text("12/102 xã")
    expect(first).to_contain_text("50-CTr/TU")  # its own target, from Kiên Giang's programme
    expect(first.locator("span.badge[data-status]")).to_have_count(1)
    screenshot(page, "league-sorted")

    page.locator("a.sort[data-sort=value]").click()  # smallest first; places without figures stay last
    expect(page.locator("a.sort[data-sort=value]")).to_have_attribute("href", "?sort=-value")
    rising = page.locator("#league-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.value ? parseFloat(r.dataset.value) : null)"
    )
    assert rising[: len(REPORTING)] == sorted(values)
    assert rising[len(REPORTING) :] == [None] * (34 - len(REPORTING))

    svg = page.locator("#ministry-map")
    expect(svg.locator("circle.place")).to_have_count(34)
    expect(svg.locator("circle.place:not(.empty)")).to_have_count(len(REPORTING))
    legend = page.locator("#map-legend li")
    expect(legend.last).to_contain_text("chưa có số liệu")
    first_status = page.locator("#league-table span.badge[data-status]").first.inner_text()
    assert first_status
    expect(page.locator("#map-legend")).to_contain_text(first_status)
    whole = screenshot(page, "map")
    svg.screenshot(path=str(whole.with_name(whole.stem + "-svg.png")))

    svg.locator("circle[data-code=an-giang]").click()  # the map opens the province's communes
    expect(page.locator("#league-table tbody tr")).to_have_count(102)
    expect(page.locator("#ministry-map circle.place")).to_have_count(102)
    expect(page.locator("#ministry-map circle.place:not(.empty)")).to_have_count(12)
    expect(page.locator("h1")).to_contain_text("việc làm")
    expect(page.locator("#total")).to_contain_text("12/102 xã")
    screenshot(page, "communes")


def test_search_finds_a_commune_without_its_accents(
    page_as: PageAs, server: Server, screenshot: Screenshot
) -> None:
    page = page_as("lanhdao")
    page.goto(f"{server.url}/bo-nganh/")
    page.fill("#ministry-q", "phu quoc")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator("#found-communes")).to_contain_text("Đặc khu Phú Quốc")
    expect(page.locator("#found-communes")).to_contain_text("Tỉnh An Giang")
    screenshot(page, "commune")
    page.fill("#ministry-q", "an giang")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator("#found-provinces li")).to_have_count(1)
    page.locator("#found-provinces a").click()
    expect(page.locator("h1")).to_have_text("Tỉnh An Giang")
    jobs_row = page.locator(f"#province-table tr[data-indicator={JOBS}]")
    expect(jobs_row).to_contain_text("12/102 xã")
    expect(jobs_row.locator("span.badge[data-status]")).to_have_count(1)
    screenshot(page, "province")


def _download(page: Page, selector: str, folder: Path) -> Path:
    with page.expect_download() as download:
        page.locator(selector).click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_the_table_downloads_as_xlsx_and_csv_and_reads_back(
    page_as: PageAs, server: Server, tmp_path: Path
) -> None:
    page = page_as("lanhdao")
    page.goto(f"{server.url}/bo-nganh/chi-tieu/{JOBS}/?sort=-value")
    expect(page.locator("#league-table tbody tr")).to_have_count(34)

    workbook = openpyxl.load_workbook(_download(page, "a.export-xlsx", tmp_path))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã đơn vị", "Đơn vị hành chính", "Số liệu mới nhất")
    assert rows[1][:3] == ("an-giang", "Tỉnh An Giang", _an_giang_total())
    assert len(rows) == 1 + 34

    path = _download(page, "a.export-csv", tmp_path)
    assert path.suffix == ".csv"
    assert path.read_bytes().startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert table[0] == [str(c) for c in rows[0]]
    assert table[1][:3] == ["an-giang", "Tỉnh An Giang", str(_an_giang_total())]
    assert table[1][table[0].index("Số xã")] == "102"


def test_the_pages_in_english(page_as: PageAs, server: Server, screenshot: Screenshot) -> None:
    page = page_as("lanhdao")
    page.goto(f"{server.url}/bo-nganh/chi-tieu/{JOBS}/")
    page.locator("select[name=language]").select_option("en")
    expect(page.locator("#league h2")).to_have_text("League table")
    expect(page.locator("#map h2")).to_have_text("Map")
    expect(page.locator("#league-table thead")).to_contain_text("National target")
    expect(page.locator("#league-table tbody tr[data-code=an-giang]")).to_contain_text("12/102 communes")
    screenshot(page, "league")
