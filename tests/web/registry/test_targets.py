"""The registry's figures reach the targets that use them: the target page of the province's
poverty-rate target shows the commune's rate read against the target, and the province roll-up sums
the commune's poor households and households (decision 0012)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planwatch.web.catalogue.models import Target
from planwatch.web.figures import analytics
from planwatch.web.registry import services

from .conftest import review_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(communes, staff, workbook):
    here, _ = communes
    services.registry_import(workbook(), "danh-sach-ho.xlsx", commune=here, user=staff["canbo"])
    review = services.review_open(here, 2026, user=staff["canbo"])
    lacks = "viec_lam;bao_hiem_y_te;chat_luong_nha_o"
    rows = [("H01", "1200000", lacks), ("H02", "1400000", ""), ("H03", "2000000", ""), ("H04", "3000000", "")]
    services.assessments_import(review, review_workbook(rows), "ra-soat.xlsx", user=staff["canbo"])
    services.review_propose(review, user=staff["canbo"])
    services.review_approve(review, user=staff["chutich"])
    return here


def test_the_province_poverty_target_shows_the_communes_rate(approved, signed_in) -> None:
    target = Target.objects.get(
        document__doc_id="KG-219-KH-UBND", indicator__code="ho-ngheo", disaggregation=""
    )
    url = reverse("targets:detail", args=[target.pk])

    # a leader who sees no personal data still sees the commune's figure on the target
    page = signed_in("lanhdao").get(url, {"xa": approved.code})
    plain = signed_in("lanhdao").get(url)

    assert page.status_code == 200
    assert 'id="commune-figures"' in page.text
    assert f'data-unit="{approved.code}"' in page.text
    assert "25 %" in page.text
    assert 'id="commune-chart"' in page.text
    assert f'data-unit="{approved.code}"' in plain.text  # listed without asking, too
    # and the commune's registry page links to it
    summary = signed_in("canbo").get(reverse("registry:commune", args=[approved.code]))
    assert f"/muc-tieu/{target.pk}/?xa={approved.code}" in summary.text


def test_the_province_rollup_sums_the_registrys_elements(approved) -> None:
    analytics.forget()
    try:
        rows = analytics.rollups("ho-ngheo", level="province", period="2026")
    finally:
        analytics.forget()
    province = next(row for row in rows if row.unit == approved.parent.code and row.disaggregation == "")
    assert province.value == 25.0
    assert province.reported == 1
    assert not province.complete
