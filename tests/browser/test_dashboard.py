"""The dashboard's status cards against ``planwatch evaluate`` on the same database, with and without
filters, and the demo label."""

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from planwatch.domain.vocabulary import Status

pytestmark = pytest.mark.browser

PageAs = Callable[[str], Page]
Screenshot = Callable[[Page, str], Any]
CliJson = Callable[..., Any]


def _expected_counts(rows: list[dict[str, Any]]) -> dict[str, str]:
    tally = Counter(row["status"] for row in rows)
    return {status.value: str(tally[status.value]) for status in Status}


def _card_counts(page: Page) -> dict[str, str]:
    return {
        status.value: page.locator(f'div.card[data-status="{status.value}"] .count').inner_text().strip()
        for status in Status
    }


def test_the_cards_count_what_planwatch_evaluate_finds(page_as: PageAs, cli_json: CliJson) -> None:
    expected = _expected_counts(cli_json("evaluate", "--json"))

    page = page_as("lanhdao")

    expect(page.locator("div.card[data-status]")).to_have_count(len(Status))
    assert _card_counts(page) == expected
    assert sum(int(n) for n in expected.values()) > 100  # the demo data are there, not an empty page
    expect(page.locator("p.demo")).to_contain_text("Số liệu minh họa")


def test_filtering_by_document_and_year_recounts_the_cards(
    page_as: PageAs, cli_json: CliJson, screenshot: Screenshot
) -> None:
    document_rows = cli_json("evaluate", "--document", "KG-219-KH-UBND", "--json")
    year_rows = cli_json("evaluate", "--document", "KG-219-KH-UBND", "--as-of", "2024", "--json")
    page = page_as("daumoi")
    filters = page.locator("form#filters")

    filters.locator("select[name=document]").select_option("KG-219-KH-UBND")
    expect(page).to_have_url(re.compile(r"[?&]document=KG-219-KH-UBND"))
    for status, count in _expected_counts(document_rows).items():
        expect(page.locator(f'div.card[data-status="{status}"] .count')).to_have_text(count)
    screenshot(page, "document")

    filters = page.locator("form#filters")
    filters.locator("input[name=as_of]").fill("2024")
    filters.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]as_of=2024"))
    expect(page.locator("form#filters select[name=document]")).to_have_value("KG-219-KH-UBND")
    for status, count in _expected_counts(year_rows).items():
        expect(page.locator(f'div.card[data-status="{status}"] .count')).to_have_text(count)
    assert _expected_counts(year_rows) != _expected_counts(document_rows)  # the year filter matters here
