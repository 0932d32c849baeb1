"""The whole country, before and after 01/7/2025, as `planwatch init` loads it (issue #12)."""

import json
import time

import pytest
from pytest_django import DjangoAssertNumQueries
from tests.web.conftest import CliRun

from planwatch.domain.errors import AmbiguousError, NotFoundError
from planwatch.domain.periods import Period, PeriodType
from planwatch.web.geography.models import AdministrativeUnit, UnitShare
from planwatch.web.geography.selectors import (
    communes_of_former,
    unit_for_period,
    unit_for_year,
    unit_history,
    unit_resolve,
)
from planwatch.web.geography.services import country_units_load

pytestmark = pytest.mark.django_db


def _count(cli: CliRun, *args: str) -> int:
    code, out, err = cli("units", *args, "--json")
    assert (code, err) == (0, "")
    return len(json.loads(out))


def test_the_units_in_force_the_day_before_and_the_day_of_the_reform(cli: CliRun) -> None:
    before = "2025-06-30"
    assert _count(cli, "--on", before, "--level", "province") == 63
    assert _count(cli, "--on", before, "--level", "district") == 696
    # 10,035 communes; the package's 10,040 rows add the 5 island districts that have none.
    assert _count(cli, "--on", before, "--level", "commune") == 10_035
    island = AdministrativeUnit.objects.filter(level="district", valid_to="2025-06-30", children=None)
    assert island.count() == 5

    after = "2025-07-01"
    assert _count(cli, "--on", after, "--level", "province") == 34
    assert _count(cli, "--on", after, "--level", "district") == 0
    assert _count(cli, "--on", after, "--level", "commune") == 3_321
    assert _count(cli, "--on", after, "--level", "commune", "--within", "An Giang") == 102
    assert _count(cli, "--on", after, "--within", "91") == 102


def test_json_lists_one_object_per_unit_with_its_codes_and_name(cli: CliRun) -> None:
    code, out, _ = cli("units", "--on", "2025-07-01", "--level", "province", "--json")
    provinces = {p["official_code"]: p for p in json.loads(out)}
    assert code == 0
    assert provinces["91"]["name"] == "Tỉnh An Giang"
    assert provinces["91"]["code"] == "an-giang"  # the catalogue's unit, not a duplicate
    assert provinces["01"]["valid_from"] == "2025-07-01"


def test_every_former_kien_giang_commune_maps_into_the_new_an_giang() -> None:
    kien_giang = AdministrativeUnit.objects.get(code="kien-giang")
    old_communes = AdministrativeUnit.objects.filter(level="commune", parent__parent=kien_giang)
    assert old_communes.count() == 143
    an_giang = AdministrativeUnit.objects.get(code="an-giang")
    for commune in old_communes:
        successors = unit_history(commune).successors
        assert successors, commune.name
        assert {link.unit.parent_id for link in successors} == {an_giang.pk}, commune.name
    new_communes = communes_of_former(kien_giang)
    assert len(new_communes) == 48
    assert {c.parent_id for c in new_communes} == {an_giang.pk}


def test_a_divided_commune_shows_its_assumed_shares_by_area(cli: CliRun) -> None:
    share = UnitShare.objects.select_related("predecessor").order_by("predecessor__code").first()
    assert share is not None
    parts = UnitShare.objects.filter(predecessor=share.predecessor)
    assert parts.count() >= 2
    assert sum(p.share for p in parts) == pytest.approx(1.0, abs=1e-5)
    assert {(p.basis, p.assumed) for p in parts} == {("area", True)}

    code, out, _ = cli("units", "--history", share.predecessor.code)

    assert code == 0
    assert "trở thành:" in out
    assert out.count("theo area, giả định") == parts.count()


def test_names_resolve_with_or_without_level_word_diacritics_and_old_spellings() -> None:
    kien_giang = AdministrativeUnit.objects.get(code="kien-giang")
    assert unit_resolve("Tỉnh Kiên Giang") == kien_giang
    assert unit_resolve("Kiên Giang") == kien_giang
    assert unit_resolve("tinh kien giang") == kien_giang
    khanh_hoa = unit_resolve("Tỉnh Khánh Hoà", on=Period.of_year(2026).end)
    assert (khanh_hoa.name, khanh_hoa.official_code) == ("Tỉnh Khánh Hòa", "56")
    assert unit_resolve("Xã Thổ Châu").code == "vn63-31105"
    assert unit_resolve("Thổ Châu, Kiên Giang").code == "vn63-31105"


def test_an_ambiguous_name_lists_the_candidates_with_their_codes() -> None:
    with pytest.raises(AmbiguousError) as raised:
        unit_resolve("Kien Giang")  # the province, and the town (thị trấn) of Kiến Giang
    message = str(raised.value)
    assert "Tỉnh Kiên Giang" in message
    assert "[kien-giang]" in message
    assert "Thị trấn Kiến Giang" in message
    assert "hãy ghi mã đơn vị" in message
    with pytest.raises(NotFoundError):
        unit_resolve("Tỉnh Không Có")


def test_a_district_takes_first_half_2025_figures_and_refuses_second_half_ones() -> None:
    first_half = Period(2025, PeriodType.HALF, 1)
    second_half = Period(2025, PeriodType.HALF, 2)

    assert unit_for_period("Huyện Kiên Hải", first_half).code == "kien-giang-huyen-kien-hai"
    assert unit_for_year("Huyện Kiên Hải", 2024).code == "kien-giang-huyen-kien-hai"
    with pytest.raises(NotFoundError) as raised:
        unit_for_period("Huyện Kiên Hải", second_half)
    assert str(raised.value) == (
        "'Huyện Kiên Hải' không còn tồn tại vào 14/12/2025 (hết hiệu lực 30/06/2025), "
        "ngày chốt số liệu 6 tháng cuối năm 2025"
    )


def test_resolving_a_name_costs_the_same_few_statements_however_many_units(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    unit_for_year("Đặc khu Phú Quốc", 2026)  # builds the process's index once
    # then one small statement per row (is the unit table unchanged?), none reading the units
    with django_assert_max_num_queries(20):
        for _ in range(20):
            unit_for_year("Đặc khu Phú Quốc", 2026)


def test_a_second_load_changes_nothing_and_is_quick() -> None:
    started = time.perf_counter()
    counts = country_units_load()
    elapsed = time.perf_counter() - started

    assert (counts.total_created, counts.total_changed) == (0, 0)
    assert sum(counts.unchanged.values()) > 14_000
    assert elapsed < 30


def test_units_about_names_the_package_and_its_version(cli: CliRun) -> None:
    code, out, _ = cli("units", "--about")
    assert code == 0
    assert "vietnamadminunits 1.0.4" in out


def test_an_unknown_unit_is_one_sentence_and_exit_code_2(cli: CliRun) -> None:
    code, out, err = cli("units", "--history", "vn34-99999")
    assert (code, out) == (2, "")
    assert err == "planwatch: không có đơn vị hành chính 'vn34-99999'\n"
