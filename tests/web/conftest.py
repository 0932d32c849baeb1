"""Database fixtures: the built-in catalogue is loaded once per test database; each test runs in a
transaction rolled back at its end."""

from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_django import DjangoDbBlocker

from planwatch.catalogue import load_catalogue
from planwatch.cli import main
from planwatch.web.catalogue.services import catalogue_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    with django_db_blocker.unblock():
        catalogue_load(catalogue=load_catalogue())


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
