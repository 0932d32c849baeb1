"""Who sees which commune's personal data, and who sees identifiers unmasked: each role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from planwatch.domain.vocabulary import UnitLevel
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.privacy.selectors import (
    communes_visible_to,
    may_read_access_log,
    may_see_commune,
    may_see_identifiers,
)

pytestmark = pytest.mark.django_db

PURPOSE = "Đối chiếu danh sách chi trả tháng 3 với ngân hàng"


def _codes(user: User) -> set[str] | None:
    visible = communes_visible_to(user)
    return None if visible is None else set(visible.values_list("code", flat=True))


@pytest.mark.parametrize("name", ["canbo", "chutich"])
def test_commune_staff_see_their_own_commune_and_no_other(
    people: dict[str, User], name: str, commune: AdministrativeUnit, neighbour: AdministrativeUnit
) -> None:
    assert _codes(people[name]) == {commune.code}
    assert may_see_commune(people[name], commune)
    assert not may_see_commune(people[name], neighbour)


@pytest.mark.parametrize("name", ["canbo.tinh", "canbo.khong"])
def test_commune_staff_whose_unit_is_not_a_commune_see_nothing(people: dict[str, User], name: str) -> None:
    assert _codes(people[name]) == set()


def test_a_provincial_coordinator_sees_every_commune_of_the_province_and_none_beyond(
    people: dict[str, User],
    commune: AdministrativeUnit,
    neighbour: AdministrativeUnit,
    elsewhere: AdministrativeUnit,
) -> None:
    codes = _codes(people["daumoi"])
    assert codes is not None
    assert {commune.code, neighbour.code} <= codes
    assert elsewhere.code not in codes
    province_communes = AdministrativeUnit.objects.filter(
        parent=commune.parent, level=UnitLevel.COMMUNE.value
    )
    assert codes == set(province_communes.values_list("code", flat=True))
    assert (
        not AdministrativeUnit.objects.filter(code__in=codes).exclude(level=UnitLevel.COMMUNE.value).exists()
    )


def test_an_administrator_sees_every_commune(people: dict[str, User], elsewhere: AdministrativeUnit) -> None:
    assert communes_visible_to(people["quantri"]) is None
    assert may_see_commune(people["quantri"], elsewhere)


def test_a_superuser_counts_as_an_administrator(db: None) -> None:
    root = User.objects.create_superuser("goc", password="x")
    assert communes_visible_to(root) is None


@pytest.mark.parametrize("name", ["dpo", "lanhdao", "yte"])
def test_the_dpo_viewers_and_reporters_see_no_commune(
    people: dict[str, User], name: str, commune: AdministrativeUnit
) -> None:
    assert _codes(people[name]) == set()
    assert not may_see_commune(people[name], commune)


def test_an_anonymous_visitor_sees_no_commune(db: None) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert _codes(AnonymousUser()) == set()  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["canbo", "chutich"])
def test_commune_staff_see_their_communes_identifiers_unmasked_and_no_others(
    people: dict[str, User], name: str, commune: AdministrativeUnit, neighbour: AdministrativeUnit
) -> None:
    assert may_see_identifiers(people[name], None, unit=commune)
    assert not may_see_identifiers(people[name], PURPOSE, unit=neighbour)


@pytest.mark.parametrize("name", ["daumoi", "quantri"])
def test_province_staff_see_identifiers_only_with_a_stated_purpose(
    people: dict[str, User], name: str, commune: AdministrativeUnit
) -> None:
    assert not may_see_identifiers(people[name], None)
    assert not may_see_identifiers(people[name], "  xem  ")
    assert not may_see_identifiers(people[name], "kiểmtraaaaaaa")  # one word
    assert may_see_identifiers(people[name], PURPOSE)
    assert may_see_identifiers(people[name], PURPOSE, unit=commune)


def test_a_coordinator_never_sees_identifiers_of_another_province(
    people: dict[str, User], elsewhere: AdministrativeUnit
) -> None:
    assert not may_see_identifiers(people["daumoi"], PURPOSE, unit=elsewhere)


@pytest.mark.parametrize("name", ["dpo", "lanhdao", "yte", "canbo.khong"])
def test_other_roles_never_see_identifiers_even_with_a_purpose(
    people: dict[str, User], name: str, commune: AdministrativeUnit
) -> None:
    assert not may_see_identifiers(people[name], PURPOSE)
    assert not may_see_identifiers(people[name], PURPOSE, unit=commune)


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("dpo", True),
        ("quantri", True),
        ("daumoi", False),
        ("yte", False),
        ("lanhdao", False),
        ("canbo", False),
        ("chutich", False),
    ],
)
def test_only_the_dpo_and_the_administrator_read_the_log(
    people: dict[str, User], name: str, allowed: bool
) -> None:
    assert may_read_access_log(people[name]) is allowed
