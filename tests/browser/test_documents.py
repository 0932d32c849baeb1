"""The cascade of documents: 42-NQ/TW → 68/NQ-CP → 219/KH-UBND, opened one level at a time."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PageAs = Callable[[str], Page]
Screenshot = Callable[[Page, str], Any]
CliJson = Callable[..., Any]


def test_the_cascade_opens_from_the_resolution_down_to_the_provincial_plan(
    page_as: PageAs, server_url: str, cli_json: CliJson, screenshot: Screenshot
) -> None:
    targets = cli_json("targets", "--document", "KG-219-KH-UBND", "--json")
    page = page_as("lanhdao")
    page.goto(f"{server_url}/van-ban/")
    resolution = page.locator('ul#cascade li[data-doc-id="42-NQ-TW"]')
    programme = resolution.locator('li[data-doc-id="68-NQ-CP"]')
    plan = programme.locator('li[data-doc-id="KG-219-KH-UBND"]')

    expect(resolution.locator("> details")).not_to_have_attribute("open", re.compile(".*"))
    expect(programme).to_be_hidden()

    resolution.locator("> details > summary").click()
    expect(programme).to_be_visible()
    expect(plan).to_be_hidden()

    programme.locator("> details > summary").click()
    expect(plan).to_be_visible()
    screenshot(page, "opened")

    plan.locator("a.doc-link").first.click()
    expect(page).to_have_url(f"{server_url}/van-ban/KG-219-KH-UBND/")
    expect(page.locator("h1")).to_contain_text("219/KH-UBND")
    expect(page.locator("a.target-link")).to_have_count(len(targets))
