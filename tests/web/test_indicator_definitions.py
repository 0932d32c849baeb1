"""Indicator definitions in the database and on the command line (issue #11, point 1)."""

import json
from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from planwatch.catalogue import load_catalogue
from planwatch.web.catalogue.models import Indicator
from planwatch.web.catalogue.services import catalogue_load

CliRun = Callable[..., tuple[int, str, str]]
pytestmark = pytest.mark.django_db


def test_the_loaded_poverty_rate_keeps_its_definition() -> None:
    row = Indicator.objects.get(code="ho-ngheo")

    assert (row.aggregation, row.numerator, row.denominator, row.weight) == (
        "ratio",
        "so-ho-ngheo-theo-chuan-ngheo-da-chieu",
        "tong-so-ho-dan-cu",
        "",
    )
    assert (row.period_aggregation, row.disaggregations) == (
        "stock",
        ["urban_rural", "ethnic_group", "remote_area"],
    )
    assert row.definition
    assert row.reason


def test_every_loaded_indicator_is_defined() -> None:
    assert Indicator.objects.filter(is_element=False).count() == 94
    assert Indicator.objects.filter(is_element=True).count() == 114
    assert list(Indicator.objects.filter(definition="").values_list("code", flat=True)) == []
    assert Indicator.objects.filter(aggregation="ratio", denominator="").count() == 0


def test_loading_again_changes_no_indicator_and_restores_an_edited_definition() -> None:
    # given a definition changed in the database by hand
    Indicator.objects.filter(code="tuoi-tho-trung-binh-cua-nguoi-dan").update(
        aggregation="sum", weight="", disaggregations=["age_group"]
    )
    # when the catalogue is loaded twice
    first = catalogue_load(catalogue=load_catalogue())
    second = catalogue_load(catalogue=load_catalogue())
    # then the first load puts the written definition back, and the second changes nothing
    row = Indicator.objects.get(code="tuoi-tho-trung-binh-cua-nguoi-dan")
    assert (row.aggregation, row.weight, row.disaggregations) == (
        "weighted_mean",
        "dan-so-trung-binh",
        ["sex"],
    )
    assert (first.changed.get("indicator"), first.unchanged.get("indicator")) == (1, 207)
    assert (second.total_created, second.total_changed, second.unchanged.get("indicator")) == (0, 0, 208)


@pytest.mark.parametrize(
    "fields",
    [
        {"aggregation": "ratio", "numerator": "so-dat", "denominator": ""},
        {"aggregation": "weighted_mean", "weight": ""},
    ],
)
def test_the_database_refuses_a_ratio_or_mean_without_its_elements(fields: dict[str, str]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(code="thu", name="Chỉ tiêu thử", direction="up", **fields)


def test_indicators_lists_every_indicator_with_how_it_combines(cli: CliRun) -> None:
    code, out, err = cli("indicators")

    lines = out.splitlines()
    poverty = next(line for line in lines if line.startswith("ho-ngheo "))
    life = next(line for line in lines if line.startswith("tuoi-tho-trung-binh-cua-nguoi-dan "))
    assert (code, err) == (0, "")
    assert lines[0].split()[:2] == ["Mã", "Chỉ"]
    assert "càng thấp càng tốt" in poverty
    assert "tỷ số của hai tổng" in poverty
    assert "số cuối kỳ" in poverty
    assert "thành thị/nông thôn; dân tộc; vùng sâu" in poverty
    assert "bình quân gia quyền theo dan-so-trung-binh" in life
    assert lines[-1] == (
        "94 chỉ tiêu, 74 cộng gộp được theo địa bàn; 114 phần tử dữ liệu (tử số, mẫu số, trọng số)"
    )
    assert len(lines) == 2 + 94 + 114 + 2


def test_indicators_json_names_the_elements_and_the_reason(cli: CliRun) -> None:
    code, out, _ = cli("indicators", "--json")

    records = {r["code"]: r for r in json.loads(out)}
    assert code == 0
    assert len(records) == 94 + 114
    assert records["dan-so-trung-binh"]["element"] is True
    doctors = records["bac-si"]
    assert doctors | {"definition": None, "reason": None} == {
        "code": "bac-si",
        "name": "Số bác sĩ",
        "unit": "người/10.000 dân",
        "definition": None,
        "direction": "up",
        "aggregation": "ratio",
        "numerator": "so-bac-si",
        "denominator": "dan-so-trung-binh",
        "weight": None,
        "period_aggregation": "stock",
        "disaggregations": [],
        "reason": None,
        "lower_limit": 0.0,
        "upper_limit": None,
        "domain": "health",
        "element": False,
    }
    assert "10.000" in doctors["definition"]
    assert "per 10,000 people is the unit" in doctors["reason"]
