"""A coordinator uploads a plan the catalogue does not hold (a Đồng Tháp plan of the extraction
fixtures, 45/KH-UBND), corrects one extracted target in the review table, confirms, and finds the new
document and the corrected target in the catalogue. (Uploading a plan the catalogue already holds is
refused: tests/web/test_uploads.py.)"""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from planwatch.domain.numbers import format_number

pytestmark = pytest.mark.browser

PageAs = Callable[[str], Page]
Screenshot = Callable[[Page, str], Any]
CliJson = Callable[..., Any]

PLAN_FILE = Path(__file__).parents[1] / "extraction" / "fixtures" / "plan_appendix_agencies.txt"
NUMERIC = ("<", "<=", ">", ">=", "=")


def _a_percentage_target(extraction: dict[str, Any]) -> dict[str, Any]:
    """The first extracted target with a number in %, below 99 so that +0,5 is still a share."""
    targets = extraction["documents"][0]["targets"]
    return next(
        t for t in targets if t["comparator"] in NUMERIC and t["unit"] == "%" and (t["value"] or 100) < 99
    )


def test_an_uploaded_plan_is_reviewed_confirmed_and_found_in_the_catalogue(
    page_as: PageAs, server_url: str, cli_json: CliJson, screenshot: Screenshot
) -> None:
    plan = PLAN_FILE
    target = _a_percentage_target(cli_json("extract", str(plan), "--json"))
    corrected = format_number(target["value"] + 0.5)
    page = page_as("daumoi")

    # Upload: the file becomes a draft to review.
    page.locator("nav a", has_text="Tải văn bản lên").click()
    expect(page).to_have_url(f"{server_url}/tai-len/")
    page.set_input_files("#upload-form input[type=file]", plan)
    page.locator("#upload-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/tai-len/\d+/$"))
    doc_id_field = page.locator("input[name=d0-doc_id]")
    new_doc_id = doc_id_field.input_value()
    assert new_doc_id == "DT-45-KH-UBND"

    # Correct one target's value in the review table (htmx swaps the row into a form and back).
    table = page.locator('table.targets[data-doc-index="0"]')
    row = table.locator(f'tr[data-target-id="{target["id"]}"]')
    row.locator("a[data-action=edit]").click()
    editing = table.locator(f'tr.editing[data-target-id="{target["id"]}"]')
    editing.locator("input[name=value]").fill(corrected)
    screenshot(page, "editing")
    editing.locator("button[data-action=save]").click()
    expect(
        table.locator(f'tr[data-target-id="{target["id"]}"]:not(.editing) td.target-value')
    ).to_contain_text(corrected)
    screenshot(page, "reviewed")

    # Confirm: the document joins the catalogue and its page opens.
    page.locator("button[data-action=confirm]").click()
    expect(page).to_have_url(f"{server_url}/van-ban/{new_doc_id}/")
    expect(page.locator("h1")).to_contain_text("45/KH-UBND")
    screenshot(page, "confirmed")

    # Find it in the cascade, open it there, then the corrected target.
    page.goto(f"{server_url}/van-ban/")
    node = page.locator(f'ul#cascade li[data-doc-id="{new_doc_id}"]')
    expect(node).to_have_count(1)
    ancestors = page.locator(f'ul#cascade li:has(li[data-doc-id="{new_doc_id}"]) > details > summary')
    for index in range(ancestors.count()):
        ancestors.nth(index).click()
    node.locator("a.doc-link").first.click()
    expect(page).to_have_url(f"{server_url}/van-ban/{new_doc_id}/")
    line = page.locator(f'tr[data-target-key="{target["id"]}"]').first
    expect(line).to_contain_text(corrected)
    line.locator("a.target-link").click()
    expect(page).to_have_url(re.compile(r"/muc-tieu/\d+/$"))
    expect(page.locator("h1")).to_contain_text(target["indicator"])
    expect(page.locator(".panel").first).to_contain_text(corrected)
