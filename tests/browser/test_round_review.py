"""Issue #19, walked in the browser: a reporter on a 390 px phone and a coordinator at a desk work
the 2025 round of 219/KH-UBND through.

The reporter sees what is missing before sending and confirms a partial send with a reason, finds a
wrong figure marked where it is, and keeps the sent round on Việc cần làm ("Đã gửi, chờ duyệt"); the
coordinator finds the submission and its age on Việc cần làm, reviews it beside last year's figures
and the targets, sees the implausible jump flagged, returns one target with a reason and approves
another in place, then approves the rest in one action; the history lists every action. The chart
of an approved figure stamps only the generated years; the dashboard names documents and groups as
people read them, with a legend and a filter by agency; the 404 and 403 pages speak plainly.
Screenshots of each step at both widths go to test-artifacts/browser/.
"""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

PageAs = Callable[[str], Page]
Screenshot = Callable[[Page, str], Any]

PLAN = "KG-219-KH-UBND"
YEAR = "2026"  # its previous year holds the demo figures of 2025
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
PARTIAL = "Hai chỉ tiêu chờ kết quả khảo sát hộ gia đình cuối năm"
JUMP = "Cách tính mới gộp cả các trạm y tế xã"
RETURN = "Số này chưa khớp với báo cáo quý của đơn vị"


def _number(text: str) -> float | None:
    from planwatch.domain.numbers import parse_number

    try:
        return parse_number(text)
    except Exception:
        return None


def _fits(page: Page) -> None:
    """Nothing on the page is wider than the phone: no sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"


def _value_field(row: Locator) -> Locator:
    return row.locator("[name^=value_]")


def _fill(page: Page, leave_out: int) -> tuple[str, str, list[str]]:
    """Type last year's figure (or a plausible one) in every row but the last ``leave_out``; one
    percentage is impossible (130), one figure jumps 4× with an explanation. Returns the bad row's
    target, the jumping row's target and the targets left out."""
    rows = page.locator("#entry tbody tr")
    count = rows.count()
    bad = jump = ""
    skipped = []
    for index in range(count):
        row = rows.nth(index)
        target = row.get_attribute("data-target") or ""
        if index >= count - leave_out:
            skipped.append(target)
            continue
        kind = row.get_attribute("data-kind")
        if kind == "qualitative":
            _value_field(row).select_option(label="Đạt một phần")
            continue
        previous = row.locator("td.previous").last.inner_text().strip()
        unit = row.locator("td").nth(1).inner_text().strip()
        last = _number(previous)
        text = previous or ("1" if kind == "level" else "50")
        if not bad and unit == "%" and kind == "number":
            bad, text = target, "130"
        # A fourfold jump that stays possible (years of life have plausible bands, 40–85 or 0–120, that it
        # would leave: refused outright instead of asking for an explanation).
        elif not jump and kind == "number" and last and unit not in ("%", "tuổi", "năm") and last >= 1:
            jump = target
            text = str(int(last * 4)) if last * 4 >= 1000 else f"{last * 4:g}".replace(".", ",")
            row.locator("input[name^=explanation_]").fill(JUMP)
        _value_field(row).fill(text)
    assert bad, "the sender needs a percentage to play this round"
    assert jump, "the sender needs a count to play this round"
    return bad, jump, skipped


def test_a_round_as_reporter_on_a_phone_and_coordinator_at_a_desk(
    page_as: PageAs, server_url: str, screenshot: Screenshot
) -> None:
    # The coordinator opens the round.
    coordinator = page_as("daumoi")
    coordinator.goto(f"{server_url}/van-ban/{PLAN}/")
    form = coordinator.locator("#open-round")
    form.locator("input[name=year]").fill(YEAR)
    form.locator("input[name=deadline]").fill((timezone.localdate() + timedelta(days=20)).isoformat())
    form.locator("button[type=submit]").click()
    expect(coordinator).to_have_url(re.compile(r"/dot-bao-cao/\d+/$"))
    round_url = coordinator.url
    expect(coordinator.locator("#timeliness a", has_text="Tải báo cáo")).to_be_visible()

    # 1. The reporter, on a phone, finds it on Việc cần làm and opens the entry page: a card per target.
    reporter = page_as("baocao.yte")
    reporter.set_viewport_size(PHONE)
    reporter.goto(f"{server_url}/viec-can-lam/")
    due = reporter.locator(f'tr.due-item[data-document="{PLAN}"][data-year="{YEAR}"]')
    due.locator("a.enter-link").click()
    first = reporter.locator("#entry tbody tr").first
    expect(first).to_be_visible()
    box = _value_field(first).bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    assert reporter.locator("#entry thead").is_hidden()  # cards, not a wide table
    _fits(reporter)
    qualitative = reporter.locator('#entry tr[data-kind="qualitative"] select[name^=value_]')
    if qualitative.count():
        options = qualitative.first.locator("option").all_inner_texts()
        assert options[1:] == ["Đạt", "Đạt một phần", "Chưa đạt"]
    screenshot(reporter, "phone-entry")

    # 2. A wrong figure is refused and marked where it is.
    rows = reporter.locator("#entry tbody tr").count()
    bad, jump, skipped = _fill(reporter, leave_out=2)
    # Before anything is saved, the page already counts what is missing and what was typed.
    expect(reporter.locator("#live-summary .live-missing")).to_have_text("2")
    expect(reporter.locator("#live-summary .live-changed")).to_have_text(str(rows - 2))
    reporter.locator("#save-draft").click()
    bad_row = reporter.locator(f'#entry tr[data-target="{bad}"]')
    expect(bad_row).to_have_class(re.compile(r"\bhas-error\b"))
    expect(bad_row.locator(".field-error")).to_be_visible()
    expect(_value_field(bad_row)).to_have_attribute("aria-invalid", "true")
    screenshot(reporter, "phone-error-in-place")
    previous = bad_row.locator("td.previous").last.inner_text().strip()
    _value_field(bad_row).fill(previous or "50")

    # 3. Sending with two figures missing asks for a reason first; the round stays on the list.
    reporter.locator("#submit-round").click()
    confirm = reporter.locator("#confirm-partial")
    expect(confirm).to_contain_text("Còn 2 chỉ tiêu chưa có số liệu")
    expect(reporter.locator("#missing-note")).to_contain_text("2 còn thiếu")
    for target in skipped:
        expect(reporter.locator(f'#entry tr[data-target="{target}"]')).to_have_class(
            re.compile(r"\bmissing\b")
        )
    expect(reporter.locator("#changed-note")).to_be_visible()
    screenshot(reporter, "phone-confirm-partial")
    reporter.locator("#partial-reason").fill(PARTIAL)
    reporter.locator("#confirm-submit").click()
    expect(reporter.locator(".messages")).to_contain_text("Đã gửi")
    sent = reporter.locator(f'tr.due-item[data-document="{PLAN}"][data-year="{YEAR}"]')
    expect(sent.locator(".due-state")).to_have_text("Đã gửi, chờ duyệt")
    assert reporter.locator("#due thead").is_hidden()  # a card per round on the phone too
    _fits(reporter)
    screenshot(reporter, "phone-sent-waiting")

    # 4. The coordinator's Việc cần làm lists the submission with its age.
    coordinator.goto(f"{server_url}/viec-can-lam/")
    waiting = coordinator.locator(f'tr.review-item[data-document="{PLAN}"][data-year="{YEAR}"]')
    expect(waiting.locator(".age")).to_have_text("0 ngày")
    screenshot(coordinator, "desk-to-review")
    waiting.locator("a.review-link").click()

    # 5. The review page: figures beside last year's and the target, the jump flagged.
    expect(coordinator.locator("#review-actions")).to_be_visible()
    jump_row = coordinator.locator(f'#entry tr[data-target="{jump}"]')
    expect(jump_row).to_have_class(re.compile(r"\bflagged\b"))
    expect(jump_row.locator(".flag-note")).to_contain_text("3 lần")
    expect(coordinator.locator("#flag-count")).to_be_visible()
    expect(coordinator.locator("#entry thead")).to_contain_text("2025")
    expect(coordinator.locator("#entry thead")).to_contain_text("Mục tiêu")
    expect(coordinator.locator("#round-history")).to_contain_text(PARTIAL)
    screenshot(coordinator, "desk-review")

    # 6. One target returned with a reason, another approved, in place.
    jump_row.locator("details.return-one summary").click()
    jump_row.locator("details.return-one textarea").fill(RETURN)
    jump_row.locator("details.return-one button").click()
    expect(coordinator.locator(".messages")).to_contain_text("Đã trả lại")
    expect(coordinator.locator(f'#entry tr[data-target="{jump}"]')).to_have_attribute(
        "data-state", "returned"
    )
    approve_row = coordinator.locator('#entry tr[data-state="submitted"]').first
    approved_target = approve_row.get_attribute("data-target")
    approve_row.locator("button.approve-one").click()
    expect(coordinator.locator(f'#entry tr[data-target="{approved_target}"]')).to_have_attribute(
        "data-state", "approved"
    )
    coordinator.set_viewport_size(PHONE)
    button = coordinator.locator("button.approve-one").first
    button.scroll_into_view_if_needed()
    expect(button).to_be_in_viewport()
    box = button.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= PHONE["width"]
    _fits(coordinator)
    screenshot(coordinator, "phone-review")
    coordinator.set_viewport_size(DESK)

    # 7. The reporter finds the returned card marked with its reason, corrects it and sends again.
    reporter.goto(f"{server_url}/viec-can-lam/")
    reporter.locator(f'tr.due-item[data-document="{PLAN}"][data-year="{YEAR}"] a.enter-link').click()
    returned = reporter.locator(f'#entry tr[data-target="{jump}"]')
    expect(returned).to_have_class(re.compile(r"\breturned\b"))
    expect(returned.locator(".returned-note")).to_contain_text(RETURN)
    screenshot(reporter, "phone-returned")
    last_year = returned.locator("td.previous").last.inner_text().strip()
    _value_field(returned).fill(last_year)
    reporter.locator("#submit-round").click()
    reporter.locator("#partial-reason").fill(PARTIAL)
    reporter.locator("#confirm-submit").click()
    expect(reporter.locator(".messages")).to_contain_text("Đã gửi")

    # 8. The coordinator approves the rest in one action; every action is in the history.
    coordinator.goto(f"{server_url}/viec-can-lam/")
    coordinator.locator(f'tr.review-item[data-document="{PLAN}"][data-year="{YEAR}"] a.review-link').click()
    coordinator.locator("#approve-all").click()
    expect(coordinator.locator("#sender-state")).to_have_text("Đã duyệt")
    history = coordinator.locator("#round-history li")
    expect(history).to_have_count(5)  # sent, returned, approved one, sent again, approved
    expect(coordinator.locator("#round-history")).to_contain_text(RETURN)
    screenshot(coordinator, "desk-approved")
    coordinator.goto(round_url)
    expect(coordinator.locator('tr.sender[data-code="y-te-an-giang"]')).to_have_attribute(
        "data-state", "approved"
    )

    # Approved: the round leaves the reporter's list.
    reporter.goto(f"{server_url}/viec-can-lam/")
    expect(reporter.locator(f'tr.due-item[data-document="{PLAN}"][data-year="{YEAR}"]')).to_have_count(0)

    # 9. The chart stamps only the generated years; the 2026 figure is the approved real one.
    coordinator.goto(f"{server_url}/muc-tieu/{jump}/")
    chart = coordinator.locator("#evaluation figure.chart").first
    point = chart.locator('circle.pw-observed-point[data-year="2026"]')
    expect(point).to_have_attribute("data-state", "approved")
    expect(point).to_have_attribute("data-demo", "no")
    stamp = chart.locator("text.pw-demo")
    expect(stamp).to_contain_text("2025")
    expect(stamp).not_to_contain_text("2026")
    expect(chart).to_contain_text("Thực hiện (đã duyệt)")
    screenshot(coordinator, "desk-chart-stamps")


def test_the_dashboard_reads_as_people_do_and_errors_speak_plainly(
    page_as: PageAs, server_url: str, screenshot: Screenshot
) -> None:
    page = page_as("lanhdao")
    page.goto(f"{server_url}/")
    by_document = page.locator("#by-document")
    expect(by_document).to_be_visible()
    expect(by_document).not_to_contain_text("KG-KH-UBND-2024-06-51-CTr-TU")
    expect(page.locator("#by-group")).not_to_contain_text("Nhóm chỉ tiêu (")
    expect(page.locator("#by-group")).to_contain_text("— 52-CTr/TU")
    expect(page.locator("ul.legend").first).to_contain_text("Chậm")
    agency = page.locator("#agency-filter option").nth(1).get_attribute("value") or ""
    page.locator("#agency-filter").select_option(agency)
    expect(page).to_have_url(re.compile(r"[?&]agency="))
    expect(page.locator("#by-agency tbody tr")).to_have_count(1)
    expect(page.locator("#by-agency tbody tr")).to_contain_text(agency)
    screenshot(page, "desk-dashboard-agency")
    page.set_viewport_size(PHONE)
    screenshot(page, "phone-dashboard")

    page.goto(f"{server_url}/khong-co-trang-nay/")
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang này")
    expect(page.locator("main")).not_to_contain_text("Resolver404")
    screenshot(page, "phone-404")

    other = page_as("baocao.gddt")
    other.goto(f"{server_url}/viec-can-lam/")
    other.goto(f"{server_url}/tai-len/")
    expect(other.locator("h1")).to_contain_text("quyền")
    screenshot(other, "desk-403")
