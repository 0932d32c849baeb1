"""Agency and unit succession across the 2025 restructuring, on hand-written cases."""

from datetime import date

import pytest

from planwatch.domain.errors import AmbiguousError, NotFoundError
from planwatch.domain.model import AdministrativeUnit, Agency, AgencySuccession, UnitSuccession
from planwatch.domain.succession import (
    agency_responsible_on,
    communes_of_former_unit,
    resolve_agency_name,
    territory_units,
    unit_successors,
    units_on,
)
from planwatch.domain.vocabulary import SuccessionKind, UnitLevel

MARCH = date(2025, 3, 1)
JULY = date(2025, 7, 1)
ND45 = "Nghị định 45/2025/NĐ-CP"
NQ202 = "Nghị quyết 202/2025/QH15"

AGENCIES = (
    Agency(
        "ldtbxh-kg",
        "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang",
        short_name="Sở LĐTBXH",
        province="Kiên Giang",
        valid_to=date(2025, 2, 28),
        aliases=("Sở Lao động - Thương binh và Xã hội",),
    ),
    Agency("noi-vu-kg", "Sở Nội vụ tỉnh Kiên Giang", province="Kiên Giang", valid_to=date(2025, 6, 30)),
    Agency("y-te-kg", "Sở Y tế tỉnh Kiên Giang", province="Kiên Giang", valid_to=date(2025, 6, 30)),
    Agency(
        "nnmt-kg",
        "Sở Nông nghiệp và Môi trường tỉnh Kiên Giang",
        province="Kiên Giang",
        valid_from=MARCH,
        valid_to=date(2025, 6, 30),
    ),
    Agency("nnmt-ag", "Sở Nông nghiệp và Môi trường tỉnh An Giang", province="An Giang", valid_from=JULY),
    Agency("noi-vu-ag", "Sở Nội vụ tỉnh An Giang", province="An Giang", valid_from=JULY),
    Agency("y-te-la", "Sở Y tế tỉnh Long An", province="Long An", valid_to=date(2025, 6, 30)),
    Agency("gone", "Sở Đã giải thể", province="Kiên Giang", valid_to=date(2020, 1, 1)),
)
SUCCESSIONS = (
    AgencySuccession("ldtbxh-kg", "nnmt-kg", "poverty", MARCH, ND45),
    AgencySuccession("ldtbxh-kg", "y-te-kg", "social_protection", MARCH, ND45),
    AgencySuccession("ldtbxh-kg", "noi-vu-kg", "*", MARCH, ND45),
    AgencySuccession("nnmt-kg", "nnmt-ag", "*", JULY, NQ202),
    AgencySuccession("noi-vu-kg", "noi-vu-ag", "*", JULY, NQ202),
)


def _name(code: str, function: str, day: date) -> str:
    return agency_responsible_on(code, function, day, SUCCESSIONS, AGENCIES).code


def test_before_the_reorganisation_the_named_agency_is_responsible() -> None:
    assert _name("ldtbxh-kg", "poverty", date(2025, 2, 28)) == "ldtbxh-kg"


def test_poverty_moves_to_agriculture_then_to_the_merged_province() -> None:
    # given Sở LĐTBXH Kiên Giang and the poverty function
    # when asked on the first day of each change
    # then it walks LĐTBXH -> NN&MT Kiên Giang -> NN&MT An Giang
    assert _name("ldtbxh-kg", "poverty", MARCH) == "nnmt-kg"
    assert _name("ldtbxh-kg", "poverty", JULY) == "nnmt-ag"


def test_a_function_without_its_own_succession_follows_the_rest() -> None:
    # given a function Sở LĐTBXH had that is not listed separately
    # then it goes where "*" goes, through the merger too
    assert _name("ldtbxh-kg", "employment", date(2025, 4, 1)) == "noi-vu-kg"
    assert _name("ldtbxh-kg", "employment", date(2026, 1, 1)) == "noi-vu-ag"


def test_a_function_that_ends_at_a_dissolved_agency_is_not_found() -> None:
    # given social protection, which went to Sở Y tế Kiên Giang, with no merger succession recorded
    # then after 30/6/2025 there is no existing agency to name
    with pytest.raises(NotFoundError, match="Sở Y tế tỉnh Kiên Giang"):
        _name("ldtbxh-kg", "social_protection", JULY)


def test_the_responsible_agency_accepts_a_mapping_of_agencies() -> None:
    by_code = {a.code: a for a in AGENCIES}
    assert agency_responsible_on("noi-vu-kg", "*", JULY, SUCCESSIONS, by_code).code == "noi-vu-ag"


def test_an_unknown_agency_code_is_not_found() -> None:
    with pytest.raises(NotFoundError, match="no-such"):
        _name("no-such", "*", MARCH)


def test_a_cycle_of_successions_is_not_found() -> None:
    cycle = (
        AgencySuccession("a", "b", "*", MARCH, ND45),
        AgencySuccession("b", "a", "*", JULY, ND45),
    )
    with pytest.raises(NotFoundError, match="vòng"):
        agency_responsible_on("a", "*", JULY, cycle, (Agency("a", "A"), Agency("b", "B")))


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Sở LĐTBXH", "ldtbxh-kg"),
        ("Sở Lao động - Thương binh và Xã hội", "ldtbxh-kg"),
        ("sở lao động thương binh và xã hội", "ldtbxh-kg"),
        ("Sở Nội vụ tỉnh Kiên Giang", "noi-vu-kg"),
        ("Sở Y tế Kiên Giang", "y-te-kg"),
    ],
)
def test_resolve_agency_name_uses_aliases_and_normalised_names(written: str, code: str) -> None:
    agency = resolve_agency_name(written, "Kiên Giang", AGENCIES)
    assert agency is not None
    assert agency.code == code


def test_resolve_agency_name_keeps_to_the_province() -> None:
    # given "Sở Y tế tỉnh Kiên Giang" written in a Long An document
    # then it resolves to Long An's own, or nothing
    assert resolve_agency_name("Sở Y tế tỉnh Long An", "Long An", AGENCIES) == AGENCIES[6]
    assert resolve_agency_name("Sở LĐTBXH", "Long An", AGENCIES) is None


def test_collective_subjects_resolve_to_nothing() -> None:
    assert resolve_agency_name("UBND các huyện, thành phố", "Kiên Giang", AGENCIES) is None


def test_a_name_two_agencies_carry_is_ambiguous() -> None:
    twins = (
        Agency("a", "Sở A", province="Kiên Giang", aliases=("Sở X",)),
        Agency("b", "Sở B", province="Kiên Giang", aliases=("Sở X",)),
    )
    with pytest.raises(AmbiguousError, match="Sở A, Sở B"):
        resolve_agency_name("Sở X", "Kiên Giang", twins)


UNITS = (
    AdministrativeUnit(
        "kien-giang",
        "Tỉnh Kiên Giang",
        UnitLevel.PROVINCE,
        valid_to=date(2025, 6, 30),
        territory="kien-giang",
    ),
    AdministrativeUnit(
        "an-giang-cu",
        "Tỉnh An Giang (cũ)",
        UnitLevel.PROVINCE,
        valid_to=date(2025, 6, 30),
        territory="an-giang-cu",
    ),
    AdministrativeUnit(
        "an-giang", "Tỉnh An Giang", UnitLevel.PROVINCE, valid_from=JULY, territory="an-giang"
    ),
    AdministrativeUnit(
        "dia-ban-kien-giang",
        "Địa bàn tỉnh Kiên Giang (cũ)",
        UnitLevel.AREA,
        parent="an-giang",
        valid_from=JULY,
        territory="kien-giang",
    ),
    AdministrativeUnit(
        "phu-quoc", "Thành phố Phú Quốc", UnitLevel.DISTRICT, parent="kien-giang", valid_to=date(2025, 6, 30)
    ),
    AdministrativeUnit(
        "kien-hai", "Huyện Kiên Hải", UnitLevel.DISTRICT, parent="kien-giang", valid_to=date(2025, 6, 30)
    ),
    AdministrativeUnit(
        "hon-dat", "Huyện Hòn Đất", UnitLevel.DISTRICT, parent="kien-giang", valid_to=date(2025, 6, 30)
    ),
    AdministrativeUnit(
        "dk-phu-quoc", "Đặc khu Phú Quốc", UnitLevel.COMMUNE, parent="an-giang", valid_from=JULY
    ),
    AdministrativeUnit(
        "dk-tho-chau", "Đặc khu Thổ Châu", UnitLevel.COMMUNE, parent="an-giang", valid_from=JULY
    ),
    AdministrativeUnit(
        "dk-kien-hai", "Đặc khu Kiên Hải", UnitLevel.COMMUNE, parent="an-giang", valid_from=JULY
    ),
)
UNIT_SUCCESSIONS = (
    UnitSuccession(SuccessionKind.MERGE, ("kien-giang", "an-giang-cu"), ("an-giang",), JULY, NQ202),
    UnitSuccession(SuccessionKind.SPLIT, ("phu-quoc",), ("dk-phu-quoc", "dk-tho-chau"), JULY, NQ202),
    UnitSuccession(SuccessionKind.RENAME, ("kien-hai",), ("dk-kien-hai",), JULY, NQ202),
)


def _codes(units: tuple[AdministrativeUnit, ...]) -> list[str]:
    return sorted(u.code for u in units)


def test_units_on_a_day_before_and_after_the_merger() -> None:
    assert _codes(units_on(date(2025, 6, 30), UNITS)) == [
        "an-giang-cu",
        "hon-dat",
        "kien-giang",
        "kien-hai",
        "phu-quoc",
    ]
    assert _codes(units_on(JULY, UNITS)) == [
        "an-giang",
        "dia-ban-kien-giang",
        "dk-kien-hai",
        "dk-phu-quoc",
        "dk-tho-chau",
    ]


def test_territory_units_join_the_former_province_and_its_area_in_date_order() -> None:
    assert [u.code for u in territory_units("kien-giang", UNITS)] == ["kien-giang", "dia-ban-kien-giang"]


def test_a_unit_that_still_exists_is_its_own_successor() -> None:
    assert _codes(unit_successors("kien-giang", date(2024, 1, 1), UNIT_SUCCESSIONS, UNITS)) == ["kien-giang"]


def test_the_merged_province_succeeds_both_former_ones() -> None:
    assert _codes(unit_successors("kien-giang", JULY, UNIT_SUCCESSIONS, UNITS)) == ["an-giang"]
    assert _codes(unit_successors("an-giang-cu", JULY, UNIT_SUCCESSIONS, UNITS)) == ["an-giang"]


def test_a_split_district_has_two_successors() -> None:
    assert _codes(unit_successors("phu-quoc", JULY, UNIT_SUCCESSIONS, UNITS)) == [
        "dk-phu-quoc",
        "dk-tho-chau",
    ]


def test_a_dissolved_district_without_a_recorded_succession_has_none() -> None:
    assert unit_successors("hon-dat", JULY, UNIT_SUCCESSIONS, UNITS) == ()


def test_unit_successors_of_an_unknown_code_is_not_found() -> None:
    with pytest.raises(NotFoundError, match="nowhere"):
        unit_successors("nowhere", JULY, UNIT_SUCCESSIONS, UNITS)


def test_communes_of_a_former_province_come_through_its_districts() -> None:
    assert _codes(communes_of_former_unit("kien-giang", UNIT_SUCCESSIONS, UNITS)) == [
        "dk-kien-hai",
        "dk-phu-quoc",
        "dk-tho-chau",
    ]


def test_communes_of_a_former_district() -> None:
    assert _codes(communes_of_former_unit("phu-quoc", UNIT_SUCCESSIONS, UNITS)) == [
        "dk-phu-quoc",
        "dk-tho-chau",
    ]


def test_communes_of_a_province_that_did_not_lose_land_to_them_are_none() -> None:
    assert communes_of_former_unit("an-giang-cu", UNIT_SUCCESSIONS, UNITS) == ()
