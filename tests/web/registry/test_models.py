"""The registry's tables hold the rules no service may bypass."""

import pytest
from django.db import IntegrityError, transaction

from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.registry.models import Household, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(db: None) -> Household:
    commune = AdministrativeUnit.objects.filter(level="commune", valid_to=None).order_by("code").first()
    assert commune is not None
    return Household.objects.create(commune=commune, code="H001", address="Ấp 1", area="nong_thon")


def test_a_person_without_a_personal_id_needs_a_reason(household: Household) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(household=household, full_name="Lê Văn Một")
    person = Person.objects.create(household=household, full_name="Lê Văn Một", no_id_reason="trẻ mới sinh")
    assert person.personal_id is None


def test_a_household_code_is_unique_within_its_commune(household: Household) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.create(commune=household.commune, code="H001", area="do_thi")
    other = (
        AdministrativeUnit.objects.filter(level="commune", valid_to=None)
        .exclude(pk=household.commune_id)
        .first()
    )
    assert other is not None
    assert Household.objects.create(commune=other, code="H001", area="do_thi").pk != household.pk


def test_health_and_disability_are_encrypted_at_rest(household: Household) -> None:
    from django.db import connection

    person = Person.objects.create(
        household=household,
        full_name="Lê Văn Hai",
        no_id_reason="chưa cấp",
        health_notes="tiểu đường",
        disability="khiếm thị",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT health_notes, disability FROM registry_person WHERE id = %s", [person.pk])
        stored = cursor.fetchone()

    assert "tiểu đường" not in stored[0]
    assert "khiếm thị" not in stored[1]
    assert Person.objects.get(pk=person.pk).disability == "khiếm thị"
