"""``planwatch registry synthetic``: a province's illustrative registry written in bulk, classified by
the core's rule, its figures marked illustrative; a second run replaces it; real households refuse it;
the number of queries does not grow with the households."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from planwatch.registry.identity import person_match_key
from planwatch.registry.poverty import HouseholdSurvey, classify
from planwatch.registry.rules import AreaType
from planwatch.web.figures.models import Observation
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.registry.models import (
    Household,
    HouseholdAssessment,
    Person,
    PovertyReview,
    ReviewDecision,
)
from planwatch.web.registry.synthetic import SYSTEM_USER, synthetic_load

pytestmark = pytest.mark.django_db


def _small_province() -> AdministrativeUnit:
    """The province in force with the fewest communes in force (keeps the test quick)."""
    in_force = Q(children__level="commune", children__valid_to=None)
    found = (
        AdministrativeUnit.objects.filter(level="province", valid_to=None)
        .annotate(n=Count("children", filter=in_force))
        .filter(n__gt=1)
        .order_by("n", "code")
        .first()
    )
    assert found is not None
    return found


def test_a_province_is_loaded_classified_and_figured_as_illustrative(cli) -> None:
    province = _small_province()
    code, out, err = cli("registry", "synthetic", "--province", province.code, "--households", "2000")
    assert (code, err) == (0, "")
    assert "2.000 hộ" in out
    assert "minh họa" in out

    communes = list(AdministrativeUnit.objects.filter(parent=province, level="commune", valid_to=None))
    households = Household.objects.filter(commune__in=communes)
    people = Person.objects.filter(household__commune__in=communes)
    assert households.count() == 2000
    assert 2000 * 3.2 < people.count() < 2000 * 4.2
    assert {h.area for h in households.select_related("commune")[:300]} <= {"nong_thon", "do_thi"}
    for household in households.select_related("commune")[:200]:
        assert household.area == AreaType.of_unit(household.commune.name).value

    reviews = PovertyReview.objects.filter(commune__in=communes, year=2025)
    assert set(reviews.values_list("state", flat=True)) == {"approved"}
    assert reviews.exclude(frozen_at=None).count() == reviews.count() > 0
    decisions = ReviewDecision.objects.filter(review__in=reviews)
    assert decisions.count() == reviews.count()
    assert {d.decided_by.username for d in decisions} == {SYSTEM_USER}
    assert all("minh họa" in d.reason for d in decisions)

    assessments = HouseholdAssessment.objects.filter(review__in=reviews).select_related("household")
    assert assessments.count() == 2000
    for assessment in assessments.order_by("id")[::97]:
        expected = classify(
            HouseholdSurvey(
                assessment.income_per_person_month,
                AreaType(assessment.area),
                frozenset(assessment.deprivations),
            ),
            2025,
        )
        assert (assessment.standard, assessment.reason) == (expected.standard.value, expected.reason)
    assert assessments.filter(standard="ho_ngheo").exists()

    # People as the core made them: match keys as the core's rule; the sensitive field encrypted
    for person in people.select_related("household__commune").order_by("id")[::301]:
        assert person.match_key == person_match_key(
            person.full_name, person.birth_date, person.household.commune.code
        )
    disabled = [p.disability for p in people.only("disability") if p.disability]
    assert disabled
    assert all("khuyết tật" in text for text in disabled)
    with connection.cursor() as cursor:
        cursor.execute("SELECT disability FROM registry_person WHERE disability <> '' LIMIT 20")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored
    assert all(s.startswith("pwenc1:") and "khuyết" not in s for s in stored)

    figures = Observation.objects.filter(unit__in=communes, period="2025", indicator__code="ho-ngheo")
    assert figures.count() == reviews.count()
    assert {(o.source, o.is_demo, o.state) for o in figures} == {("registry", True, "approved")}
    assert all(o.comment.startswith("Số liệu minh họa") for o in figures)
    one = figures.first()
    assert one is not None
    held = assessments.filter(review__commune_id=one.unit_id)
    poor = held.filter(standard="ho_ngheo").count()
    assert one.value == pytest.approx(round(poor / held.count() * 100, 2))


def test_a_second_run_replaces_its_own_registry(cli) -> None:
    province = _small_province()
    args = ("registry", "synthetic", "--province", province.code, "--households", "300", "--seed", "5")
    assert cli(*args)[0] == 0
    commune = AdministrativeUnit.objects.filter(parent=province, level="commune", valid_to=None).first()
    draft = PovertyReview.objects.create(commune=commune, year=2026)  # someone's own, of another year
    first = sorted(
        Person.objects.filter(household__commune__parent=province).values_list("personal_id", flat=True)[:50]
    )
    code, out, err = cli(*args)
    assert (code, err) == (0, "")
    assert "thay 300 hộ minh họa cũ" in out
    assert Household.objects.filter(commune__parent=province).count() == 300
    assert PovertyReview.objects.filter(pk=draft.pk).exists()
    ours = PovertyReview.objects.filter(commune__parent=province, year=2025)
    assert ours.count() == ReviewDecision.objects.filter(review__commune__parent=province).count()
    again = sorted(
        Person.objects.filter(household__commune__parent=province).values_list("personal_id", flat=True)[:50]
    )
    assert first == again  # the same seed, the same registry
    observations = Observation.objects.filter(
        unit__parent=province, indicator__code="ho-ngheo", period="2025"
    )
    assert observations.count() == ours.count()


def test_the_number_of_queries_does_not_grow_with_the_households() -> None:
    province = _small_province()
    synthetic_load(province.code, households=50)  # the system user is made once
    counts = []
    for households in (200, 2000):
        with CaptureQueriesContext(connection) as queries:
            synthetic_load(province.code, households=households, seed=households)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] < 80


def test_a_province_with_real_households_is_refused(cli, communes, staff, workbook) -> None:
    here, _ = communes
    assert cli("registry", "import", workbook(), "--commune", here.code, "--user", "canbo")[0] == 0
    province = here.parent
    assert province is not None
    assert province.level == "province"
    code, _, err = cli("registry", "synthetic", "--province", province.code, "--households", "100")
    assert code == 2
    assert "hộ thật" in err
    assert len(err.strip().splitlines()) == 1
    assert Household.objects.filter(commune__parent=province).count() == 4  # the imported ones only
    assert not PovertyReview.objects.filter(commune__parent=province).exists()


def test_an_unknown_province_is_one_sentence(cli) -> None:
    code, _, err = cli("registry", "synthetic", "--province", "khong-co", "--households", "10")
    assert code == 2
    assert "không có tỉnh" in err
