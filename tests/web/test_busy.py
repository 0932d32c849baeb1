"""Reads never need the write lock, and a write that waits too long for it is a 503 with Retry-After."""

import re
import time
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from planwatch.web import busy
from planwatch.web.accounts.models import ApiToken
from planwatch.web.accounts.services import api_token_create
from planwatch.web.api import throttling

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]


def test_api_reads_write_nothing_but_a_batched_count_per_second(users: dict[str, User]) -> None:
    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=users['lanhdao'])}"})
    client.get("/api/v1/documents/")  # first use: the token's last use is noted, the counts flushed

    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        for _ in range(20):
            assert client.get("/api/v1/documents/").status_code == 200
        elapsed = time.monotonic() - started

    # At most one flush of the rate counts per elapsed second (each an add or an update of one key).
    assert len(_writes(queries)) <= 2 * (int(elapsed / throttling.FLUSH_SECONDS) + 1)
    assert not [sql for sql in _writes(queries) if "accounts_apitoken" in sql]


def test_page_reads_write_nothing(client_as: ClientAs) -> None:
    client = client_as("lanhdao")
    paths = ("/", "/van-ban/", "/van-ban/KG-219-KH-UBND/", "/?as_of=2025")
    for path in paths:  # the first view after a change computes the evaluation and shares it once
        client.get(path)

    with CaptureQueriesContext(connection) as queries:
        for path in paths:
            assert client.get(path).status_code == 200

    assert _writes(queries) == []


def test_a_busy_database_never_fails_a_read(users: dict[str, User], monkeypatch: pytest.MonkeyPatch) -> None:
    token = api_token_create(user=users["lanhdao"])

    def locked(*args: object, **kwargs: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("django.db.models.query.QuerySet.update", locked)
    monkeypatch.setattr("django.core.cache.backends.db.DatabaseCache.add", locked)
    client = Client(headers={"Authorization": f"Bearer {token}"})

    assert [client.get("/api/v1/documents/").status_code for _ in range(3)] == [200, 200, 200]
    assert ApiToken.objects.get().last_used_at is None  # left for a later, free moment


def test_a_write_that_waited_too_long_is_a_503_with_retry_after_on_the_api(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*args: object, **kwargs: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("planwatch.web.api.apis.values_import_rows", locked)
    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=users['yte'])}"})
    row = {"document": "219/KH-UBND", "indicator": "x", "year": 2024, "value": 1}

    answer = client.post("/api/v1/values/", [row], content_type="application/json")

    assert answer.status_code == 503
    assert answer["Retry-After"] == str(busy.RETRY_AFTER_SECONDS)
    assert answer.json() == {"detail": busy.BUSY_MESSAGE}


def test_a_page_write_that_waited_too_long_is_a_503(
    client_as: ClientAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*args: object, **kwargs: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("planwatch.web.rounds.views.document_get", locked)
    answer = client_as("daumoi").post("/dot-bao-cao/mo/", {"document": "219/KH-UBND", "year": "2026"})

    assert answer.status_code == 503
    assert answer["Retry-After"] == str(busy.RETRY_AFTER_SECONDS)
    assert busy.BUSY_MESSAGE in answer.content.decode()


def test_what_a_middleware_raised_while_the_database_was_busy_is_a_503_too() -> None:
    request = RequestFactory().get("/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        answer = busy.server_error(request)
    assert answer.status_code == 503


def test_other_database_errors_stay_500() -> None:
    request = RequestFactory().get("/")
    try:
        raise OperationalError("no such table: x")
    except OperationalError:
        answer = busy.server_error(request)
    assert answer.status_code == 500
