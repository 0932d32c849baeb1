"""Round fixtures: the 2026 round of 219/KH-UBND opened by its coordinator (daumoi)."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from planwatch.web.accounts.access import access_scope
from planwatch.web.accounts.services import api_token_create
from planwatch.web.catalogue.selectors import document_get
from planwatch.web.rounds.models import ReportingRound
from planwatch.web.rounds.services import round_open


@pytest.fixture
def round219(users: dict[str, User]) -> ReportingRound:
    coordinator = users["daumoi"]
    return round_open(
        scope=access_scope(coordinator),
        user=coordinator,
        document=document_get("219/KH-UBND"),
        year=2026,
        # The document's own deadline (15/11) may already be past on the day the tests run.
        deadline=timezone.localdate() + timedelta(days=30),
    )


@pytest.fixture
def token_client(users: dict[str, User]) -> Callable[[str], Client]:
    def with_token(username: str) -> Client:
        return Client(headers={"Authorization": f"Bearer {api_token_create(user=users[username])}"})

    return with_token
