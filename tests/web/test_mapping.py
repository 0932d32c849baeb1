"""Domain objects survive the trip into the database and back unchanged."""

from dataclasses import replace

import pytest

from planwatch.catalogue import load_catalogue
from planwatch.web.agencies.models import Agency
from planwatch.web.catalogue import mapping
from planwatch.web.catalogue.models import Baseline, Indicator, PolicyDocument, ReportingDuty, Target
from planwatch.web.geography.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_documents_targets_and_indicators_read_back_as_loaded() -> None:
    catalogue = load_catalogue()

    documents = {mapping.document_to_domain(row) for row in PolicyDocument.objects.all()}
    targets = {
        mapping.target_to_domain(row) for row in Target.objects.select_related("document", "indicator")
    }
    indicators = {mapping.indicator_to_domain(row) for row in Indicator.objects.all()}

    assert documents == set(catalogue.documents)
    assert targets == set(catalogue.targets)
    assert indicators == set(catalogue.indicators)


def test_baselines_duties_agencies_and_units_read_back_as_loaded() -> None:
    catalogue = load_catalogue()

    baselines = [
        mapping.baseline_to_domain(row) for row in Baseline.objects.order_by("document__pk", "position")
    ]
    duties = {mapping.duty_to_domain(row) for row in ReportingDuty.objects.select_related("document")}
    # The catalogue's own agencies; every province's generated departments come beside them.
    agencies = {
        mapping.agency_to_domain(row)
        for row in Agency.objects.filter(code__in=[a.code for a in catalogue.agencies])
    }
    # The catalogue's own units; the whole country's load adds the others and their official codes.
    units = {
        replace(mapping.unit_to_domain(row), official_code=None)
        for row in AdministrativeUnit.objects.select_related("parent").filter(
            code__in=[u.code for u in catalogue.units]
        )
    }

    assert sorted(baselines, key=repr) == sorted(catalogue.baselines, key=repr)
    assert duties == set(catalogue.reporting_duties)
    assert agencies == set(catalogue.agencies)
    assert units == set(catalogue.units)
