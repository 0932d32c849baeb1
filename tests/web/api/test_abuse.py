"""Bad input to the API is a 400 naming the problem, never a 500 and never a stored figure that would
stop the evaluation of everyone else's."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from planwatch.web.catalogue.models import Target
from planwatch.web.figures.models import Observation

pytestmark = pytest.mark.django_db

ApiAs = Callable[[str], Client]


@pytest.fixture
def share() -> Target:
    return Target.objects.filter(responsible_agency__code="y-te-kien-giang", unit="%").order_by("position")[0]


def _post(client: Client, target: Target, value: Any) -> Any:
    row = {
        "document": target.document.doc_id,
        "indicator": target.indicator_name,
        "scope": target.scope or None,
        "year": 2024,
        "value": value,
    }
    return client.post("/api/v1/values/", [row], content_type="application/json")


@pytest.mark.parametrize("value", ["9" * 400, 1e308, "1e308", "１２", "٣٤", "5 0", "130", -1])
def test_a_figure_that_is_not_finite_or_not_plausible_is_refused(
    api_as: ApiAs, share: Target, value: Any
) -> None:
    client = api_as("yte")
    answer = _post(client, share, value)

    assert answer.status_code == 400
    assert [e["row"] for e in answer.json()["errors"]] == [1]
    assert not Observation.objects.exists()
    assert client.get("/api/v1/evaluations/?document=219/KH-UBND").status_code == 200


def test_a_refused_figure_names_the_plausible_range(api_as: ApiAs, share: Target) -> None:
    answer = _post(api_as("yte"), share, 1e308)

    assert "khoảng hợp lý 0–100 %" in answer.json()["errors"][0]["message"]


def test_deeply_nested_json_is_400(api_as: ApiAs) -> None:
    body = "[" * 100_000 + "]" * 100_000
    answer = api_as("yte").post("/api/v1/values/", body, content_type="application/json")

    assert answer.status_code == 400
    assert answer.json() == {"detail": "Nội dung yêu cầu không phải JSON hợp lệ."}


@pytest.mark.parametrize("as_of", ["²", "２０２５", "٢٠٢٥", "2_025", "9" * 5000])
def test_an_as_of_in_other_than_ascii_digits_is_400_on_the_api(api_as: ApiAs, as_of: str) -> None:
    answer = api_as("lanhdao").get("/api/v1/evaluations/", {"as_of": as_of})

    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("Tham số as_of:")


@pytest.mark.parametrize("as_of", ["²", "9" * 5000])
def test_an_odd_as_of_is_never_a_500_on_the_pages(client_as: Callable[[str], Client], as_of: str) -> None:
    client = client_as("lanhdao")
    target = Target.objects.order_by("pk").first()
    assert target is not None
    for path in ("/", f"/muc-tieu/{target.pk}/"):
        assert client.get(path, {"as_of": as_of}).status_code == 200
