"""API fixtures: a test client that sends one user's API token."""

from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from planwatch.web.accounts.services import api_token_create

ApiAs = Callable[[str], Client]


@pytest.fixture(autouse=True)
def fresh_throttle_counts() -> Iterator[None]:
    """The rate limits count requests in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_as(users: dict[str, User]) -> ApiAs:
    """A client sending ``Authorization: Bearer <token>`` of one of the test users (no session)."""

    def with_token(username: str) -> Client:
        token = api_token_create(user=users[username])
        return Client(headers={"Authorization": f"Bearer {token}"})

    return with_token
