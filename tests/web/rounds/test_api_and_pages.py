"""Rounds through the API, the pages and the spreadsheet round-trip."""

import html
import re
from collections.abc import Callable
from io import BytesIO

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from planwatch.domain.vocabulary import ValueState
from planwatch.web.figures.models import Observation
from planwatch.web.figures.services import observations_of
from planwatch.web.rounds.models import ReportingRound, RoundSender
from planwatch.web.rounds.selectors import entry_rows, sender_targets, sender_unit, series_values
from planwatch.web.rounds.xlsx import HEADER_ROW

pytestmark = pytest.mark.django_db

TokenClient = Callable[[str], Client]
ClientAs = Callable[[str], Client]


def _health(round_: ReportingRound) -> RoundSender:
    return RoundSender.objects.select_related("round__document", "agency").get(
        round=round_, agency__code="y-te-an-giang"
    )


def test_api_opens_a_round_and_shows_each_sender_state(
    token_client: TokenClient, users: dict[str, User]
) -> None:
    refused = token_client("yte").post(
        "/api/v1/rounds/", {"document": "219/KH-UBND", "year": 2026}, content_type="application/json"
    )
    assert refused.status_code == 403
    answer = token_client("daumoi").post(
        "/api/v1/rounds/", {"document": "219/KH-UBND", "year": 2026}, content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["deadline"], body["cutoff_from"], body["cutoff_to"]) == (
        "2026-11-15",
        "2025-12-15",
        "2026-12-14",
    )
    again = token_client("daumoi").get(f"/api/v1/rounds/{body['id']}/").json()
    health = next(s for s in again["senders"] if s["code"] == "y-te-an-giang")
    assert health["state"] == "missing"
    assert "Sở Y tế" in health["name_in_document"]
    assert health["name"].startswith("Sở Y tế")
    assert {s["state"] for s in again["senders"]} == {"missing"}
    duplicate = token_client("daumoi").post(
        "/api/v1/rounds/", {"document": "219/KH-UBND", "year": 2026}, content_type="application/json"
    )
    assert duplicate.status_code == 400
    assert "đã được mở" in duplicate.json()["detail"]
    assert (
        token_client("daumoi")
        .post("/api/v1/rounds/", {"document": "219/KH-UBND"}, content_type="application/json")
        .status_code
        == 400
    )


def test_values_posted_in_an_open_round_are_drafts_until_submitted(
    token_client: TokenClient, round219: ReportingRound
) -> None:
    health = _health(round219)
    target = next(t for t in sender_targets(health) if t.comparator not in ("qualitative", "level"))
    row = {
        "document": "219/KH-UBND",
        "indicator": target.indicator_name,
        "scope": target.scope,
        "year": "2026",
        "value": "42",
    }
    client = token_client("yte")
    assert client.post("/api/v1/values/", [row], content_type="application/json").status_code == 201
    value = observations_of(target).get(year=2026)
    assert value.state == ValueState.DRAFT.value
    state = client.get(f"/api/v1/rounds/{round219.pk}/").json()
    assert next(s for s in state["senders"] if s["code"] == "y-te-an-giang")["state"] == "draft"
    assert (
        token_client("gddt")
        .post(f"/api/v1/rounds/{round219.pk}/submit/", {"sender": health.pk}, content_type="application/json")
        .status_code
        == 403
    )
    partial = client.post(f"/api/v1/rounds/{round219.pk}/submit/", {}, content_type="application/json")
    assert partial.status_code == 400
    assert "lý do gửi thiếu" in partial.json()["detail"]
    submitted = client.post(
        f"/api/v1/rounds/{round219.pk}/submit/",
        {"reason": "Các chỉ tiêu khác chờ số liệu của cục thống kê"},
        content_type="application/json",
    )
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted_on_time"
    assert Observation.objects.get(pk=value.pk).state == ValueState.SUBMITTED.value
    # Sent: the reporter can no longer change it through the API either.
    locked = client.post("/api/v1/values/", [{**row, "value": "43"}], content_type="application/json")
    assert locked.status_code == 403
    assert Observation.objects.get(pk=value.pk).value == 42


def test_schema_lists_the_round_paths(token_client: TokenClient) -> None:
    schema = token_client("lanhdao").get("/api/schema/?format=json").json()
    paths = {p.replace("{pk}", "{id}") for p in schema["paths"]}

    assert {
        "/api/v1/rounds/",
        "/api/v1/rounds/{id}/",
        "/api/v1/rounds/{id}/submit/",
        "/api/v1/rounds/{id}/close/",
        "/api/v1/rounds/{id}/resume/",
    } <= paths


def _filled_workbook(
    client: Client, round_: ReportingRound, sender: RoundSender, bad_line: int | None = None
) -> tuple[bytes, dict[int, float]]:
    download = client.get(f"/dot-bao-cao/{round_.pk}/nhap/{sender.pk}/xlsx/")
    assert download.status_code == 200
    book = load_workbook(BytesIO(download.content))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[HEADER_ROW]]
    value_col = header.index("Số liệu năm 2026") + 1
    expected: dict[int, float] = {}
    for index, line in enumerate(range(HEADER_ROW + 1, sheet.max_row + 1)):
        target_id = int(sheet.cell(row=line, column=1).value)
        target = next(r.target for r in entry_rows(sender) if r.target.pk == target_id)
        comparator = target.comparator
        if "qualitative" in (comparator, target.kind):
            sheet.cell(row=line, column=value_col, value="đạt một phần")
            continue
        number = 1.0 if comparator == "level" else 10.5 + index
        indicator = target.indicator  # a figure must lie in the indicator's plausible band
        if indicator is not None and indicator.lower_limit is not None:
            number = max(number, indicator.lower_limit)
        if indicator is not None and indicator.upper_limit is not None:
            number = min(number, indicator.upper_limit)
        # Some cells typed as numbers, some as Vietnamese text, like people do.
        sheet.cell(
            row=line, column=value_col, value=number if index % 2 else f"{number:.1f}".replace(".", ",")
        )
        expected[target_id] = number
    if bad_line is not None:
        sheet.cell(row=bad_line, column=value_col, value="mười")
    output = BytesIO()
    book.save(output)
    return output.getvalue(), expected


def test_xlsx_round_trip_lands_exactly(client_as: ClientAs, round219: ReportingRound) -> None:
    client = client_as("yte")
    health = _health(round219)
    data, expected = _filled_workbook(client, round219, health)
    upload = SimpleUploadedFile("so-lieu.xlsx", data)
    answer = client.post(
        f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/", {"action": "upload", "file": upload}
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    unit = sender_unit(health)
    stored = series_values(sender_targets(health), unit, 2026)
    assert len(stored) == len(sender_targets(health))
    assert {pk: stored[pk].value for pk in expected} == expected
    assert all(v.state == ValueState.DRAFT.value for v in stored.values())
    assert {v.assessment for v in stored.values() if v.value is None} <= {"partial"}


def test_one_bad_cell_rejects_the_whole_file_with_its_row(
    client_as: ClientAs, round219: ReportingRound
) -> None:
    client = client_as("yte")
    health = _health(round219)
    data, _ = _filled_workbook(client, round219, health, bad_line=HEADER_ROW + 2)
    answer = client.post(
        f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/",
        {"action": "upload", "file": SimpleUploadedFile("x.xlsx", data)},
    )
    assert answer.status_code == 400
    assert f"Dòng {HEADER_ROW + 2}:" in answer.content.decode()
    assert not Observation.objects.filter(year=2026).exists()


def test_pages_due_round_and_entry_with_error_in_place(client_as: ClientAs, round219: ReportingRound) -> None:
    client = client_as("yte")
    due = client.get("/viec-can-lam/").content.decode()
    assert "Việc cần làm" in due
    assert f"/dot-bao-cao/{round219.pk}/nhap/" in due
    assert 'id="due-count"' in due
    health = _health(round219)
    percent = next(
        t for t in sender_targets(health) if t.unit == "%" and t.comparator not in ("qualitative", "level")
    )
    answer = client.post(
        f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/",
        {"action": "save", f"value_{percent.pk}": "130", f"version_{percent.pk}": "0"},
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert re.search(rf'id="t{percent.pk}"[^>]*class="[^"]*has-error', page)
    assert 'aria-invalid="true"' in page
    assert 'value="130"' in page
    assert client_as("gddt").get(f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/").status_code == 403
    assert client_as("gddt").get(f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/xlsx/").status_code == 403
    detail = client_as("daumoi").get(f"/dot-bao-cao/{round219.pk}/").content.decode()
    assert 'data-state="missing"' in detail
    assert "Nhắc" in detail
    assert client.post(f"/dot-bao-cao/{round219.pk}/don-vi/{health.pk}/approve/").status_code == 403
    document_page = client_as("daumoi").get("/van-ban/KG-219-KH-UBND/").content.decode()
    assert 'id="open-round"' in document_page
    assert f"/dot-bao-cao/{round219.pk}/" in document_page
    assert 'id="open-round"' not in client.get("/van-ban/KG-219-KH-UBND/").content.decode()


def test_the_round_page_speaks_the_language_chosen(client_as: ClientAs, round219: ReportingRound) -> None:
    vietnamese = html.unescape(client_as("daumoi").get(f"/dot-bao-cao/{round219.pk}/").content.decode())
    client = client_as("daumoi")
    client.cookies["django_language"] = "en"
    english = html.unescape(client.get(f"/dot-bao-cao/{round219.pk}/").content.decode())

    assert "Chưa nhập" in vietnamese
    assert "Đang mở." in vietnamese
    assert "số liệu 'Nháp' chưa được tính" in vietnamese
    assert "Not entered" in english
    assert "Chưa nhập" not in english
    assert "Open." in english
    # The figure states are the core's Vietnamese names, quoted inside the English sentence.
    assert "Evaluation counts figures in the states 'Đã gửi' and 'Đã duyệt'" in english


def test_the_coordinator_closes_and_resumes_a_round_from_its_page(
    client_as: ClientAs, round219: ReportingRound
) -> None:
    coordinator = client_as("daumoi")
    page = f"/dot-bao-cao/{round219.pk}/"
    assert 'id="close-round"' in coordinator.get(page).content.decode()
    assert 'id="close-round"' not in client_as("yte").get(page).content.decode()

    refused = client_as("yte").post(f"{page}dot/close/")
    closed = coordinator.post(f"{page}dot/close/", follow=True).content.decode()
    unknown = coordinator.post(f"{page}dot/xoa/")
    no_reason = coordinator.post(f"{page}dot/resume/", {"reason": ""}, follow=True).content.decode()
    resumed = coordinator.post(f"{page}dot/resume/", {"reason": "Gia hạn"}, follow=True).content.decode()

    assert refused.status_code == 403
    assert 'id="round-closed"' in closed
    assert "Đã đóng đợt báo cáo năm 2026." in closed
    assert 'id="resume-round"' in closed
    assert 'id="remind-all"' not in closed
    assert unknown.status_code == 404
    assert "Hãy ghi lý do mở lại đợt báo cáo." in no_reason
    assert 'id="round-closed"' in no_reason
    assert 'id="round-closed"' not in resumed
    assert "Gia hạn" in resumed
    assert 'id="close-round"' in resumed


def test_api_closes_and_resumes_a_round(token_client: TokenClient, round219: ReportingRound) -> None:
    coordinator = token_client("daumoi")
    path = f"/api/v1/rounds/{round219.pk}/"

    refused = token_client("yte").post(f"{path}close/")
    closed = coordinator.post(f"{path}close/")
    again = coordinator.post(f"{path}close/")
    no_reason = coordinator.post(f"{path}resume/", {}, content_type="application/json")
    resumed = coordinator.post(f"{path}resume/", {"reason": "Gia hạn"}, content_type="application/json")
    anonymous = Client().post(f"{path}close/")

    assert refused.status_code == 403
    assert closed.status_code == 200
    assert closed.json()["state"] == "closed"
    assert closed.json()["closed_at"] is not None
    assert again.status_code == 400
    assert "đã đóng" in again.json()["detail"]
    assert no_reason.status_code == 400
    assert resumed.status_code == 200
    assert resumed.json()["state"] == "open"
    assert resumed.json()["closed_at"] is None
    assert anonymous.status_code == 401


@pytest.mark.parametrize("damage", ["truncated", "sheet missing", "broken sheet XML", "no sheets"])
def test_a_damaged_workbook_is_refused_on_the_round_page_in_one_sentence(
    client_as: ClientAs, round219: ReportingRound, damage: str
) -> None:
    from tests.intake.test_workbook import rezipped

    client = client_as("yte")
    health = _health(round219)
    data, _ = _filled_workbook(client, round219, health)
    damaged = {
        "truncated": data[: len(data) // 2],
        "sheet missing": rezipped(data, {"xl/worksheets/sheet1.xml": None}),
        "broken sheet XML": rezipped(data, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"}),
        "no sheets": rezipped(
            data,
            {
                "xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
            },
        ),
    }[damage]
    answer = client.post(
        f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/",
        {"action": "upload", "file": SimpleUploadedFile("x.xlsx", damaged)},
    )
    assert answer.status_code == 400
    assert "x.xlsx: " in answer.content.decode()  # one sentence naming the file, no traceback
    assert not Observation.objects.filter(year=2026).exists()


def test_an_explanation_that_starts_like_a_formula_comes_back_as_text(
    client_as: ClientAs, round219: ReportingRound
) -> None:
    client = client_as("yte")
    health = _health(round219)
    target = entry_rows(health)[0].target
    saved = client.post(
        f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/",
        {"action": "save", f"value_{target.pk}": "", f"explanation_{target.pk}": '=HYPERLINK("x","y")'},
    )
    assert saved.status_code in (200, 302)
    book = load_workbook(BytesIO(client.get(f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/xlsx/").content))
    sheet = book.active
    assert sheet is not None
    formulas = [
        c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] == "="
    ]
    assert all(c.data_type == "s" for c in formulas)


@pytest.mark.parametrize("sender", ["abc", "²", 1.5, True, "9" * 40, [1]])
def test_a_sender_that_is_not_an_id_is_400(
    token_client: TokenClient, round219: ReportingRound, sender: object
) -> None:
    answer = token_client("yte").post(
        f"/api/v1/rounds/{round219.pk}/submit/", {"sender": sender}, content_type="application/json"
    )
    assert answer.status_code == 400
    assert "'sender'" in answer.json()["detail"]


@pytest.mark.parametrize("value", ["9" * 400, "1e308", "５０", "5 0", "-3"])
def test_the_round_form_refuses_a_figure_that_is_not_finite_or_not_plausible(
    client_as: ClientAs, round219: ReportingRound, value: str
) -> None:
    client = client_as("yte")
    health = _health(round219)
    target = next(r.target for r in entry_rows(health) if r.target.unit == "%")

    answer = client.post(
        f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/", {"action": "save", f"value_{target.pk}": value}
    )

    assert answer.status_code == 400
    assert not Observation.objects.filter(year=2026).exists()


def test_a_notification_reads_in_the_language_of_the_page(
    client_as: ClientAs, round219: ReportingRound
) -> None:
    # given the round's opening notification for the health department
    client = client_as("yte")

    # when the list of things to do is read in Vietnamese, then in English
    vietnamese = client.get("/viec-can-lam/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/viec-can-lam/").content.decode()

    # then each says it in its language, with the same facts
    assert "Đợt báo cáo năm 2026 của 219/KH-UBND đã mở" in vietnamese
    assert "The 2026 reporting round of 219/KH-UBND is open" in english
    assert "Đợt báo cáo năm 2026 của 219/KH-UBND đã mở" not in english
    assert f"by {round219.deadline_on:%d/%m/%Y}" in english
