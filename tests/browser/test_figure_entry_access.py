"""Who reaches the figure entry page of a target: the reporter of the agency that monitors it, nobody
from another agency (access.require_enter, shown as the 403 page)."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PageAs = Callable[[str], Page]

PLAN = "KG-219-KH-UBND"
HEALTH = "y-te-an-giang"  # Sở Y tế tỉnh An Giang: baocao.yte reports for it
EDUCATION = "gddt-an-giang"  # Sở Giáo dục và Đào tạo tỉnh An Giang: baocao.gddt reports for it


def _target_path(page: Page, server_url: str, agency: str) -> str:
    """The page of the first target of 219/KH-UBND that ``agency`` monitors today (the row's data-agency)."""
    page.goto(f"{server_url}/van-ban/{PLAN}/")
    link = page.locator(f'tr[data-agency="{agency}"] a.target-link').first
    expect(link).to_be_attached()
    href = link.get_attribute("href") or ""
    assert re.fullmatch(r"/muc-tieu/\d+/", href), href
    return href


def test_a_reporter_cannot_open_the_entry_page_of_another_agencys_target(
    page_as: PageAs, server_url: str
) -> None:
    page = page_as("baocao.yte")
    target = _target_path(page, server_url, EDUCATION)

    page.goto(server_url + target)
    expect(page.locator("a", has_text="Nhập số liệu")).to_have_count(0)
    response = page.goto(f"{server_url}{target}so-lieu/")

    assert response is not None
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Không có quyền truy cập")
    expect(page.locator("form#figure-form")).to_have_count(0)


def test_the_reporter_of_the_monitoring_agency_gets_the_entry_form(page_as: PageAs, server_url: str) -> None:
    page = page_as("baocao.yte")
    target = _target_path(page, server_url, HEALTH)

    page.goto(server_url + target)
    page.locator("a", has_text="Nhập số liệu").click()

    expect(page).to_have_url(f"{server_url}{target}so-lieu/")
    expect(page.locator("form#figure-form")).to_be_visible()


def test_the_education_target_is_open_to_the_education_reporter(page_as: PageAs, server_url: str) -> None:
    page = page_as("baocao.gddt")
    target = _target_path(page, server_url, EDUCATION)

    response = page.goto(f"{server_url}{target}so-lieu/")

    assert response is not None
    assert response.status == 200
    expect(page.locator("form#figure-form")).to_be_visible()
