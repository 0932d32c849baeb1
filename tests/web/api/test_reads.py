"""GET /api/v1/documents/, /targets/ and /evaluations/: the catalogue and its evaluation, for every role."""

import json
from collections.abc import Callable
from dataclasses import fields

import pytest
from django.test import Client

from planwatch.web.catalogue.models import PolicyDocument, Target
from planwatch.web.catalogue.selectors import target_as_record
from planwatch.web.figures.selectors import EvaluationRow

pytestmark = pytest.mark.django_db

ApiAs = Callable[[str], Client]
CliRun = Callable[..., tuple[int, str, str]]


def test_documents_lists_every_document_with_its_parents_and_target_count(api_as: ApiAs) -> None:
    response = api_as("lanhdao").get("/api/v1/documents/")

    assert response.status_code == 200
    documents = {d["doc_id"]: d for d in response.json()}
    assert set(documents) == set(PolicyDocument.objects.values_list("doc_id", flat=True))
    plan = documents["KG-219-KH-UBND"]
    assert set(plan) == {
        "doc_id",
        "number",
        "kind",
        "title",
        "issuer",
        "issued_on",
        "province",
        "is_stub",
        "parents",
        "target_count",
    }
    stored = PolicyDocument.objects.get(doc_id="KG-219-KH-UBND")
    assert plan["number"] == "219/KH-UBND"
    assert plan["issued_on"] == stored.issued_on.isoformat()  # type: ignore[union-attr]
    assert plan["target_count"] == stored.targets.count() > 0
    assert plan["is_stub"] is False
    direct_parent = stored.parent_links.get(position=0).parent.doc_id
    assert plan["parents"][0] == direct_parent
    assert len(plan["parents"]) == stored.parent_links.count()


def test_indicators_are_what_planwatch_indicators_json_prints(api_as: ApiAs, cli: CliRun) -> None:
    response = api_as("lanhdao").get("/api/v1/indicators/")

    assert response.status_code == 200
    assert response.json() == json.loads(cli("indicators", "--json")[1])
    poverty = next(i for i in response.json() if i["code"] == "ho-ngheo")
    assert (poverty["aggregation"], poverty["denominator"], poverty["period_aggregation"]) == (
        "ratio",
        "tong-so-ho-dan-cu",
        "stock",
    )


def test_targets_of_one_document_have_the_cli_fields_and_pk(api_as: ApiAs) -> None:
    response = api_as("yte").get("/api/v1/targets/", {"document": "219/KH-UBND"})

    assert response.status_code == 200
    records = response.json()
    targets = list(Target.objects.filter(document__doc_id="KG-219-KH-UBND").order_by("position"))
    assert [r["pk"] for r in records] == [t.pk for t in targets]
    assert records[0] == {"pk": targets[0].pk, **target_as_record(targets[0])}


def test_targets_without_a_document_cover_the_catalogue(api_as: ApiAs) -> None:
    response = api_as("lanhdao").get("/api/v1/targets/")

    assert response.status_code == 200
    assert len(response.json()) == Target.objects.count()


def test_an_unknown_document_is_404_with_the_closest_numbers(api_as: ApiAs) -> None:
    response = api_as("lanhdao").get("/api/v1/targets/", {"document": "219/KH-UBNDD"})

    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail.startswith("không có văn bản '219/KH-UBNDD' trong danh mục")
    assert "219/KH-UBND" in detail.split("gần giống:")[1]


def test_a_number_two_provinces_share_is_400_listing_both_doc_ids(api_as: ApiAs) -> None:
    response = api_as("lanhdao").get("/api/v1/evaluations/", {"document": "52-CTr/TU"})

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "KG-52-CTr-TU" in detail
    assert "LA-52-CTr-TU" in detail


def test_an_empty_document_parameter_is_400(api_as: ApiAs) -> None:
    response = api_as("lanhdao").get("/api/v1/targets/", {"document": " "})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Tham số document trống")


def test_evaluations_are_what_planwatch_evaluate_json_prints(api_as: ApiAs, cli: CliRun) -> None:
    api_as("quantri").post(
        "/api/v1/values/",
        [
            {"document": "219/KH-UBND", "indicator": "Tuổi thọ trung bình", "year": 2023, "value": 74},
            {"document": "219/KH-UBND", "indicator": "Tuổi thọ trung bình", "year": 2024, "value": "74,1"},
        ],
        content_type="application/json",
    )

    response = api_as("lanhdao").get("/api/v1/evaluations/", {"document": "KG-219-KH-UBND", "as_of": "2024"})
    code, out, _ = cli("evaluate", "--document", "KG-219-KH-UBND", "--as-of", "2024", "--json")

    assert (response.status_code, code) == (200, 0)
    rows = response.json()
    printed = json.loads(out)
    for api_row, cli_row in zip(rows, printed, strict=True):
        assert api_row == cli_row
    assert set(rows[0]) == {f.name for f in fields(EvaluationRow)}
    life = next(r for r in rows if r["indicator"] == "Tuổi thọ trung bình")
    assert (life["latest_year"], life["latest_value"]) == (2024, 74.1)


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("năm-nay", "Tham số as_of: năm 'năm-nay' không phải là số nguyên."),
        ("3025", "Tham số as_of: năm 3025 nằm ngoài khoảng 1990–2100."),
    ],
)
def test_a_bad_as_of_year_is_400(api_as: ApiAs, as_of: str, message: str) -> None:
    response = api_as("lanhdao").get("/api/v1/evaluations/", {"as_of": as_of})

    assert response.status_code == 400
    assert response.json() == {"detail": message}


def test_every_read_endpoint_refuses_other_methods_with_405(api_as: ApiAs) -> None:
    response = api_as("quantri").post("/api/v1/documents/", [], content_type="application/json")

    assert response.status_code == 405
    assert response.json() == {"detail": "Không hỗ trợ phương thức POST ở địa chỉ này."}
