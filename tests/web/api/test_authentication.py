"""Every API path needs a valid token: 401 with a WWW-Authenticate challenge otherwise, never a redirect
to the login page, and a session alone is not enough."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from planwatch.web.accounts.models import ApiToken
from planwatch.web.accounts.services import api_token_create
from planwatch.web.api.throttling import UserRateThrottle

pytestmark = pytest.mark.django_db

ApiAs = Callable[[str], Client]
ClientAs = Callable[[str], Client]

READ_PATHS = [
    "/api/v1/documents/",
    "/api/v1/indicators/",
    "/api/v1/rollups/",
    "/api/v1/targets/",
    "/api/v1/evaluations/",
    "/api/schema/",
]
ROW = {"document": "219/KH-UBND", "indicator": "Tuổi thọ trung bình", "year": 2024, "value": "74,1"}


def _assert_401(response: Any) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"] == 'Bearer realm="planwatch"'


@pytest.mark.parametrize("path", READ_PATHS)
def test_a_read_without_a_token_is_401(path: str) -> None:
    response = Client().get(path)

    _assert_401(response)
    assert response.json() == {"detail": "Cần mã API: gửi tiêu đề 'Authorization: Bearer <mã API>'."}


def test_posting_values_without_a_token_is_401_and_writes_nothing() -> None:
    response = Client().post("/api/v1/values/", [ROW], content_type="application/json")

    _assert_401(response)


@pytest.mark.parametrize("path", READ_PATHS)
def test_a_wrong_token_is_401(path: str, users: dict[str, User]) -> None:
    client = Client(headers={"Authorization": "Bearer pw_not-a-real-token"})

    response = client.get(path)

    _assert_401(response)
    assert response.json() == {"detail": "Mã API không hợp lệ hoặc đã bị thu hồi."}


# A WSGI server hands headers over decoded as latin-1: "mã-có" sent as UTF-8 arrives as "mÃ£-cÃ³".
@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer two words", "Bearer mã-có".encode().decode("latin-1")],
    ids=["no token", "two tokens", "not ascii"],
)
def test_a_malformed_authorization_header_is_401(header: str, users: dict[str, User]) -> None:
    response = Client(headers={"Authorization": header}).get("/api/v1/documents/")

    _assert_401(response)


def test_a_revoked_token_is_401(users: dict[str, User]) -> None:
    token = api_token_create(user=users["yte"])
    ApiToken.objects.filter(user=users["yte"]).update(is_revoked=True)

    response = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/documents/")

    _assert_401(response)


def test_the_token_keyword_is_accepted_as_well_as_bearer(users: dict[str, User]) -> None:
    token = api_token_create(user=users["lanhdao"])

    response = Client(headers={"Authorization": f"Token {token}"}).get("/api/v1/documents/")

    assert response.status_code == 200
    assert ApiToken.objects.get(user=users["lanhdao"]).last_used_at is not None


def test_a_session_without_a_token_is_not_enough(client_as: ClientAs) -> None:
    response = client_as("quantri").get("/api/v1/documents/")

    _assert_401(response)


def test_a_user_without_a_role_is_403() -> None:
    user = User.objects.create_user(username="khongvaitro")
    token = api_token_create(user=user)

    response = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/documents/")

    assert response.status_code == 403
    assert "chưa được gán vai trò" in response.json()["detail"]


def test_too_many_requests_are_429(api_as: ApiAs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute", "anon": "2/minute"})
    client = api_as("lanhdao")

    statuses = [client.get("/api/v1/documents/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/documents/").json()["detail"].startswith("Quá nhiều yêu cầu; hãy thử lại sau")
