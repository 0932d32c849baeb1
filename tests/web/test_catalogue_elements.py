"""The data elements of the catalogue's ratios and weighted means are indicators that observations can
hold, so the built-in ratios roll up once their elements have figures (issue #13, point 1)."""

import json
from datetime import date

import pytest

from planwatch.domain.periods import Period
from planwatch.domain.vocabulary import ObservationSource, ValueState
from planwatch.intake.figures import Figure
from planwatch.web.catalogue.models import Indicator
from planwatch.web.figures import analytics
from planwatch.web.figures.services import ObservationWrite, SeriesKey, observations_write
from planwatch.web.geography.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_copy():
    analytics.forget()
    yield
    analytics.forget()


@pytest.fixture
def communes():
    province = AdministrativeUnit.objects.create(
        code="tinh-phan-tu", name="Tỉnh Phần Tử", level="province", valid_from=date(2025, 7, 1)
    )
    return [
        AdministrativeUnit.objects.create(
            code=f"xa-phan-tu-{n}",
            name=f"Xã Phần Tử {n}",
            level="commune",
            parent=province,
            valid_from=date(2025, 7, 1),
        )
        for n in (1, 2)
    ]


def _writes(code: str, figures: dict[AdministrativeUnit, float]) -> list[ObservationWrite]:
    indicator = Indicator.objects.get(code=code)
    return [
        ObservationWrite(
            series=SeriesKey(indicator.pk, ""),
            unit=unit,
            period=Period.of_year(2026),
            figure=Figure(value, None),
            state=ValueState.APPROVED,
            source=ObservationSource.FILE,
            source_detail="test",
        )
        for unit, value in figures.items()
    ]


def test_every_builtin_ratio_and_weighted_mean_has_a_rule_once_loaded() -> None:
    # given the loaded catalogue, no figure yet
    combined = Indicator.objects.filter(aggregation__in=["ratio", "weighted_mean"], is_element=False)
    # then no ratio or weighted mean is refused for lacking its elements: each answers (nothing yet)
    assert combined.count() == 72
    assert {code: analytics.rollups(code) for code in combined.values_list("code", flat=True)} == {
        code: [] for code in combined.values_list("code", flat=True)
    }


def test_the_poverty_rate_rolls_up_from_its_elements_on_the_command_line(communes, cli) -> None:
    # given poor households and all households of two communes (5 of 100, 45 of 300)
    first, second = communes
    observations_write(
        _writes("so-ho-ngheo-theo-chuan-ngheo-da-chieu", {first: 5.0, second: 45.0})
        + _writes("tong-so-ho-dan-cu", {first: 100.0, second: 300.0})
    )
    # when the province's poverty rate is asked for
    code, out, err = cli("rollup", "ho-ngheo", "--level", "province", "--period", "2026", "--json")
    # then it is 50 of 400 households, 12,5 % — not the mean of the communes' 5 % and 15 %
    rows = json.loads(out)
    assert (code, err) == (0, "")
    assert [(r["unit"], r["value"], r["reported"], r["expected"]) for r in rows] == [
        ("tinh-phan-tu", pytest.approx(12.5), 2, 2)
    ]


def test_a_ratio_is_the_ratio_of_the_summed_elements_not_the_mean_of_rates(communes, cli) -> None:
    first, second = communes
    observations_write(
        _writes("so-bac-si", {first: 2.0, second: 30.0})
        + _writes("dan-so-trung-binh", {first: 10_000.0, second: 30_000.0})
    )
    code, out, _ = cli("rollup", "bac-si", "--level", "province", "--period", "2026", "--json")
    rows = json.loads(out)
    # 32 doctors per 40.000 people = 8 per 10.000 (the communes' 2 and 10 would average 6)
    assert code == 0
    assert [r["value"] for r in rows] == [pytest.approx(8.0)]
