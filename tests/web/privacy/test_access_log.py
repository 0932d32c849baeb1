"""The personal-data access log: what one access records, that no row can change, and the DPO's page
with its filters, its export (a stated purpose first) and its 403 for every other role."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django.fixtures import Settings as SettingsWrapper

from planwatch.domain.errors import InvalidValueError
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.privacy.models import AccessAction, AccessLogChangeError, PersonalDataAccess
from planwatch.web.privacy.services import record_access

pytestmark = pytest.mark.django_db

PURPOSE = "Kiểm tra định kỳ việc truy cập dữ liệu của quý"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_access_records_who_their_role_when_why_whose_data_where_and_from_which_address(
    people: dict[str, User], commune: AdministrativeUnit, settings: SettingsWrapper
) -> None:
    settings.PLANWATCH_TRUSTED_PROXIES = 1
    request = RequestFactory().get(
        "/so-an-sinh/ho/12/?q=abc", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    before = timezone.now()

    row = record_access(
        people["canbo"],
        action="view",
        purpose="  " + unicodedata.normalize("NFD", "Xem  hồ sơ hộ") + " ",
        subjects=["household:12", "person:7"],
        unit=commune,
        request=request,
    )

    row.refresh_from_db()
    assert (row.username, row.role, row.action) == ("canbo", "commune_officer", "view")
    assert row.user_id == people["canbo"].pk
    assert row.at >= before
    assert row.purpose == "Xem hồ sơ hộ"  # NFC, spaces tidied
    assert row.subjects == ["household:12", "person:7"]
    assert row.subject_count == 2
    assert row.unit == commune
    assert row.client_address == "203.0.113.9"  # what the trusted proxy saw, not what the client wrote
    assert row.path == "/so-an-sinh/ho/12/"  # no query string: search words stay out of the log


def test_a_long_list_of_subjects_is_capped_but_counted_in_full(people: dict[str, User]) -> None:
    row = record_access(people["daumoi"], action=AccessAction.SEARCH, subjects=range(2000))

    assert len(row.subjects) == PersonalDataAccess.MAX_SUBJECTS
    assert row.subject_count == 2000


@pytest.mark.parametrize("purpose", ["", "   ", "xuất", "xuất file"])
def test_an_export_without_a_stated_purpose_is_refused_and_not_logged(
    people: dict[str, User], purpose: str
) -> None:
    with pytest.raises(InvalidValueError, match=r"[Mm]ục đích"):
        record_access(people["quantri"], action="export", purpose=purpose)
    assert not PersonalDataAccess.objects.exists()


def test_an_unknown_action_is_refused(people: dict[str, User]) -> None:
    with pytest.raises(InvalidValueError, match="delete"):
        record_access(people["quantri"], action="delete")


def test_a_row_of_the_log_can_be_neither_changed_nor_deleted(people: dict[str, User]) -> None:
    row = record_access(people["daumoi"], action="export", purpose=PURPOSE)

    row.purpose = "sửa lại cho đẹp"
    with pytest.raises(AccessLogChangeError):
        row.save()
    with pytest.raises(AccessLogChangeError):
        row.delete()
    with pytest.raises(AccessLogChangeError):
        PersonalDataAccess.objects.filter(pk=row.pk).update(purpose="khác")
    with pytest.raises(AccessLogChangeError):
        PersonalDataAccess.objects.all().delete()

    assert PersonalDataAccess.objects.get(pk=row.pk).purpose == PURPOSE


@pytest.mark.parametrize("name", ["dpo", "quantri"])
def test_the_dpo_and_the_administrator_open_the_page(people: dict[str, User], name: str) -> None:
    record_access(people["canbo"], action="view", subjects=["household:1"])

    response = _client(people[name]).get("/bao-ve-du-lieu/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="access-log"' in page
    assert "canbo" in page


@pytest.mark.parametrize("name", ["daumoi", "yte", "lanhdao", "canbo", "chutich"])
def test_every_other_role_gets_the_403_page(people: dict[str, User], name: str) -> None:
    client = _client(people[name])
    for response in (
        client.get("/bao-ve-du-lieu/"),
        client.post("/bao-ve-du-lieu/xuat/", {"purpose": PURPOSE}),
        client.post("/bao-ve-du-lieu/su-co/", {"what": "x", "detected_at": "2026-01-01T00:00"}),
    ):
        assert response.status_code == 403
        assert "Bạn không có quyền mở trang này" in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login(db: None) -> None:
    response = Client().get("/bao-ve-du-lieu/")
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"] or "login" in response["Location"]


def test_only_the_dpo_and_the_administrator_see_the_link_in_the_header(people: dict[str, User]) -> None:
    assert 'href="/bao-ve-du-lieu/"' in _client(people["dpo"]).get("/").content.decode()
    assert 'href="/bao-ve-du-lieu/"' not in _client(people["daumoi"]).get("/").content.decode()


def _rows(client: Client, query: str = "") -> list[str]:
    page = client.get("/bao-ve-du-lieu/" + query).context["page"]
    return [f"{r.username}:{r.action}" for r in page]


def test_the_log_is_newest_first_and_filters_by_user_action_commune_dates_and_purpose_text(
    people: dict[str, User], commune: AdministrativeUnit, neighbour: AdministrativeUnit
) -> None:
    record_access(people["canbo"], action="view", unit=commune)
    record_access(people["daumoi"], action="search", purpose="Tìm hộ trùng giữa hai xã", unit=neighbour)
    record_access(people["quantri"], action="export", purpose=PURPOSE)
    old = record_access(people["chutich"], action="decide", unit=commune)
    # 40 days ago: set behind the model's back, as the model refuses to change a row
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE privacy_personaldataaccess SET at = %s WHERE id = %s",
            [timezone.now() - timedelta(days=40), old.pk],
        )
    client = _client(people["dpo"])

    assert _rows(client) == ["quantri:export", "daumoi:search", "canbo:view", "chutich:decide"]
    assert _rows(client, "?user=daumoi") == ["daumoi:search"]
    assert _rows(client, "?action=decide") == ["chutich:decide"]
    assert _rows(client, f"?unit={commune.code}") == ["canbo:view", "chutich:decide"]
    today = timezone.localdate()
    assert _rows(client, f"?date_to={(today - timedelta(days=30)):%d/%m/%Y}") == ["chutich:decide"]
    assert len(_rows(client, f"?date_from={today:%Y-%m-%d}&date_to={today:%Y-%m-%d}")) == 3
    assert _rows(client, "?text=hộ trùng") == ["daumoi:search"]


def test_the_log_is_paginated(people: dict[str, User]) -> None:
    for _ in range(55):
        record_access(people["canbo"], action="view")
    client = _client(people["dpo"])

    first = client.get("/bao-ve-du-lieu/?action=view")
    second = client.get("/bao-ve-du-lieu/?action=view&page=2")

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 5
    assert "action=view&amp;page=2" in first.content.decode()


def test_an_export_without_a_purpose_shows_the_reason_and_exports_nothing(people: dict[str, User]) -> None:
    record_access(people["canbo"], action="view")

    response = _client(people["dpo"]).post("/bao-ve-du-lieu/xuat/", {"purpose": "xem", "format": "xlsx"})

    assert response.status_code == 400
    assert 'id="purpose-errors"' in response.content.decode()
    assert not PersonalDataAccess.objects.filter(action="export").exists()


def test_the_export_writes_the_filtered_log_with_formulas_as_text_and_is_itself_logged(
    people: dict[str, User], commune: AdministrativeUnit
) -> None:
    record_access(people["canbo"], action="view", subjects=["household:3"], unit=commune)
    record_access(people["daumoi"], action="search", purpose='=HYPERLINK("http://x", "bấm vào")')

    response = _client(people["dpo"]).post(
        "/bao-ve-du-lieu/xuat/", {"purpose": PURPOSE, "format": "xlsx", "action": "search"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Thời điểm", "Người dùng", "Vai trò", "Thao tác", "Mục đích")
    assert len(rows) == 2  # the header and the one search row
    assert rows[1][1:3] == ("daumoi", "Cơ quan đầu mối")
    assert sheet["E2"].data_type == "s"
    assert sheet["E2"].value.startswith("=HYPERLINK")
    logged = PersonalDataAccess.objects.get(action="export")
    assert (logged.username, logged.purpose, logged.path) == ("dpo", PURPOSE, "/bao-ve-du-lieu/xuat/")


def test_the_csv_export_is_streamed_in_utf8_with_formula_cells_quoted(people: dict[str, User]) -> None:
    record_access(people["daumoi"], action="search", purpose="@SUM(1+1) tìm hộ nghèo")

    response = _client(people["quantri"]).post(
        "/bao-ve-du-lieu/xuat/", {"purpose": PURPOSE, "format": "csv", "user": "daumoi"}
    )

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 2
    assert rows[1][4] == "'@SUM(1+1) tìm hộ nghèo"


def test_the_page_is_english_with_the_language_cookie(people: dict[str, User]) -> None:
    record_access(people["canbo"], action="merge")
    client = _client(people["dpo"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/bao-ve-du-lieu/").content.decode()
    refused = client.post("/bao-ve-du-lieu/xuat/", {"purpose": "xem"}).content.decode()

    assert "Personal-data access log" in page
    assert "<td>Commune social-policy officer</td>" in page
    assert "<td>Merge of duplicates</td>" in page
    assert "Nhật ký truy cập" not in page
    assert "at least 10 characters and two words" in refused


def test_a_filter_that_does_not_read_shows_its_error_and_no_rows_and_exports_nothing(
    people: dict[str, User],
) -> None:
    record_access(people["canbo"], action="view")
    client = _client(people["dpo"])

    page = client.get("/bao-ve-du-lieu/?date_from=31/02/2026")
    export = client.post("/bao-ve-du-lieu/xuat/", {"purpose": PURPOSE, "date_from": "hôm qua"})

    assert page.status_code == 200
    assert list(page.context["page"]) == []
    assert 'class="errorlist"' in page.content.decode()
    assert export.status_code == 400
    assert not PersonalDataAccess.objects.filter(action="export").exists()
