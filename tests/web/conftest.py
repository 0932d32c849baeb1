"""Database fixtures: the built-in catalogue, the whole country's units and every province's departments
are loaded once per test database; each test runs in a transaction rolled back at its end."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import Settings as SettingsWrapper

from planwatch.catalogue import load_catalogue
from planwatch.cli import main
from planwatch.domain.vocabulary import UserRole
from planwatch.web.accounts.services import user_create
from planwatch.web.agencies.services import province_agencies_load
from planwatch.web.api.throttling import throttle_counts_forget
from planwatch.web.catalogue.services import catalogue_load
from planwatch.web.geography.services import country_units_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    with django_db_blocker.unblock():
        catalogue_load(catalogue=load_catalogue())
        # The whole country, as `planwatch init` loads it (~3 s once per test database).
        country_units_load()
        province_agencies_load()


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Login throttling counters, API rate counts and cached evaluations must not leak from one test
    into the next."""
    cache.clear()
    throttle_counts_forget()


@pytest.fixture(autouse=True)
def reports_built_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test's database is one transaction no other thread sees: reports are built in the request
    (tests/web/test_report_builds.py drives the build thread itself)."""
    from planwatch.web.reports import builds

    monkeypatch.setattr(builds, "INLINE", True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: SettingsWrapper) -> None:
    """PBKDF2 costs ~0.3 s per password on purpose; tests need speed, not resistance to cracking."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


TEST_PASSWORD = "mật-khẩu-thử-nghiệm-123"

# username -> (role, agency code, unit code): one user per role, plus a reporter of another agency
# and a commune reporter.
TEST_USERS = {
    "quantri": (UserRole.ADMINISTRATOR, None, None),
    "daumoi": (UserRole.COORDINATOR, "noi-vu-an-giang", None),
    "yte": (UserRole.REPORTER, "y-te-an-giang", None),
    "gddt": (UserRole.REPORTER, "gddt-an-giang", None),
    "phuquoc": (UserRole.REPORTER, None, "an-giang-dac-khu-phu-quoc"),
    "lanhdao": (UserRole.VIEWER, None, None),
}


@pytest.fixture
def users(db: None) -> dict[str, User]:
    """The users of TEST_USERS, created in the test's transaction (password TEST_PASSWORD)."""
    return {
        name: user_create(username=name, role=role, agency=agency, unit_area=unit, password=TEST_PASSWORD)
        for name, (role, agency, unit) in TEST_USERS.items()
    }


ClientAs = Callable[[str], Client]


@pytest.fixture
def client_as(users: dict[str, User]) -> ClientAs:
    """A test client signed in as one of TEST_USERS."""

    def signed_in(username: str) -> Client:
        client = Client()
        client.force_login(users[username])
        return client

    return signed_in


CliRun = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CliRun:
    """Run ``planwatch ARGS…`` in-process on the test database: (exit code, stdout, stderr)."""

    def run(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def values_file(tmp_path: Path) -> Callable[[list[list[str]]], Path]:
    """Write a CSV values file with the import header and the given rows."""

    def write(rows: list[list[str]]) -> Path:
        header = "document,indicator,scope,unit_area,year,value,comment"
        lines = [header] + [",".join(_csv_cell(c) for c in row) for row in rows]
        path = tmp_path / "values.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def _csv_cell(text: str) -> str:
    return f'"{text}"' if any(ch in text for ch in ',"\n') else text


ApproveFigure = Callable[..., None]


@pytest.fixture
def approve_figure() -> ApproveFigure:
    """Write an approved yearly figure of a target's series, as the operator's file import would."""
    from planwatch.domain.periods import Period
    from planwatch.domain.vocabulary import ObservationSource, ValueState
    from planwatch.intake.figures import Figure
    from planwatch.web.figures.services import ObservationWrite, observation_set, series_of

    def write(target: Any, unit: Any, year: int, value: float) -> None:
        observation_set(
            ObservationWrite(
                series=series_of(target),
                unit=unit,
                period=Period.of_year(year),
                figure=Figure(value, None),
                state=ValueState.APPROVED,
                source=ObservationSource.FILE,
                source_detail="test",
                target_key=target.address,
            )
        )

    return write
