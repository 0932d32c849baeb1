"""Login throttling behind a reverse proxy: counted per username and per real client address, slots
taken atomically, and one locked username or address locks nobody else out."""

import threading

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.web.conftest import TEST_PASSWORD

from planwatch.web.accounts.throttle import (
    MAX_ADDRESS_FAILURES,
    MAX_FAILURES,
    client_address,
    login_attempt_begin,
)

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"  # nginx on the same machine: every request arrives from it


def _login(username: str, password: str, client_ip: str) -> int:
    """One login through the proxy, which appends the client's address to X-Forwarded-For."""
    answer = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_ip).post(
        "/dang-nhap/", {"username": username, "password": password}
    )
    return answer.status_code


@pytest.fixture
def behind_one_proxy(settings: SettingsWrapper) -> None:
    settings.PLANWATCH_TRUSTED_PROXIES = 1


def test_one_user_s_wrong_passwords_do_not_lock_out_the_province(
    users: dict[str, User], behind_one_proxy: None
) -> None:
    for _ in range(MAX_FAILURES):
        assert _login("yte", "sai", "10.0.0.5") == 200  # the form again, with its error

    assert _login("yte", TEST_PASSWORD, "10.0.0.5") == 429  # that username waits
    assert _login("lanhdao", TEST_PASSWORD, "10.0.0.9") == 302  # everyone else signs in
    assert _login("gddt", TEST_PASSWORD, "10.0.0.5") == 302  # even from the same address


def test_one_address_trying_many_usernames_is_stopped_and_only_it(
    users: dict[str, User], behind_one_proxy: None
) -> None:
    for n in range(MAX_ADDRESS_FAILURES):
        assert _login(f"doan-{n}", "sai", "10.0.0.66") == 200

    assert _login("lanhdao", TEST_PASSWORD, "10.0.0.66") == 429
    assert _login("lanhdao", TEST_PASSWORD, "10.0.0.7") == 302


def test_a_success_forgets_the_username_s_failures(users: dict[str, User], behind_one_proxy: None) -> None:
    for _ in range(MAX_FAILURES - 1):
        _login("yte", "sai", "10.0.0.5")
    assert _login("yte", TEST_PASSWORD, "10.0.0.5") == 302
    for _ in range(MAX_FAILURES - 1):
        assert _login("yte", "sai", "10.0.0.5") == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "198.51.100.1"),  # no proxy trusted: the header is the client's own words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # what the client wrote stays to the left
        (2, "6.6.6.6, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
        (1, "not-an-address", "198.51.100.1"),
        (1, "", "198.51.100.1"),
    ],
)
def test_the_client_address_is_the_one_the_trusted_proxies_saw(
    settings: SettingsWrapper, proxies: int, forwarded: str, expected: str
) -> None:
    settings.PLANWATCH_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_parallel_attempts_get_no_more_checks_than_the_limit(settings: SettingsWrapper) -> None:
    # A cache whose add is atomic across threads, as the database table's unique key is across processes.
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle-race"},
    }
    caches["shared"].clear()
    granted: list[bool] = []
    start = threading.Barrier(40)

    def attempt(n: int) -> None:
        start.wait()
        granted.append(login_attempt_begin("yte", f"10.0.1.{n}") is not None)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert granted.count(True) == MAX_FAILURES


def test_the_database_cache_grants_each_slot_once() -> None:
    granted = [login_attempt_begin("yte", "10.0.2.1") is not None for _ in range(MAX_FAILURES + 3)]
    assert granted == [True] * MAX_FAILURES + [False] * 3
