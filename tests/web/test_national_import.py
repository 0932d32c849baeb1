"""A values import costs the same per row whatever the number of units it names (issue #13, point 3):
the unit index is read once per file, not once per unit."""

from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.web.figures.models import Observation
from planwatch.web.figures.services import values_import
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.geography.selectors import unit_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes() -> list[str]:
    """A thousand communes of one made-up province (codes)."""
    province = AdministrativeUnit.objects.create(
        code="tinh-nghin-xa", name="Tỉnh Nghìn Xã", level="province", valid_from=date(2025, 7, 1)
    )
    AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            code=f"xa-so-{n:04d}",
            name=f"Xã Số {n:04d}",
            level="commune",
            parent=province,
            valid_from=date(2025, 7, 1),
        )
        for n in range(1000)
    )
    unit_index()  # built once here, so neither import below pays for it
    return [f"xa-so-{n:04d}" for n in range(1000)]


def _import(tmp_path: Path, indicator: str, codes: list[str]) -> int:
    path = tmp_path / f"{indicator}-{len(codes)}.csv"
    lines = ["indicator,unit_area,period,value"] + [
        f"{indicator},{c},2026,{100 + n}" for n, c in enumerate(codes)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with CaptureQueriesContext(connection) as queries:
        result = values_import(path=path)
    assert result.created == len(codes)
    return len(queries)


def test_importing_figures_of_1000_communes_asks_as_many_queries_as_of_100(
    communes: list[str], tmp_path: Path
) -> None:
    few = _import(tmp_path, "dan-so-trung-binh", communes[:100])
    many = _import(tmp_path, "tong-so-ho-dan-cu", communes)

    assert many == few
    assert Observation.objects.filter(unit__code__startswith="xa-so-").count() == 1100
