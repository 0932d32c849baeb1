"""Login is required everywhere: every page sends an anonymous visitor to the login page, and every API
path answers 401 in JSON (no redirect) until a token is given. Public: the login page, the language
switch and nothing else."""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = {"/dang-nhap/", "/i18n/setlang/"}

# Any value of the right shape: the middleware answers before the view looks anything up.
SAMPLE_ARGUMENTS = {"int": "1", "slug": "KG-219-KH-UBND", "str": "x", "path": "x/y", "uuid": "0" * 32}


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "/") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route, pattern


def _address(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGUMENTS[m.group(1) or "str"], route)


ROUTES = sorted((_address(route), pattern) for route, pattern in _routes(get_resolver().url_patterns))
API = [address for address, _ in ROUTES if address.startswith("/api/")]
PAGES = [address for address, _ in ROUTES if not address.startswith("/api/") and address not in PUBLIC_PAGES]


def test_only_the_login_page_the_language_switch_and_the_api_skip_the_login_check() -> None:
    without_login = {a for a, p in ROUTES if getattr(p.callback, "login_required", True) is False}

    assert without_login == PUBLIC_PAGES | set(API)
    assert (
        len(API) == 12
    )  # issue #5 added the rounds paths (open, get, submit, close, resume); #11 indicators; #13 rollups
    assert {"/", "/van-ban/", "/van-ban/KG-219-KH-UBND/", "/muc-tieu/1/"} <= set(PAGES)


@pytest.mark.parametrize("address", PAGES)
def test_every_page_sends_an_anonymous_visitor_to_the_login_page(address: str) -> None:
    response = Client().get(address)

    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


@pytest.mark.parametrize("address", API)
def test_every_api_path_answers_401_json_to_an_anonymous_caller(address: str) -> None:
    client = Client()

    responses = [client.get(address), client.post(address, [], content_type="application/json")]

    for response in responses:
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()
