"""A target page, reached from its document: chart, explanation of the evaluation, history of figures."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PageAs = Callable[[str], Page]


def test_a_target_page_shows_its_chart_explanation_and_history(page_as: PageAs, server_url: str) -> None:
    page = page_as("lanhdao")
    page.goto(f"{server_url}/van-ban/KG-219-KH-UBND/")
    link = page.locator("a.target-link").first
    name = link.inner_text().strip()

    link.click()

    expect(page).to_have_url(re.compile(r"/muc-tieu/\d+/$"))
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator("figure.chart svg").first).to_be_visible()
    expect(page.locator("#explanation")).not_to_be_empty()
    assert page.locator("#explanation").inner_text().strip()
    expect(page.locator("table#history tr.revision").first).to_be_visible()
    expect(page.locator("table#history")).to_contain_text("Số liệu minh họa")
