"""POST /api/v1/values/: every row or none; 400 lists every bad row, 403 every row outside the caller's
agency or unit; the user is recorded on the figures and in their history."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from planwatch.web.catalogue.models import Target
from planwatch.web.figures.models import Observation, ObservationRevision
from planwatch.web.figures.services import observations_of

pytestmark = pytest.mark.django_db

ApiAs = Callable[[str], Client]
Row = dict[str, Any]


def _percentage_target(named_agency: str) -> Target:
    """A share target the document gives to ``named_agency``, its name unique in its document."""
    for target in Target.objects.filter(responsible_agency__code=named_agency, unit="%").order_by("position"):
        if Target.objects.filter(document=target.document, indicator_name=target.indicator_name).count() == 1:
            return target
    raise AssertionError(f"no percentage target named for {named_agency} in the catalogue")


def _row(target: Target, year: int | str, value: Any, **more: Any) -> Row:
    row = {
        "document": target.document.doc_id,
        "indicator": target.indicator_name,
        "year": year,
        "value": value,
    }
    return row | more


@pytest.fixture
def health() -> Target:
    """A target of 219/KH-UBND for Sở Y tế Kiên Giang, which Sở Y tế An Giang continues since 2025."""
    return _percentage_target("y-te-kien-giang")


@pytest.fixture
def education() -> Target:
    """A target of 219/KH-UBND for Sở GDĐT Kiên Giang (today Sở GDĐT An Giang)."""
    return _percentage_target("gddt-kien-giang")


def _post(client: Client, body: Any) -> Any:
    return client.post("/api/v1/values/", body, content_type="application/json")


def test_a_reporter_sends_figures_recorded_as_submitted_with_their_name(
    api_as: ApiAs, users: dict[str, User], health: Target
) -> None:
    body = [
        _row(health, 2023, "50,5", comment="Niên giám thống kê"),
        _row(health, "2024", 0.125),  # a JSON number: 0.125, never "0.125" read as 125 thousands-dotted
    ]

    response = _post(api_as("yte"), body)

    assert response.status_code == 201
    assert response.json() == {"rows": 2, "created": 2, "changed": 0, "unchanged": 0, "proposed": 0}
    values = list(observations_of(health).order_by("year"))
    assert [(v.year, v.value, v.state, v.updated_by) for v in values] == [
        (2023, 50.5, "submitted", users["yte"]),
        (2024, 0.125, "submitted", users["yte"]),
    ]
    assert values[0].comment == "Niên giám thống kê"
    assert values[0].unit.code == "kien-giang"  # no unit_area: the document's province as it stood
    revisions = ObservationRevision.objects.order_by("id")
    assert [(r.changed_by, r.source, r.new_state) for r in revisions] == [
        (users["yte"], "API, dòng 1", "submitted"),
        (users["yte"], "API, dòng 2", "submitted"),
    ]


def test_sending_the_same_figures_again_changes_nothing_and_a_new_one_keeps_the_old(
    api_as: ApiAs, health: Target
) -> None:
    client = api_as("yte")
    _post(client, [_row(health, 2024, 60)])

    again = _post(client, [_row(health, 2024, 60)])
    changed = _post(client, [_row(health, 2024, "61,5")])

    assert again.json() == {"rows": 1, "created": 0, "changed": 0, "unchanged": 1, "proposed": 0}
    assert changed.json() == {"rows": 1, "created": 0, "changed": 1, "unchanged": 0, "proposed": 0}
    value = observations_of(health).get()
    assert [(r.old_value, r.new_value) for r in value.revisions.order_by("id")] == [
        (None, 60.0),
        (60.0, 61.5),
    ]


@pytest.mark.parametrize("username", ["quantri", "daumoi"])
def test_the_administrator_and_the_documents_coordinator_write_approved_figures(
    api_as: ApiAs, username: str, education: Target
) -> None:
    response = _post(api_as(username), [_row(education, 2024, 90)])

    assert response.status_code == 201
    assert observations_of(education).get().state == "approved"


def test_a_viewer_may_not_send_figures(api_as: ApiAs, health: Target) -> None:
    response = _post(api_as("lanhdao"), [_row(health, 2024, 60)])

    assert response.status_code == 403
    assert response.json() == {"detail": "Vai trò của bạn chỉ được xem, không được nhập số liệu."}
    assert not Observation.objects.exists()


def test_a_health_reporter_gets_403_on_an_education_target_and_nothing_is_written(
    api_as: ApiAs, health: Target, education: Target
) -> None:
    response = _post(api_as("yte"), [_row(health, 2024, 60), _row(education, 2024, 90)])

    assert response.status_code == 403
    answer = response.json()
    assert answer["detail"].startswith("Không ghi số liệu nào: 1 dòng bị từ chối, có dòng ngoài phạm vi")
    assert [e["row"] for e in answer["errors"]] == [2]
    assert f"'{education.indicator_name}'" in answer["errors"][0]["message"]
    assert "do cơ quan hoặc địa bàn khác theo dõi" in answer["errors"][0]["message"]
    assert not Observation.objects.exists()


def test_a_403_also_lists_the_bad_rows_so_that_one_answer_names_everything(
    api_as: ApiAs, health: Target, education: Target
) -> None:
    response = _post(api_as("gddt"), [_row(education, 3025, 90), _row(health, 2024, 60)])

    assert response.status_code == 403
    errors = response.json()["errors"]
    assert [e["row"] for e in errors] == [1, 2]
    assert errors[0]["message"] == "năm 3025 nằm ngoài khoảng 1990–2100"


def test_a_commune_reporter_writes_for_their_commune_only(api_as: ApiAs, health: Target) -> None:
    client = api_as("phuquoc")

    own = _post(client, [_row(health, 2025, 70, unit_area="Đặc khu Phú Quốc")])
    other = _post(client, [_row(health, 2025, 71, unit_area="Đặc khu Kiên Hải")])
    province = _post(client, [_row(health, 2024, 72)])

    assert own.status_code == 201
    assert (other.status_code, province.status_code) == (403, 403)
    assert "tại Đặc khu Kiên Hải" in other.json()["errors"][0]["message"]
    assert [(v.unit.code, v.value) for v in Observation.objects.all()] == [
        ("an-giang-dac-khu-phu-quoc", 70.0)
    ]


def test_every_bad_row_is_listed_with_its_number_and_nothing_is_written(
    api_as: ApiAs, health: Target
) -> None:
    body = [
        _row(health, 2023, "50,5"),  # 1: good
        _row(health, 2024, "130"),  # 2: impossible share
        _row(health, 2024, "1", indicator="Tỉ lệ không có"),  # 3: unknown indicator
        _row(health, "năm ngoái", "1"),  # 4: year
        {"document": "219/KH-UBND", "indicator": health.indicator_name, "year": 2022},  # 5: no value
        _row(health, 2022, True),  # 6: a boolean is no figure
        _row(health, 2022, "1", source="Cục Thống kê"),  # 7: unknown field
        "219/KH-UBND;2022;1",  # 8: not an object
        _row(health, 2023, "51"),  # 9: same target, unit and year as row 1
        _row(health, 2022, "1", document="99/KH-UBND"),  # 10: unknown document
    ]

    response = _post(api_as("yte"), body)

    assert response.status_code == 400
    answer = response.json()
    assert answer["detail"] == "Không ghi số liệu nào: 9 dòng bị từ chối."
    messages = {e["row"]: e["message"] for e in answer["errors"]}
    assert sorted(messages) == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert messages[2] == "130 % không thể xảy ra: lớn hơn 100 (khoảng hợp lý 0–100 %)"
    assert messages[3].startswith("văn bản 219/KH-UBND không có chỉ tiêu 'Tỉ lệ không có'")
    assert messages[4] == "năm 'năm ngoái' không phải là số nguyên"
    assert messages[5] == "value: thiếu trường này"
    assert messages[6] == "value: phải là số hoặc chuỗi ký tự"
    assert messages[7].startswith("trường lạ: source (các trường: document, target, indicator, scope,")
    assert messages[8] == (
        'mỗi dòng phải là một đối tượng JSON {"document": …, "indicator": …, …}, không phải str'
    )
    assert messages[9] == "trùng với dòng 1 (cùng chỉ tiêu, địa bàn và kỳ)"
    assert messages[10].startswith("không có văn bản '99/KH-UBND'")
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ([], "Danh sách dòng số liệu rỗng: không có gì để ghi."),
        ({"document": "219/KH-UBND"}, "Nội dung phải là một danh sách JSON các dòng số liệu"),
        ('"219/KH-UBND"', "Nội dung phải là một danh sách JSON các dòng số liệu"),
        ([{}] * 5001, "Tối đa 5.000 dòng mỗi yêu cầu (nhận được 5.001); hãy chia thành nhiều yêu cầu."),
    ],
    ids=["empty list", "an object", "a string", "too many rows"],
)
def test_a_body_that_is_not_a_list_of_rows_is_400(api_as: ApiAs, body: Any, detail: str) -> None:
    response = _post(api_as("yte"), body)

    assert response.status_code == 400
    assert response.json()["detail"].startswith(detail)
    assert "errors" not in response.json()


def test_text_that_is_not_json_is_400(api_as: ApiAs) -> None:
    response = api_as("yte").post("/api/v1/values/", "[{document: 219}", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "Nội dung yêu cầu không phải JSON hợp lệ."}


def test_a_form_or_a_csv_body_is_415(api_as: ApiAs) -> None:
    response = api_as("yte").post("/api/v1/values/", "document,indicator\n", content_type="text/csv")

    assert response.status_code == 415
    assert response.json()["detail"].startswith("Chỉ nhận nội dung JSON")


def test_a_body_above_the_size_limit_is_refused_before_it_is_read(api_as: ApiAs, health: Target) -> None:
    response = api_as("yte").post(
        "/api/v1/values/",
        [_row(health, 2024, 60)],
        content_type="application/json",
        CONTENT_LENGTH="20000000",
    )

    assert response.status_code == 413
    assert not Observation.objects.exists()
