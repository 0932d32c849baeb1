"""Acceptance play of a reporting round (issue #5): the coordinator opens the 2027 round of 219/KH-UBND,
Sở Y tế's reporter finds it under "Việc cần làm", enters its figures (an impossible one is refused in
place), submits; the coordinator returns one figure with a reason; the reporter corrects it and
resubmits; the coordinator approves; the target's evaluation shows the approved 2027 figure and the
round still lists the other agencies as missing."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PageAs = Callable[[str], Page]
Screenshot = Callable[[Page, str], Any]
CliJson = Callable[..., Any]

PLAN = "KG-219-KH-UBND"
HEALTH = "y-te-an-giang"
REASON = "Tỉ lệ chưa khớp số liệu của Bảo hiểm xã hội tỉnh"
# 2027: the 2026 round of 219/KH-UBND is test_round_review's (issue #19), whose previous year holds figures.
YEAR = 2027


def _plausible(previous: str, kind: str) -> str:
    """Last year's figure, so that no explanation is needed; else one that fits the target's kind."""
    if previous:
        return previous
    return {"qualitative": "đạt một phần", "level": "1"}.get(kind, "50")


def _fill_all(page: Page, bad_target: str | None = None) -> dict[str, str]:
    typed: dict[str, str] = {}
    rows = page.locator("#entry tbody tr")
    for index in range(rows.count()):
        row = rows.nth(index)
        target = row.get_attribute("data-target") or ""
        previous = row.locator("td.num").last.inner_text().strip()
        text = _plausible(previous, row.get_attribute("data-kind") or "")
        if target == bad_target:
            text = "130"
        if row.get_attribute("data-kind") == "qualitative":  # the assessment scale (issue #19)
            row.locator("select[name^=value_]").select_option(label=text[:1].upper() + text[1:])
        else:
            row.locator("input[name^=value_]").fill(text)
        typed[target] = text
    return typed


def test_a_full_reporting_round(
    page_as: PageAs, server_url: str, screenshot: Screenshot, cli_json: CliJson
) -> None:
    coordinator = page_as("daumoi")
    coordinator.goto(f"{server_url}/")
    plan_row = coordinator.locator(f'#by-document tr[data-doc-id="{PLAN}"]')
    expect(plan_row).to_be_visible()
    dashboard_before = plan_row.inner_text()

    # 1. The coordinator opens the round from the document page.
    coordinator.goto(f"{server_url}/van-ban/{PLAN}/")
    form = coordinator.locator("#open-round")
    form.locator("input[name=year]").fill(str(YEAR))
    deadline = timezone.localdate() + timedelta(days=20)
    form.locator("input[name=deadline]").fill(deadline.isoformat())
    form.locator("button[type=submit]").click()
    expect(coordinator).to_have_url(re.compile(r"/dot-bao-cao/\d+/$"))
    round_url = coordinator.url
    expect(coordinator.locator(f'tr.sender[data-code="{HEALTH}"]')).to_have_attribute("data-state", "missing")

    # 2. The reporter sees it under "Việc cần làm".
    reporter = page_as("baocao.yte")
    reporter.get_by_role("link", name=re.compile("Việc cần làm")).click()
    due = reporter.locator(f'tr.due-item[data-document="{PLAN}"][data-year="{YEAR}"]')
    expect(due).to_have_count(1)
    expect(due.locator(".missing-count")).not_to_have_text(re.compile(r"^0 /"))
    due.locator("a.enter-link").click()

    # 3. Figures entered; one impossible percentage is refused in place, nothing saved.
    rows = reporter.locator("#entry tbody tr")
    expect(rows.first).to_be_visible()
    percent = reporter.locator("#entry tbody tr", has=reporter.locator("td:nth-child(2)", has_text="%")).first
    bad_target = percent.get_attribute("data-target")
    typed = _fill_all(reporter, bad_target)
    reporter.locator("#save-draft").click()
    bad_row = reporter.locator(f'#entry tr[data-target="{bad_target}"]')
    expect(bad_row.locator(".field-error")).to_be_visible()
    expect(bad_row.locator("input[name^=value_]")).to_have_value("130")
    screenshot(reporter, "error-in-place")
    previous = bad_row.locator("td.num").last.inner_text().strip()
    bad_row.locator("input[name^=value_]").fill(_plausible(previous, "number"))
    reporter.locator("#submit-round").click()
    expect(reporter.locator(".messages")).to_contain_text("Đã gửi")

    # 4. The coordinator returns one figure with a reason.
    coordinator.goto(round_url)
    sender = coordinator.locator(f'tr.sender[data-code="{HEALTH}"]')
    expect(sender).to_have_attribute("data-state", "submitted_on_time")
    sender.locator("details.return summary").click()
    first_box = sender.locator("details.return input[name=target]").first
    returned_target = first_box.get_attribute("value")
    first_box.check()
    sender.locator("details.return textarea").fill(REASON)
    sender.locator("details.return button[type=submit]").click()
    expect(coordinator.locator(f'tr.sender[data-code="{HEALTH}"]')).to_have_attribute(
        "data-state", "returned"
    )

    # 5. The reporter corrects it and resubmits.
    reporter.goto(f"{server_url}/viec-can-lam/")
    expect(reporter.locator(f'tr.due-item[data-document="{PLAN}"]')).to_contain_text(REASON)
    reporter.locator(f'tr.due-item[data-document="{PLAN}"] a.enter-link').click()
    expect(reporter.locator("#returned-reason")).to_contain_text(REASON)
    corrected_row = reporter.locator(f'#entry tr[data-target="{returned_target}"]')
    if corrected_row.get_attribute("data-kind") == "qualitative":
        new = corrected_row.locator("select[name^=value_] option:checked").inner_text().strip()
    else:
        corrected = corrected_row.locator("input[name^=value_]")
        old = corrected.input_value()
        new = old if not re.fullmatch(r"[\d.,]+", old) else _nudge(old)
        corrected.fill(new)
    reporter.locator("#submit-round").click()
    expect(reporter.locator(".messages")).to_contain_text("Đã gửi")

    # 6. The coordinator approves; the others are still missing.
    coordinator.goto(round_url)
    sender = coordinator.locator(f'tr.sender[data-code="{HEALTH}"]')
    sender.locator("button.approve").click()
    expect(coordinator.locator(f'tr.sender[data-code="{HEALTH}"]')).to_have_attribute(
        "data-state", "approved"
    )
    missing = coordinator.locator('tr.sender[data-state="missing"]')
    expect(missing.first).to_be_visible()
    assert missing.count() >= 3
    screenshot(coordinator, "approved")

    # 7. The evaluation of the corrected target now rests on the approved 2027 figure.
    coordinator.goto(f"{server_url}/muc-tieu/{returned_target}/")
    expect(coordinator.locator("main")).to_contain_text(str(YEAR))
    expect(coordinator.locator("main")).to_contain_text(new)
    rows_json = cli_json("evaluate", "--json", "--document", PLAN)
    assert typed  # every figure was typed
    # The round's figures are the province's (other territories of a shared indicator keep theirs).
    health_rows = [
        r for r in rows_json if "Y tế" in (r["responsible_now"] or "") and r["territory"] == "kien-giang"
    ]
    assert health_rows
    assert all(r["latest_year"] == YEAR for r in health_rows), [r["latest_year"] for r in health_rows]
    coordinator.goto(f"{server_url}/")
    expect(plan_row).not_to_have_text(dashboard_before)

    # 8. The coordinator closes the round: those who did not send stay "not sent", nothing is entered.
    coordinator.goto(round_url)
    coordinator.locator("details.close-round summary").click()
    coordinator.locator("#close-round").click()
    expect(coordinator.locator("#round-closed")).to_be_visible()
    expect(coordinator.locator("#remind-all")).to_have_count(0)
    expect(coordinator.locator("#resume-round")).to_be_attached()
    assert coordinator.locator('tr.sender[data-state="missing"]').count() == missing.count()
    screenshot(coordinator, "closed")


def _nudge(text: str) -> str:
    """The same figure, a little higher (stays within 3× of last year's)."""
    from planwatch.domain.numbers import format_number, parse_number

    value = parse_number(text)
    return format_number(value + 1 if value + 1 <= 100 or value > 100 else value - 1)
