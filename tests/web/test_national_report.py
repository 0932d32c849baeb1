"""A document's report reads only its own series in its own territory (issue #13, point 4): the number
of queries and the figures it reads do not grow with the communes of the rest of the country."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.domain.vocabulary import ObservationSource, ValueState
from planwatch.web.catalogue.models import PolicyDocument
from planwatch.web.figures.models import Observation
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.geography.selectors import unit_index
from planwatch.web.reports.selectors import report_facts

pytestmark = pytest.mark.django_db
ELSEWHERE = "Xã Nơi Khác"


def _communes_elsewhere(first: int, last: int, indicator_ids: list[int]) -> None:
    """Communes of a made-up province far from the document's, each with a 2024 figure of every one
    of the document's indicators."""
    province, _ = AdministrativeUnit.objects.get_or_create(
        code="tinh-noi-khac", defaults={"name": "Tỉnh Nơi Khác", "level": "province"}
    )
    communes = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            code=f"noi-khac-{n:04d}", name=f"{ELSEWHERE} {n:04d}", level="commune", parent=province
        )
        for n in range(first, last)
    )
    Observation.objects.bulk_create(
        Observation(
            indicator_id=indicator,
            unit=commune,
            period="2024",
            period_type="year",
            year=2024,
            period_start=date(2023, 12, 15),
            period_end=date(2024, 12, 14),
            value=1.0,
            source=ObservationSource.FILE.value,
            state=ValueState.APPROVED.value,
        )
        for commune in communes
        for indicator in indicator_ids
    )
    unit_index()  # built here, so that neither measured report pays for it


def _report_queries(document: PolicyDocument) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        facts = report_facts(document, 2025, today=date(2026, 1, 15))
    return len(queries), [value.area for value in facts.raw_values]


def test_a_report_asks_as_many_queries_with_1000_communes_elsewhere_as_with_100() -> None:
    document = PolicyDocument.objects.get(doc_id="KG-219-KH-UBND")
    indicators = sorted({t.indicator_id for t in document.targets.all() if t.indicator_id})
    _report_queries(document)  # what a process reads once (agencies, monitors) is read before counting
    # each count below includes reading the changed unit table again, once
    _communes_elsewhere(0, 100, indicators)
    few, areas_few = _report_queries(document)
    _communes_elsewhere(100, 1000, indicators)
    many, areas_many = _report_queries(document)

    assert Observation.objects.filter(unit__code__startswith="noi-khac-").count() == 1000 * len(indicators)
    assert many == few
    # and no figure of the other province reaches the report's annex of raw figures
    assert [area for area in areas_many if area.startswith(ELSEWHERE)] == []
    assert areas_many == areas_few
