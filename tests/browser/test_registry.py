"""The social-protection registry end to end (issue #18): a commune officer imports the household
list, runs the poverty review, the commune chairman approves it; a payment cycle is prepared,
approved by a second person, recorded and closed; the commune's poverty rate and non-cash share then
appear on the commune's page and on the province's poverty-rate target."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from planwatch.registry.identity import Sex, sex_digit
from planwatch.web.registry.importing import household_template_xlsx

pytestmark = pytest.mark.browser

PageAs = Callable[[str], Page]
COMMUNE = "an-giang-dac-khu-phu-quoc"  # continues the former Kiên Giang, home of 219/KH-UBND
# The demo logins hold the commune's officer (canbo.phuquoc) and chairman (chutich.phuquoc); the
# payment list needs a second person of the commune beside the one who prepares it.
STAFF = {"canbo2.phuquoc": ("commune_officer", "mật-khẩu-cán-bộ-hai-2026")}


def _id(year: int, sex: Sex, serial: int) -> str:
    return f"091{sex_digit(year, sex)}{year % 100:02d}{serial:06d}"


def _household_list(folder: Path) -> Path:
    rows = [
        {
            "household_code": "PQ01",
            "address": "Tổ 1, ấp Suối Đá",
            "area": "nông thôn",
            "full_name": "Nguyễn Văn Sáu",
            "birth": "04/04/1948",
            "sex": "Nam",
            "personal_id": _id(1948, Sex.MALE, 101),
            "relation": "Chủ hộ",
            "categories": "cao_tuoi_ngheo_khong_nguoi_phung_duong",
            "since": "01/01/2026",
        },
        {
            "household_code": "PQ02",
            "address": "Tổ 2, ấp Suối Đá",
            "area": "nông thôn",
            "full_name": "Lâm Thị Bảy",
            "birth": "12/12/1979",
            "sex": "Nữ",
            "personal_id": _id(1979, Sex.FEMALE, 102),
            "relation": "Chủ hộ",
            "merit": "1,2",
            "since": "01/01/2026",
        },
        {
            "household_code": "PQ02",
            "address": "Tổ 2, ấp Suối Đá",
            "area": "nông thôn",
            "full_name": "Lâm Văn Tám",
            "birth": "2026",
            "sex": "Nam",
            "personal_id": "",
            "relation": "Con",
            "no_id_reason": "mới sinh",
        },
        {
            "household_code": "PQ03",
            "address": "Tổ 3, ấp Cửa Cạn",
            "area": "nông thôn",
            "full_name": "Huỳnh Văn Chín",
            "birth": "01/02/2013",
            "sex": "Nam",
            "personal_id": _id(2013, Sex.MALE, 103),
            "relation": "Chủ hộ",
            "categories": "tre_em_khong_nguon_nuoi_duong",
            "since": "01/01/2026",
        },
        {
            "household_code": "PQ04",
            "address": "Tổ 4, ấp Cửa Cạn",
            "area": "nông thôn",
            "full_name": "Trương Thị Mười",
            "birth": "20/10/1985",
            "sex": "Nữ",
            "personal_id": _id(1985, Sex.FEMALE, 104),
            "relation": "Chủ hộ",
        },
    ]
    path = folder / "danh-sach-ho-phu-quoc.xlsx"
    path.write_bytes(household_template_xlsx(sample=rows))
    return path


@pytest.fixture(scope="module")
def registry_staff(server) -> None:
    for username, (role, password) in STAFF.items():
        server.cli(
            "users",
            "create",
            "--username",
            username,
            "--role",
            role,
            "--unit-area",
            COMMUNE,
            "--password-stdin",
            stdin=password + "\n",
        )
        server.passwords[username] = password


def test_a_commune_runs_its_registry_and_its_rates_reach_the_target(
    registry_staff: None, page_as: PageAs, server_url: str, screenshot, tmp_path: Path
) -> None:
    officer = page_as("canbo.phuquoc")
    # the officer lands on their own commune
    officer.goto(f"{server_url}/an-sinh/")
    expect(officer).to_have_url(re.compile(rf"/an-sinh/xa/{COMMUNE}/$"))
    officer.click("#import-link")
    officer.set_input_files("#import-form input[type=file]", str(_household_list(tmp_path)))
    officer.click("#import-form button[type=submit]")
    expect(officer.locator("#import-result")).to_contain_text("4 hộ mới")
    screenshot(officer, "1-import")

    # the poverty review of 2026
    officer.goto(f"{server_url}/an-sinh/xa/{COMMUNE}/")
    officer.fill("#open-review input[name=year]", "2026")
    officer.click("#open-review button[type=submit]")
    expect(officer).to_have_url(re.compile(r"/ra-soat/2026/$"))
    incomes = {"PQ01": "1100000", "PQ02": "1450000", "PQ03": "2100000", "PQ04": "2600000"}
    for code, income in incomes.items():
        officer.fill(f"tr[data-household={code}] input[inputmode=numeric]", income)
    poor = officer.locator("tr[data-household=PQ01]")
    poor.locator("summary").click()
    for lack in ("viec_lam", "bao_hiem_y_te", "nguon_nuoc_sinh_hoat"):
        poor.locator(f"input[value={lack}]").check()
    officer.click("#save-review")
    expect(officer.locator("tr[data-household=PQ01] .standard")).to_contain_text("hộ nghèo")
    expect(officer.locator("tr[data-household=PQ02] .standard")).to_contain_text("hộ cận nghèo")
    officer.click("#propose")
    expect(officer.locator("#review-state")).to_have_attribute("data-state", "proposed")
    screenshot(officer, "2-review-proposed")

    chair = page_as("chutich.phuquoc")
    chair.goto(f"{server_url}/an-sinh/xa/{COMMUNE}/ra-soat/2026/")
    chair.fill("#decide-form input[name=reason]", "Đồng ý kết quả rà soát")
    chair.click("#approve")
    expect(chair.locator("#review-state")).to_have_attribute("data-state", "approved")
    expect(chair.locator("#decisions li[data-action=approve]")).to_contain_text("chutich.phuquoc")
    screenshot(chair, "3-review-approved")

    # the payment cycle of July 2026: prepared, approved by a second person, recorded, closed
    cycle_url = f"{server_url}/an-sinh/xa/{COMMUNE}/chi-tra/2026-07/"
    officer.goto(cycle_url)
    officer.click("#prepare")
    expect(officer.locator("#payment-lines tbody tr")).to_have_count(3)
    expect(officer.locator("#approve-cycle")).to_have_count(0)  # not by the one who prepared it
    screenshot(officer, "4-cycle-prepared")
    second = page_as("canbo2.phuquoc")
    second.goto(cycle_url)
    second.click("#approve-cycle")
    expect(second.locator("#cycle-state")).to_have_attribute("data-state", "approved")

    officer.goto(cycle_url)
    channels = {"Nguyễn Văn Sáu": "social_security_account", "Lâm Thị Bảy": "bank", "Huỳnh Văn Chín": "cash"}
    for person, channel in channels.items():
        row = officer.locator(f"#payment-lines tr[data-person='{person}']")
        row.locator("select[name^=channel_]").select_option(channel)
        row.locator("select[name^=status_]").select_option("paid")
    officer.click("#record")
    officer.click("#close-cycle")
    expect(officer.locator("#cycle-state")).to_have_attribute("data-state", "closed")
    expect(officer.locator("#non-cash-share")).to_contain_text("66,7 %")
    screenshot(officer, "5-cycle-closed")

    # the commune's rates, and the province's poverty target reading the commune's figure
    officer.goto(f"{server_url}/an-sinh/xa/{COMMUNE}/")
    expect(officer.locator("#rates tr[data-indicator=ho-ngheo]")).to_contain_text("25,0 %")
    expect(
        officer.locator("#rates tr[data-indicator=ty-le-chi-tra-an-sinh-khong-dung-tien-mat]")
    ).to_contain_text("66,7 %")
    screenshot(officer, "6-commune-summary")
    officer.locator("#targets a").first.click()
    expect(officer.locator(f"#commune-figures tr[data-unit={COMMUNE}] .commune-value")).to_contain_text(
        "25 %"
    )
    expect(officer.locator("#commune-chart svg")).to_be_visible()
    screenshot(officer, "7-target-page")

    # a leader sees the figure on the target, and no personal data in the registry
    leader = page_as("lanhdao")
    leader.goto(officer.url)
    expect(leader.locator(f"#commune-figures tr[data-unit={COMMUNE}]")).to_contain_text("25 %")
    leader.goto(f"{server_url}/an-sinh/")
    expect(leader.locator("#no-registry")).to_be_visible()
    assert leader.goto(f"{server_url}/an-sinh/xa/{COMMUNE}/").status == 404
