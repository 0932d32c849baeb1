"""Signing in through the real login form, as each demo role."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PageAs = Callable[[str], Page]


@pytest.mark.parametrize(
    ("username", "role_label"),
    [
        ("quantri", "Quản trị hệ thống"),
        ("daumoi", "Cơ quan đầu mối"),
        ("baocao.yte", "Người báo cáo số liệu"),
        ("lanhdao", "Lãnh đạo (chỉ xem)"),
    ],
    ids=["administrator", "coordinator", "reporter", "viewer"],
)
def test_each_demo_role_signs_in_and_lands_on_the_dashboard(
    page_as: PageAs, server_url: str, username: str, role_label: str
) -> None:
    page = page_as(username)

    expect(page).to_have_url(f"{server_url}/")
    expect(page.locator(".whoami")).to_have_text(f"{username} · {role_label}")


def test_a_wrong_password_shows_an_error_and_stays_on_the_login_page(
    anonymous_page: Page, server_url: str
) -> None:
    page = anonymous_page
    page.goto(f"{server_url}/dang-nhap/")

    page.fill("#id_username", "lanhdao")
    page.fill("#id_password", "không-phải-mật-khẩu")
    page.click("main form button[type=submit]")

    expect(page.locator(".errorlist[role=alert]")).to_be_visible()
    expect(page.locator(".errorlist")).to_contain_text("mật khẩu chính xác")
    expect(page).to_have_url(re.compile(r"/dang-nhap/$"))
    expect(page.locator(".whoami")).to_have_count(0)


def test_an_anonymous_visitor_is_sent_to_the_login_page(anonymous_page: Page, server_url: str) -> None:
    page = anonymous_page

    page.goto(f"{server_url}/")

    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/$"))
    expect(page.locator("h1")).to_have_text("Đăng nhập")
