"""Upload and review (issue #4, item 5): a plan file becomes an editable table of targets; confirming
loads it into the catalogue in one transaction, beside the built-in documents, never over them."""

import hashlib
import html
import io
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper
from reportlab.pdfgen import canvas

from planwatch.extraction import extract_file
from planwatch.web.catalogue.models import PolicyDocument, Target
from planwatch.web.uploads.models import DocumentUpload, UploadState
from planwatch.web.uploads.selectors import document_original_upload

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]

PLAN_219 = "001_012ec14e7a871695.txt"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media_root(settings: SettingsWrapper, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def plan_219(corpus: Path) -> Path:
    return corpus / PLAN_219


@pytest.fixture
def plan_219_not_held(plan_219: Path) -> Path:
    """Plan 219 as a plan the catalogue does not hold yet: the built-in copy loses its number and its
    source file, so the upload is neither the same identity nor the same text (issue #15)."""
    PolicyDocument.objects.filter(doc_id="KG-219-KH-UBND").update(number="", source_file="")
    return plan_219


# A small plan (19 targets, Đồng Tháp, implementing a decision the catalogue does not hold) for the
# tests that do not need 219/KH-UBND: they stay fast.
SMALL_PLAN = Path(__file__).parents[1] / "extraction" / "fixtures" / "plan_appendix_agencies.txt"
TWO_PROGRAMMES = Path(__file__).parents[1] / "extraction" / "fixtures" / "bulletin_two_programmes.txt"


@cache
def _extracted(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = extract_file(path).to_json()["documents"][0]
    return data


def _upload(client: Client, name: str, content: bytes) -> Any:
    return client.post("/tai-len/", {"file": SimpleUploadedFile(name, content)})


def _uploaded(client: Client, path: Path) -> DocumentUpload:
    response = _upload(client, path.name, path.read_bytes())
    assert response.status_code == 302, response.content.decode()[:2000]
    upload = DocumentUpload.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))
    assert response["Location"] == f"/tai-len/{upload.pk}/"
    return upload


def _document_form(upload: DocumentUpload, index: int = 0, **changes: str) -> dict[str, str]:
    """The review page's fields of one document as the browser would post them, with ``changes``."""
    upload.refresh_from_db()
    record = upload.extraction["documents"][index]
    parents = upload.review["documents"][index]["parents"]
    issued = record["issued"]
    fields = {
        "doc_id": record["doc_id"],
        "number": record["number"] or "",
        "kind": record["kind"] or "",
        "title": record["title"] or "",
        "issuer": record["issuer"] or "",
        "province": record["province"] or "",
        "issued_on": "/".join(reversed(issued.split("-"))) if issued else "",
        **{f"parent_{i + 1}": p for i, p in enumerate(parents)},
        **changes,
    }
    return {f"d{index}-{name}": value for name, value in fields.items()}


def _row_form(upload: DocumentUpload, target_id: str, **changes: str) -> dict[str, str]:
    return _row_form_of(upload, 0, target_id, **changes)


def _row_form_of(upload: DocumentUpload, index: int, target_id: str, **changes: str) -> dict[str, str]:
    """A target row's fields as the browser would post them, with ``changes``."""
    upload.refresh_from_db()
    target = next(t for t in upload.extraction["documents"][index]["targets"] if t["id"] == target_id)
    agency = upload.review["documents"][index]["agencies"].get(target_id) or ""
    fields = {
        "group": target["group"] or "",
        "indicator": target["indicator"],
        "unit": target["unit"] or "",
        "comparator": target["comparator"],
        "value": "" if target["value"] is None else str(target["value"]).replace(".", ","),
        "value_text": target["value_text"] or "",
        "target_year": "" if target["target_year"] is None else str(target["target_year"]),
        "scope": target["scope"] or "",
        "responsible": target["responsible"] or "",
        "agency": agency,
    }
    return {**fields, **changes}


def _targets(upload: DocumentUpload) -> dict[str, dict[str, Any]]:
    upload.refresh_from_db()
    return {t["id"]: t for t in upload.extraction["documents"][0]["targets"]}


def test_uploading_plan_219_lists_every_extracted_target_and_recognises_the_builtin_document(
    client_as: ClientAs, plan_219: Path, media_root: Path
) -> None:
    client = client_as("daumoi")
    expected = _extracted(plan_219)
    targets = Target.objects.count()

    upload = _uploaded(client, plan_219)
    page = client.get(f"/tai-len/{upload.pk}/").content.decode()
    confirm = client.post(f"/tai-len/{upload.pk}/xac-nhan/", {**_document_form(upload), "replace": "1"})

    assert len(re.findall(r'<tr id="target-0-t\d+" data-target-id=', page)) == len(expected["targets"])
    assert f'<span id="target-count-0">{len(expected["targets"])}</span>' in page
    assert expected["doc_id"] == "KG-219-KH-UBND"
    # the same number, issuer and date as the built-in plan: offered as that document, never a new one
    assert upload.review["documents"][0]["duplicate_of"] == {
        "doc_id": "KG-219-KH-UBND",
        "reason": "identity",
        "builtin": True,
    }
    assert 'name="d0-doc_id" value="KG-219-KH-UBND"' in page
    assert 'data-notice="duplicate-builtin"' in page
    assert 'data-notice="namesake"' not in page
    assert confirm.status_code == 400
    assert "đã có sẵn trong danh mục (KG-219-KH-UBND, cùng số, cơ quan ban hành và ngày)" in (
        confirm.content.decode()
    )
    assert Target.objects.count() == targets
    # Prefilled from the catalogue: both parents, and "Sở LĐTBXH" as the Kiên Giang agency.
    assert upload.review["documents"][0]["parents"] == ["68-NQ-CP", "42-NQ-TW"]
    assert upload.review["documents"][0]["agencies"]["t5"] == "ldtbxh-kien-giang"
    stored = media_root / upload.original.name
    assert stored.read_bytes() == plan_219.read_bytes()
    assert (upload.sha256, upload.size, upload.original_name) == (
        hashlib.sha256(plan_219.read_bytes()).hexdigest(),
        plan_219.stat().st_size,
        PLAN_219,
    )


def test_edit_delete_add_then_confirm_loads_the_reviewed_document(
    client_as: ClientAs, plan_219_not_held: Path
) -> None:
    plan_219 = plan_219_not_held
    client = client_as("daumoi")
    upload = _uploaded(client, plan_219)
    extracted = len(_extracted(plan_219)["targets"])
    builtin_targets = Target.objects.filter(document__doc_id="KG-219-KH-UBND").count()
    base = f"/tai-len/{upload.pk}/van-ban/0/muc-tieu"

    edited = client.post(
        f"{base}/t6/", _row_form(upload, "t6", value="2,5", agency="noi-vu-kien-giang"), **HTMX
    )
    deleted = client.post(f"{base}/t1/xoa/", **HTMX)
    added = client.post(
        f"{base}/them/",
        {
            "indicator": "Tỉ lệ hộ nghèo đa chiều",
            "unit": "%",
            "comparator": "<",
            "value": "1,5",
            "target_year": "2030",
            "agency": "ldtbxh-kien-giang",
        },
        **HTMX,
    )
    confirmed = client.post(
        f"/tai-len/{upload.pk}/xac-nhan/",
        _document_form(upload, title="Kế hoạch 219 (bản tải lên)", parent_1="68-NQ-CP", parent_2="42-NQ-TW"),
    )

    assert edited.status_code == 200
    assert 'data-target-id="t6"' in edited.content.decode()
    assert "2,5" in edited.content.decode()
    assert deleted.status_code == 200
    assert f'<span id="target-count-0" hx-swap-oob="true">{extracted - 1}</span>' in deleted.content.decode()
    assert f'data-target-id="t{extracted + 1}"' in added.content.decode()
    assert 'id="target-add-0"' in added.content.decode()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/van-ban/KG-219-KH-UBND-2/"
    document = PolicyDocument.objects.get(doc_id="KG-219-KH-UBND-2")
    assert document.title == "Kế hoạch 219 (bản tải lên)"
    assert document.targets.count() == extracted
    assert not document.targets.filter(key="t1").exists()
    t6 = document.targets.get(key="t6")
    assert t6.value == 2.5
    assert t6.responsible_agency is not None
    assert t6.responsible_agency.code == "noi-vu-kien-giang"
    new = document.targets.get(key=f"t{extracted + 1}")
    assert (new.indicator_name, new.value, new.comparator, new.target_year) == (
        "Tỉ lệ hộ nghèo đa chiều",
        1.5,
        "<",
        2030,
    )
    assert new.responsible_agency is not None
    assert new.responsible_agency.code == "ldtbxh-kien-giang"
    assert [(link.parent.doc_id, link.position) for link in document.parent_links.all()] == [
        ("68-NQ-CP", 0),
        ("42-NQ-TW", 1),
    ]
    assert document.reporting_duties.count() == len(_extracted(plan_219)["reporting"])
    # The built-in document is untouched.
    assert Target.objects.filter(document__doc_id="KG-219-KH-UBND").count() == builtin_targets
    upload.refresh_from_db()
    assert upload.state == UploadState.CONFIRMED
    assert document_original_upload(document) == upload
    assert client.get(confirmed["Location"]).status_code == 200


def test_a_plan_without_number_or_date_is_recognised_by_its_text_and_adds_nothing(
    client_as: ClientAs, corpus: Path
) -> None:
    # given corpus file 004, a plan the catalogue holds (it has neither a number nor a date)
    client = client_as("daumoi")
    documents, targets = PolicyDocument.objects.count(), Target.objects.count()

    # when it is uploaded and confirmed, even with "replace" ticked
    upload = _uploaded(client, corpus / "004_8809aa3d7896d61d.txt")
    page = client.get(f"/tai-len/{upload.pk}/").content.decode()
    confirm = client.post(f"/tai-len/{upload.pk}/xac-nhan/", {**_document_form(upload), "replace": "1"})

    # then it is recognised by its text and nothing is added
    duplicate = upload.review["documents"][0]["duplicate_of"]
    assert (duplicate["doc_id"], duplicate["reason"]) == ("KG-KH-UBND-2024-06-51-CTr-TU", "text")
    assert 'data-notice="duplicate-builtin"' in page
    assert "nội dung gần như trùng khớp" in page
    assert confirm.status_code == 400
    assert (PolicyDocument.objects.count(), Target.objects.count()) == (documents, targets)


def test_a_duplicate_given_a_new_doc_id_is_still_refused(client_as: ClientAs) -> None:
    # given a plan loaded once, uploaded again
    client = client_as("daumoi")
    first = _uploaded(client, SMALL_PLAN)
    client.post(f"/tai-len/{first.pk}/xac-nhan/", _document_form(first))
    second = _uploaded(client, SMALL_PLAN)
    documents = PolicyDocument.objects.count()

    # when the reviewer gives it a fresh doc id to add it beside the first
    response = client.post(
        f"/tai-len/{second.pk}/xac-nhan/",
        {**_document_form(second, doc_id="DT-45-KH-UBND-BAN-2"), "replace": "1"},
    )

    # then it is refused: a duplicate is only ever an update
    assert response.status_code == 400
    assert "không thêm bản thứ hai" in response.content.decode()
    assert PolicyDocument.objects.count() == documents


def test_the_original_file_of_a_confirmed_upload_is_downloadable_by_a_signed_in_viewer(
    client_as: ClientAs, plan_219_not_held: Path
) -> None:
    plan_219 = plan_219_not_held
    coordinator = client_as("daumoi")
    upload = _uploaded(coordinator, plan_219)
    before = client_as("lanhdao").get(f"/tai-len/{upload.pk}/tep-goc/")
    coordinator.post(f"/tai-len/{upload.pk}/xac-nhan/", _document_form(upload))

    response = client_as("lanhdao").get(f"/tai-len/{upload.pk}/tep-goc/")

    assert before.status_code == 403  # a draft is only for those who review
    assert response.status_code == 200
    assert PLAN_219 in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == plan_219.read_bytes()  # type: ignore[attr-defined]
    assert Client().get(f"/tai-len/{upload.pk}/tep-goc/").status_code == 302  # to the login page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "abc"}, "&#x27;abc&#x27; không phải là số"),
        ({"comparator": "about"}, "Cách so sánh &#x27;about&#x27; không có trong danh sách"),
        ({"target_year": "3025"}, "Năm đạt phải là một năm từ 1990 đến 2100"),
        ({"value": ""}, "cần một con số"),
        ({"comparator": "qualitative"}, "Mục tiêu định tính không có con số"),
        ({"agency": "khong-co"}, "không có trong danh mục"),
        ({"indicator": "  "}, "Hãy ghi tên chỉ tiêu"),
        ({"comparator": "range", "value": "115"}, "Mục tiêu trong khoảng cần cận trên"),
        ({"comparator": "range", "value": "120", "value_max": "115"}, "Cận trên phải lớn hơn hoặc bằng"),
        ({"value_max": "120"}, "Chỉ mục tiêu trong khoảng có cận trên"),
    ],
)
def test_a_bad_row_edit_is_shown_in_the_row_and_changes_nothing(
    client_as: ClientAs, changes: dict[str, str], message: str
) -> None:
    client = client_as("daumoi")
    upload = _uploaded(client, SMALL_PLAN)
    before = _targets(upload)["t6"]

    response = client.post(
        f"/tai-len/{upload.pk}/van-ban/0/muc-tieu/t6/", _row_form(upload, "t6", **changes), **HTMX
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<tr id="target-0-t6" class="editing"')
    assert message in page
    assert 'class="field-error" role="alert"' in page
    assert _targets(upload)["t6"] == before


def test_a_row_becomes_a_range_with_both_bounds_and_loses_its_upper_bound_when_it_stops_being_one(
    client_as: ClientAs,
) -> None:
    # given a target of the small plan
    client = client_as("daumoi")
    upload = _uploaded(client, SMALL_PLAN)
    url = f"/tai-len/{upload.pk}/van-ban/0/muc-tieu/t3/"

    # when the reviewer makes it "from 90 to 95", then "at least 90" again
    ranged = client.post(url, _row_form(upload, "t3", comparator="range", value="90", value_max="95"), **HTMX)
    as_range = _targets(upload)["t3"]
    client.post(url, _row_form(upload, "t3", comparator=">=", value="90", value_max=""), **HTMX)

    # then the row says the band, the draft keeps both bounds, and then only the one
    assert "90–95" in ranged.content.decode()
    assert (as_range["comparator"], as_range["value"], as_range["value_max"]) == ("range", 90, 95)
    assert "value_max" not in _targets(upload)["t3"]


def test_without_javascript_a_row_edit_redirects_and_an_error_shows_the_whole_page(
    client_as: ClientAs,
) -> None:
    client = client_as("daumoi")
    upload = _uploaded(client, SMALL_PLAN)
    url = f"/tai-len/{upload.pk}/van-ban/0/muc-tieu/t9/"

    edit_link = client.get(f"{url}?sua=1")
    edit_page = client.get(f"/tai-len/{upload.pk}/?sua=0-t9").content.decode()
    saved = client.post(url, _row_form(upload, "t9", value="92,25"))
    refused = client.post(url, _row_form(upload, "t9", value="chín mươi"))

    assert edit_link["Location"] == f"/tai-len/{upload.pk}/?sua=0-t9#target-0-t9"
    assert '<tr id="target-0-t9" class="editing"' in edit_page
    assert saved["Location"] == f"/tai-len/{upload.pk}/#target-0-t9"
    assert _targets(upload)["t9"]["value"] == 92.25
    assert refused.status_code == 400
    assert "<h1>Soát văn bản tải lên</h1>" in refused.content.decode()
    assert "không phải là số" in refused.content.decode()


@pytest.mark.parametrize("username", ["yte", "lanhdao"])
def test_reporters_and_viewers_may_not_upload_review_or_confirm(client_as: ClientAs, username: str) -> None:
    upload = _uploaded(client_as("daumoi"), SMALL_PLAN)
    client = client_as(username)

    form_page = client.get("/tai-len/")
    posted = _upload(client, SMALL_PLAN.name, SMALL_PLAN.read_bytes())
    review = client.get(f"/tai-len/{upload.pk}/")
    edit = client.post(f"/tai-len/{upload.pk}/van-ban/0/muc-tieu/t6/", _row_form(upload, "t6", value="1"))
    confirm = client.post(f"/tai-len/{upload.pk}/xac-nhan/", _document_form(upload))

    assert [r.status_code for r in (form_page, posted, review, edit, confirm)] == [403] * 5
    assert "Chỉ quản trị hoặc cơ quan đầu mối mới được tải văn bản lên" in posted.content.decode()
    assert DocumentUpload.objects.count() == 1
    assert not PolicyDocument.objects.filter(doc_id="DT-45-KH-UBND").exists()
    assert _targets(upload)["t6"]["value"] == 5


def test_an_administrator_may_upload(client_as: ClientAs) -> None:
    upload = _uploaded(client_as("quantri"), SMALL_PLAN)

    assert upload.uploaded_by.username == "quantri"


def _pdf_without_text() -> bytes:
    """What a scanner produces, as far as text goes: a page with marks and no text layer."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.rect(100, 100, 300, 400, fill=1)
    page.save()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.txt", b"", "rỗng (0 byte)"),
        ("ke-hoach.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), "nội dung không phải PDF"),
        ("ke-hoach.exe", b"MZ\x90\x00" + bytes(200), "chỉ nhận văn bản .txt, .docx hoặc .pdf"),
        ("ke-hoach.docx", b"%PDF-1.4 not a word file", "không phải tệp Word .docx"),
        ("ke-hoach.docx", b"PK\x03\x04broken zip", "tệp docx hỏng"),
        ("ke-hoach.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "là tệp nhị phân"),
        ("ban-quet.pdf", _pdf_without_text(), "pdf không có lớp chữ"),
    ],
)
def test_a_bad_file_is_refused_on_the_form_and_nothing_is_written(
    client_as: ClientAs, media_root: Path, name: str, content: bytes, message: str
) -> None:
    response = _upload(client_as("daumoi"), name, content)

    page = response.content.decode()
    assert response.status_code == 400
    assert '<ul class="errorlist" role="alert" id="upload-errors">' in page
    assert message in page
    assert name in page
    assert "Traceback" not in page
    assert DocumentUpload.objects.count() == 0
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_a_file_over_the_size_limit_is_refused(
    client_as: ClientAs, settings: SettingsWrapper, media_root: Path
) -> None:
    settings.PLANWATCH_UPLOAD_MAX_BYTES = 1000

    response = _upload(client_as("daumoi"), SMALL_PLAN.name, SMALL_PLAN.read_bytes())

    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()
    assert DocumentUpload.objects.count() == 0
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_a_confirm_onto_a_builtin_document_is_refused_even_when_replace_is_ticked(
    client_as: ClientAs,
) -> None:
    client = client_as("daumoi")
    upload = _uploaded(client, SMALL_PLAN)
    builtin = PolicyDocument.objects.get(doc_id="KG-219-KH-UBND")
    targets = list(builtin.targets.values_list("key", "value", "responsible_agency_id"))

    response = client.post(
        f"/tai-len/{upload.pk}/xac-nhan/",
        {**_document_form(upload, doc_id="KG-219-KH-UBND", title="Ghi đè?"), "replace": "1"},
    )

    assert response.status_code == 400
    assert "là văn bản có sẵn của danh mục: không thể thay thế" in response.content.decode()
    assert 'data-notice="builtin"' in response.content.decode()
    builtin.refresh_from_db()
    assert builtin.title != "Ghi đè?"
    assert list(builtin.targets.values_list("key", "value", "responsible_agency_id")) == targets
    upload.refresh_from_db()
    assert upload.state == UploadState.DRAFT


def test_a_second_confirm_of_the_same_upload_is_refused(client_as: ClientAs) -> None:
    client = client_as("daumoi")
    upload = _uploaded(client, SMALL_PLAN)
    form = _document_form(upload)
    first = client.post(f"/tai-len/{upload.pk}/xac-nhan/", form)
    documents = PolicyDocument.objects.count()

    again = client.post(f"/tai-len/{upload.pk}/xac-nhan/", {**form, "replace": "1"})
    edit = client.post(
        f"/tai-len/{upload.pk}/van-ban/0/muc-tieu/t6/", _row_form(upload, "t6", value="1"), **HTMX
    )

    assert first["Location"] == "/van-ban/DT-45-KH-UBND/"
    assert again.status_code == 400
    assert "đã được nạp vào danh mục" in again.content.decode()
    assert "đã được nạp vào danh mục" in edit.content.decode()
    assert PolicyDocument.objects.count() == documents
    assert PolicyDocument.objects.get(doc_id="DT-45-KH-UBND").targets.get(key="t6").value == 5


def test_replacing_an_uploaded_document_needs_the_tick(client_as: ClientAs) -> None:
    client = client_as("daumoi")
    first = _uploaded(client, SMALL_PLAN)
    client.post(f"/tai-len/{first.pk}/xac-nhan/", _document_form(first))
    second = _uploaded(client, SMALL_PLAN)
    second_form = _document_form(second, doc_id="DT-45-KH-UBND", title="Bản sửa")

    refused = client.post(f"/tai-len/{second.pk}/xac-nhan/", second_form)
    replaced = client.post(f"/tai-len/{second.pk}/xac-nhan/", {**second_form, "replace": "1"})

    # the same plan again: offered as an update of the first (its doc id kept, a notice says so)
    assert second.extraction["documents"][0]["doc_id"] == "DT-45-KH-UBND"
    assert second.review["documents"][0]["duplicate_of"]["doc_id"] == "DT-45-KH-UBND"
    assert refused.status_code == 400
    assert "Văn bản này đã có trong danh mục (DT-45-KH-UBND" in refused.content.decode()
    assert 'data-notice="duplicate"' in refused.content.decode()
    assert 'name="replace"' in refused.content.decode()
    assert replaced["Location"] == "/van-ban/DT-45-KH-UBND/"
    document = PolicyDocument.objects.get(doc_id="DT-45-KH-UBND")
    assert document.title == "Bản sửa"
    assert document_original_upload(document) == DocumentUpload.objects.get(pk=second.pk)
    assert not PolicyDocument.objects.filter(doc_id="DT-45-KH-UBND-2").exists()


def test_a_parent_missing_from_the_catalogue_becomes_a_reference_and_bad_fields_are_shown(
    client_as: ClientAs,
) -> None:
    client = client_as("daumoi")
    upload = _uploaded(client, SMALL_PLAN)
    page = client.get(f"/tai-len/{upload.pk}/").content.decode()

    bad = client.post(
        f"/tai-len/{upload.pk}/xac-nhan/",
        _document_form(upload, doc_id="DT 45 có dấu", issued_on="32/13/2024"),
    )
    good = client.post(f"/tai-len/{upload.pk}/xac-nhan/", _document_form(upload, parent_2="42-NQ-TW"))

    assert upload.review["documents"][0]["parents"] == ["so:321/QĐ-TTg"]
    assert 'data-notice="new-parent"' in page
    assert bad.status_code == 400
    assert "Mã văn bản chỉ gồm chữ không dấu" in bad.content.decode()
    assert "Ngày ban hành viết theo dạng ngày/tháng/năm" in bad.content.decode()
    assert good.status_code == 302
    document = PolicyDocument.objects.get(doc_id="DT-45-KH-UBND")
    parents = [(link.parent.number, link.parent.is_stub) for link in document.parent_links.all()]
    assert parents == [("321/QĐ-TTg", True), ("42-NQ/TW", True)]


def test_a_file_with_two_documents_is_reviewed_and_loaded_as_two(client_as: ClientAs) -> None:
    client = client_as("daumoi")
    upload = _uploaded(client, TWO_PROGRAMMES)
    page = client.get(f"/tai-len/{upload.pk}/").content.decode()

    edited = client.post(
        f"/tai-len/{upload.pk}/van-ban/1/muc-tieu/t1/",
        _row_form_of(upload, 1, "t1", scope="Toàn tỉnh"),
        **HTMX,
    )
    confirmed = client.post(
        f"/tai-len/{upload.pk}/xac-nhan/", {**_document_form(upload, 0), **_document_form(upload, 1)}
    )

    assert 'id="document-1"' in page
    assert edited.status_code == 200
    assert confirmed["Location"] == "/van-ban/XX-07-CTr-TU/"
    upload.refresh_from_db()
    assert sorted(d.doc_id for d in upload.documents.all()) == ["XX-07-CTr-TU", "XX-08-CTr-TU"]
    assert PolicyDocument.objects.get(doc_id="XX-08-CTr-TU").targets.get(key="t1").scope == "Toàn tỉnh"


def test_discarding_a_draft_deletes_its_file_and_loads_nothing(
    client_as: ClientAs, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_as("daumoi")
    upload = _uploaded(client, SMALL_PLAN)
    stored = media_root / upload.original.name
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/tai-len/{upload.pk}/huy/")

    assert response["Location"] == "/tai-len/"
    assert not stored.exists()
    upload.refresh_from_db()
    assert upload.state == UploadState.DISCARDED
    assert not PolicyDocument.objects.filter(doc_id="DT-45-KH-UBND").exists()


# Our own notice with no figure at all: the extractor finds a document but no target in it.
MEETING_NOTICE = (
    "KẾ HOẠCH\n"
    "TỔ CHỨC HỘI NGHỊ SƠ KẾT CÔNG TÁC CẢI CÁCH HÀNH CHÍNH\n"
    "\n"
    "Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết công tác cải cách hành chính cho các sở, ngành.\n"
    "Các đơn vị chuẩn bị báo cáo tham luận và gửi về Văn phòng trước khi hội nghị diễn ra.\n"
)


def test_an_upload_without_targets_says_why_and_cannot_be_confirmed_until_one_is_added(
    client_as: ClientAs, tmp_path: Path
) -> None:
    client = client_as("daumoi")
    notice_file = tmp_path / "hoi-nghi.txt"
    notice_file.write_text(MEETING_NOTICE, encoding="utf-8")
    upload = _uploaded(client, notice_file)

    page = client.get(f"/tai-len/{upload.pk}/").content.decode()
    refused = client.post(f"/tai-len/{upload.pk}/xac-nhan/", _document_form(upload))
    added = client.post(
        f"/tai-len/{upload.pk}/van-ban/0/muc-tieu/them/",
        {
            "indicator": "Số hội nghị sơ kết được tổ chức",
            "unit": "hội nghị",
            "comparator": ">=",
            "value": "1",
        },
        **HTMX,
    )

    # the review says that nothing was found and why, and the confirm button is disabled
    notice = re.search(r'<p class="notice notice-no-targets"[^>]*>([^<]*)</p>', page)
    assert notice is not None
    assert "Không tìm thấy mục tiêu nào: văn bản không có con số hay tỷ lệ nào" in notice.group(1)
    assert re.search(r'<button [^>]*id="confirm-button"[^>]* disabled', page)
    # a confirm sent anyway is refused and loads nothing
    assert refused.status_code == 400
    assert "Chưa có mục tiêu nào để nạp" in refused.content.decode()
    assert not PolicyDocument.objects.filter(doc_id=upload.extraction["documents"][0]["doc_id"]).exists()
    # once a target is added, the button comes back enabled beside the new row
    button = re.search(r'<button [^>]*id="confirm-button"[^>]*>', added.content.decode())
    assert button is not None
    assert "disabled" not in button.group(0)
    assert 'hx-swap-oob="true"' in button.group(0)


def test_a_pdf_whose_text_layer_is_garbled_is_refused_on_the_form(client_as: ClientAs) -> None:
    # given a PDF whose fonts have no Unicode map (what the "th ng xuyên ủ ộ" came from)
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSerif", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("DejaVuSerif", 11)
    for index, line in enumerate(MEETING_NOTICE.splitlines()):
        page.drawString(50, 780 - 16 * index, line)
    page.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    for pdf_page in writer.pages:
        for font in pdf_page["/Resources"]["/Font"].values():
            font.get_object().pop(NameObject("/ToUnicode"), None)
    garbled = io.BytesIO()
    writer.write(garbled)

    response = _upload(client_as("daumoi"), "hoi-nghi.pdf", garbled.getvalue())

    assert response.status_code == 400
    assert "hoi-nghi.pdf: lớp chữ của pdf không dùng được" in response.content.decode()
    assert DocumentUpload.objects.count() == 0


def test_the_review_shows_each_targets_confidence_and_lists_the_doubtful_ones_first(
    client_as: ClientAs,
) -> None:
    client = client_as("daumoi")
    upload = _uploaded(client, SMALL_PLAN)
    targets = upload.extraction["documents"][0]["targets"]
    # two targets the extractor was unsure of, the first less sure than the second
    targets[1]["confidence"], targets[1]["reason"] = 0.41, "số trong đoạn nhiệm vụ"
    targets[2]["confidence"], targets[2]["reason"] = 0.55, "không có năm"
    upload.save()

    page = html.unescape(client.get(f"/tai-len/{upload.pk}/").content.decode())

    assert all(t.get("confidence") is not None for t in targets)
    assert page.count("độ tin cậy") >= len(targets)
    assert "số trong đoạn nhiệm vụ" in page
    doubtful = page[page.index('id="doubtful-0"') :]
    doubtful = doubtful[: doubtful.index("</p>")]
    # least sure first
    assert doubtful.index(f">{targets[1]['id']}<") < doubtful.index(f">{targets[2]['id']}<")
