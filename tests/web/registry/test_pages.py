"""The registry's pages, per role: the commune's staff work on their commune; an officer of another
commune is told nothing exists (404); a viewer sees no personal data; identifiers are masked."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planwatch.web.registry import services
from planwatch.web.registry.models import Household, PaymentCycle, PovertyReview

from .conftest import personal_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(communes, staff, workbook):
    here, _ = communes
    services.registry_import(workbook(), "danh-sach-ho.xlsx", commune=here, user=staff["canbo"])
    return here


def _upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_the_officer_imports_through_the_page_and_sees_the_result(communes, signed_in, workbook) -> None:
    here, _ = communes
    client = signed_in("canbo")
    page = client.get(reverse("registry:import", args=[here.code]))
    assert page.status_code == 200
    assert client.get(reverse("registry:template")).content[:2] == b"PK"

    response = client.post(reverse("registry:import", args=[here.code]), {"file": _upload(workbook())})

    assert response.status_code == 200
    assert 'id="import-result"' in response.text
    assert Household.objects.filter(commune=here).count() == 4


def test_a_bad_file_lists_every_bad_row_on_the_page(communes, signed_in, workbook) -> None:
    here, _ = communes
    rows = [{"household_code": "H1", "area": "nông thôn", "full_name": "A", "birth": "xx", "personal_id": ""}]
    response = signed_in("canbo").post(
        reverse("registry:import", args=[here.code]), {"file": _upload(workbook(rows))}
    )
    assert response.status_code == 400
    assert "dd/mm/yyyy" in response.text
    assert Household.objects.count() == 0


def test_identifiers_are_masked_unless_the_communes_staff_look(imported, signed_in, staff) -> None:
    household = Household.objects.get(code="H01")
    url = reverse("registry:household", args=[imported.code, household.pk])
    full = personal_id(1950, "nam", 11)

    officer = signed_in("canbo").get(url)
    admin = signed_in("quantri").get(url)
    admin_with_purpose = signed_in("quantri").get(url, {"muc-dich": "xác minh hồ sơ trợ cấp theo đơn"})

    assert full in officer.text
    assert full not in admin.text
    assert f"•••• •••• {full[-4:]}" in admin.text
    assert full in admin_with_purpose.text


def test_another_communes_officer_and_a_viewer_see_nothing(imported, signed_in) -> None:
    household = Household.objects.get(code="H01")
    urls = [
        reverse("registry:commune", args=[imported.code]),
        reverse("registry:household", args=[imported.code, household.pk]),
        reverse("registry:import", args=[imported.code]),
    ]
    for name in ("canbo.khac", "lanhdao"):
        client = signed_in(name)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, (name, url)
            assert "Trần Văn Bình" not in response.text
    index = signed_in("lanhdao").get(reverse("registry:index"))
    assert 'id="no-registry"' in index.text


def test_views_and_searches_are_logged(imported, signed_in, staff) -> None:
    client = signed_in("canbo")
    client.get(reverse("registry:commune", args=[imported.code]), {"q": "Binh"})
    household = Household.objects.get(code="H01")
    client.get(reverse("registry:household", args=[imported.code, household.pk]))

    from planwatch.web.privacy.models import PersonalDataAccess

    actions = list(PersonalDataAccess.objects.filter(username="canbo").values_list("action", flat=True))
    assert "search" in actions
    assert "view" in actions


def test_the_review_and_the_cycle_run_through_their_pages(imported, signed_in) -> None:
    officer, chair, second = signed_in("canbo"), signed_in("chutich"), signed_in("canbo2")
    officer.post(reverse("registry:review-open", args=[imported.code]), {"year": "2026"})
    review = PovertyReview.objects.get(commune=imported, year=2026)
    url = reverse("registry:review", args=[imported.code, 2026])
    form = {"action": "save"}
    lacks = ["viec_lam", "bao_hiem_y_te", "chat_luong_nha_o"]
    for household, income in zip(
        Household.objects.order_by("code"), ["1200000", "1400000", "2000000", "3000000"], strict=True
    ):
        form[f"income_{household.pk}"] = income
    first = Household.objects.get(code="H01")
    response = officer.post(url, form | {f"lacks_{first.pk}": lacks})
    assert response.status_code == 302
    assert officer.post(url, {"action": "propose"}).status_code == 302
    assert officer.post(url, {"action": "approve"}).status_code == 403
    assert chair.post(url, {"action": "approve", "reason": "đồng ý"}).status_code == 302
    review.refresh_from_db()
    assert review.state == "approved"
    summary = officer.get(reverse("registry:commune", args=[imported.code]))
    assert "25,0 %" in summary.text

    cycle_url = reverse("registry:cycle", args=[imported.code, "2026-07"])
    officer.post(cycle_url, {"action": "prepare"})
    refused = officer.post(cycle_url, {"action": "approve"})
    assert refused.status_code == 400
    assert "người thứ hai" in refused.text
    assert second.post(cycle_url, {"action": "approve"}).status_code == 302
    cycle = PaymentCycle.objects.get(commune=imported)
    record = {"action": "record"}
    for line in cycle.lines.all():
        record[f"status_{line.pk}"] = "paid"
        record[f"channel_{line.pk}"] = "bank" if line.kind == "merit" else "cash"
    officer.post(cycle_url, record)
    assert officer.post(cycle_url, {"action": "close"}).status_code == 302
    page = officer.get(cycle_url)
    assert "5.684.000 đ" in page.text
    assert "33,3 %" in page.text


def test_the_pages_speak_english_when_asked(imported, signed_in) -> None:
    client = signed_in("canbo")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("registry:commune", args=[imported.code]))
    household = client.get(
        reverse("registry:household", args=[imported.code, Household.objects.get(code="H02").pk])
    )

    assert f"Social-protection registry of {imported.name}" in page.text
    assert "Household code" in page.text
    assert "Hộ gia đình" not in page.text
    assert "Personal id" in household.text
    assert "rural" in household.text


def test_an_export_needs_a_stated_purpose_and_is_logged(imported, signed_in) -> None:
    from planwatch.intake.workbook import workbook_rows
    from planwatch.web.privacy.models import PersonalDataAccess

    url = reverse("registry:export", args=[imported.code])
    refused = signed_in("canbo").get(url, {"muc-dich": "xem"})
    assert refused.status_code == 400
    assert not PersonalDataAccess.objects.filter(action="export").exists()

    purpose = "đối chiếu danh sách với hồ sơ bảo hiểm y tế"
    officer = signed_in("canbo").get(url, {"muc-dich": purpose})
    viewer = signed_in("lanhdao").get(url, {"muc-dich": purpose})

    assert officer.status_code == 200
    assert viewer.status_code == 404
    cells = {c for _, row in workbook_rows(officer.content, "x.xlsx") for c in row}
    assert personal_id(1950, "nam", 11) in cells
    assert "Trần Văn Bình" in cells
    logged = PersonalDataAccess.objects.get(action="export")
    assert (logged.username, logged.purpose, logged.subject_count) == ("canbo", purpose, 7)


def test_the_review_sheet_downloads_and_comes_back(imported, signed_in, staff) -> None:
    review = services.review_open(imported, 2026, user=staff["canbo"])
    sheet = signed_in("canbo").get(reverse("registry:review-xlsx", args=[imported.code, 2026]))
    assert sheet.status_code == 200

    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(sheet.content))
    rows = book.worksheets[0]
    for index in range(2, rows.max_row + 1):
        rows.cell(row=index, column=2, value=3_000_000)
    out = io.BytesIO()
    book.save(out)
    assert "viec_lam" in {row[0].value for row in book["Mã chỉ số"].iter_rows(min_row=2)}
    assert services.assessments_import(review, out.getvalue(), "ra-soat.xlsx", user=staff["canbo"]) == 4


def test_two_households_are_merged_from_the_household_page_with_history(imported, signed_in, staff) -> None:
    from planwatch.web.registry.models import MergeRecord

    kept, merged = Household.objects.get(code="H03"), Household.objects.get(code="H04")
    page = signed_in("canbo").get(reverse("registry:household", args=[imported.code, merged.pk]))
    assert 'id="merge-household"' in page.text
    assert 'id="merge-household"' not in signed_in("chutich").get(page.request["PATH_INFO"]).text

    response = signed_in("canbo").post(
        reverse("registry:merge", args=[imported.code]),
        {"kind": "household", "kept": kept.pk, "merged": merged.pk, "reason": "cùng một hộ, hai mã"},
    )

    assert response.status_code == 302
    merged.refresh_from_db()
    assert merged.merged_into == kept
    assert kept.members.count() == 3
    record = MergeRecord.objects.get(kind="household")
    assert (record.former_data["code"], record.merged_by, record.reason) == (
        "H04",
        staff["canbo"],
        "cùng một hộ, hai mã",
    )
