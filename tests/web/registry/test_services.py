"""The registry's writes: the household list's import (all or nothing, duplicates, merges), the
poverty review and its decisions, payment cycles, and the figures they write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from planwatch.domain.errors import AccessDeniedError, ImportRejectedError, InvalidValueError, NotFoundError
from planwatch.web.figures.models import Observation, ObservationRevision
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.registry import services
from planwatch.web.registry.models import (
    FrozenRecordError,
    HouseholdAssessment,
    MergeRecord,
    PaymentLine,
    Person,
    ReviewDecision,
    SnapshotFrozenError,
)

from .conftest import personal_id, review_workbook, sample_rows

pytestmark = pytest.mark.django_db

Communes = tuple[AdministrativeUnit, AdministrativeUnit]
LACKS_3 = ["viec_lam", "bao_hiem_y_te", "chat_luong_nha_o"]


def test_a_household_list_is_imported_with_its_entitlements(communes: Communes, staff, workbook) -> None:
    here, _ = communes
    report = services.registry_import(workbook(), "danh-sach-ho.xlsx", commune=here, user=staff["canbo"])

    assert (report.households_created, report.people_created, report.entitlements_created) == (4, 7, 3)
    newborn = Person.objects.get(full_name="Phạm Thị Em")
    assert (newborn.personal_id, newborn.no_id_reason) == (None, "mới sinh, chưa đăng ký khai sinh")
    assert Person.objects.get(full_name="Lê Thị Cúc").birth_precision == "year"
    # a second import of the same file changes nobody into two
    again = services.registry_import(workbook(), "danh-sach-ho.xlsx", commune=here, user=staff["canbo"])
    assert (again.households_created, again.people_created, again.people_updated, again.people_unchanged) == (
        0,
        0,
        0,
        7,
    )
    assert Person.objects.count() == 7


def test_every_bad_row_is_listed_and_nothing_is_written(communes: Communes, staff, workbook) -> None:
    here, _ = communes
    rows = sample_rows()
    rows[1] = rows[1] | {"personal_id": "09119550001"}  # 11 digits
    rows[3] = rows[3] | {"no_id_reason": ""}  # no id and no reason
    rows[4] = rows[4] | {"birth": "31/02/1990"}  # no such day
    rows[5] = rows[5] | {"area": "miền núi"}
    rows[6] = rows[6] | {"personal_id": rows[0]["personal_id"], "birth": "02/03/1950"}  # the id twice

    with pytest.raises(ImportRejectedError) as refused:
        services.registry_import(workbook(rows), "x.xlsx", commune=here, user=staff["canbo"])

    lines = [line for line, _ in refused.value.problems]
    reasons = dict(refused.value.problems)
    assert lines == [3, 5, 6, 7, 8]  # the header is row 1
    assert "12 chữ số" in reasons[3]
    assert "Văn bản" in reasons[3]
    assert "lý do" in reasons[5]
    assert "dd/mm/yyyy" in reasons[6]
    assert "nông thôn" in reasons[7]
    assert "trùng với dòng 2" in reasons[8]
    assert Person.objects.count() == 0


def test_an_officer_imports_only_into_their_own_commune(communes: Communes, staff, workbook) -> None:
    here, there = communes
    with pytest.raises(NotFoundError):
        services.registry_import(workbook(), "x.xlsx", commune=there, user=staff["canbo"])
    with pytest.raises(AccessDeniedError):
        services.registry_import(workbook(), "x.xlsx", commune=here, user=staff["chutich"])
    assert Person.objects.count() == 0


def test_duplicates_are_reported_and_merged_with_history(communes: Communes, staff, workbook) -> None:
    here, _ = communes
    services.registry_import(workbook(), "a.xlsx", commune=here, user=staff["canbo"])
    # the same man typed again without his id, in another household
    again = [
        {
            "household_code": "H09",
            "area": "nông thôn",
            "full_name": "trần  văn bình",
            "birth": "02/03/1950",
            "sex": "Nam",
            "no_id_reason": "chưa mang giấy tờ",
        }
    ]
    report = services.registry_import(workbook(again, "b.xlsx"), "b.xlsx", commune=here, user=staff["canbo"])

    assert len(report.duplicates) == 1
    duplicate = report.duplicates[0]
    assert (duplicate.line, duplicate.other) == (2, "hộ H01")
    kept = Person.objects.get(pk=duplicate.other_person_id)
    merged = Person.objects.get(pk=duplicate.person_id)
    with pytest.raises(InvalidValueError):
        services.person_merge(kept, merged, user=staff["canbo"], reason="")
    record = services.person_merge(kept, merged, user=staff["canbo"], reason="cùng một người, nhập hai lần")

    merged.refresh_from_db()
    assert merged.merged_into == kept
    assert record.former_data["household"] == "H09"
    assert record.merged_by == staff["canbo"]
    assert MergeRecord.objects.count() == 1


def test_the_same_person_twice_in_one_file_is_reported_with_both_rows(
    communes: Communes, staff, workbook
) -> None:
    here, _ = communes
    twice = [
        {
            "household_code": "H1",
            "area": "đô thị",
            "full_name": "Mai Văn Tư",
            "birth": "01/01/1960",
            "no_id_reason": "chưa cấp",
        },
        {
            "household_code": "H2",
            "area": "đô thị",
            "full_name": "MAI VĂN TƯ",
            "birth": "01/01/1960",
            "no_id_reason": "chưa cấp",
        },
    ]
    report = services.registry_import(workbook(twice), "x.xlsx", commune=here, user=staff["canbo"])

    assert [(d.line, d.other) for d in report.duplicates] == [(3, "dòng 2")]
    duplicate = report.duplicates[0]
    assert duplicate.person_id != duplicate.other_person_id
    assert Person.objects.get(pk=duplicate.other_person_id).household.code == "H1"


def _imported(here: AdministrativeUnit, staff: dict[str, User], workbook) -> None:
    services.registry_import(workbook(), "danh-sach-ho.xlsx", commune=here, user=staff["canbo"])


def _surveyed(here, staff, workbook):
    _imported(here, staff, workbook)
    review = services.review_open(here, 2026, user=staff["canbo"])
    content = review_workbook(
        [
            ("H01", "1200000", ";".join(LACKS_3)),
            ("H02", "1400000", "viec_lam"),
            ("H03", "2000000", ""),
            ("H04", "3000000", ""),
        ]
    )
    assert services.assessments_import(review, content, "ra-soat.xlsx", user=staff["canbo"]) == 4
    return review


def test_the_review_classifies_by_the_years_standard_and_the_chairman_approves(
    communes: Communes, staff, workbook
) -> None:
    here, _ = communes
    review = _surveyed(here, staff, workbook)
    standards = dict(HouseholdAssessment.objects.values_list("household__code", "standard"))
    assert standards == {
        "H01": "ho_ngheo",
        "H02": "ho_can_ngheo",
        "H03": "ho_muc_song_trung_binh",
        "H04": "khac",
    }

    with pytest.raises(AccessDeniedError):
        services.review_approve(review, user=staff["canbo"])  # the officer does not approve
    services.review_propose(review, user=staff["canbo"], reason="kết quả rà soát của thôn")
    with pytest.raises(InvalidValueError):
        services.review_return(review, user=staff["chutich"], reason="")  # a return says why
    services.review_return(review, user=staff["chutich"], reason="hộ H02 cần xác minh lại thu nhập")
    services.assessment_set(
        review,
        review.commune.households.get(code="H02"),
        income=1_450_000,
        deprivations=["viec_lam"],
        user=staff["canbo"],
    )
    services.review_propose(review, user=staff["canbo"])
    services.review_approve(review, user=staff["chutich"], reason="đồng ý")

    review.refresh_from_db()
    assert review.state == "approved"
    assert review.frozen_at is not None
    decisions = list(
        ReviewDecision.objects.filter(review=review).values_list("action", "decided_by__username")
    )
    assert decisions == [
        ("propose", "canbo"),
        ("return", "chutich"),
        ("propose", "canbo"),
        ("approve", "chutich"),
    ]
    assert ReviewDecision.objects.get(action="return").reason == "hộ H02 cần xác minh lại thu nhập"


def test_an_approved_review_is_frozen(communes: Communes, staff, workbook) -> None:
    here, _ = communes
    review = _surveyed(here, staff, workbook)
    services.review_propose(review, user=staff["canbo"])
    services.review_approve(review, user=staff["chutich"])
    household = review.commune.households.get(code="H04")

    with pytest.raises(InvalidValueError, match="đã khóa"):
        services.assessment_set(review, household, income=100_000, deprivations=LACKS_3, user=staff["canbo"])
    with pytest.raises(InvalidValueError, match="đã khóa"):
        services.assessments_import(
            review, review_workbook([("H04", "100000", "")]), "x.xlsx", user=staff["canbo"]
        )
    with pytest.raises(InvalidValueError):
        services.review_propose(review, user=staff["canbo"])
    assert HouseholdAssessment.objects.get(household=household).standard == "khac"
    # nor around the services: the rows themselves refuse, and a decision is never rewritten
    assessment = HouseholdAssessment.objects.get(household=household)
    assessment.standard = "ho_ngheo"
    with pytest.raises(FrozenRecordError):
        assessment.save()
    decision = ReviewDecision.objects.filter(review=review).first()
    assert decision is not None
    with pytest.raises(FrozenRecordError):
        decision.save()
    with pytest.raises(FrozenRecordError):
        decision.delete()


def test_the_approved_review_writes_the_communes_rates_with_their_source(
    communes: Communes, staff, workbook
) -> None:
    here, _ = communes
    review = _surveyed(here, staff, workbook)
    services.review_propose(review, user=staff["canbo"])
    services.review_approve(review, user=staff["chutich"])

    figures = {
        o.indicator.code: o
        for o in Observation.objects.filter(unit=here, period="2026").select_related("indicator")
    }
    assert figures["ho-ngheo"].value == 25.0
    assert figures["ty-le-ho-can-ngheo"].value == 25.0
    assert (figures["tong-so-ho-dan-cu"].value, figures["so-ho-ngheo-theo-chuan-ngheo-da-chieu"].value) == (
        4,
        1,
    )
    assert {o.source for o in figures.values()} == {"registry"}
    assert {o.state for o in figures.values()} == {"approved"}
    revision = ObservationRevision.objects.get(observation=figures["ho-ngheo"])
    assert revision.source == f"registry:poverty-review/{review.pk}"
    assert revision.changed_by == staff["chutich"]


def _cycle(here, staff, workbook, month=date(2026, 7, 1)):
    _imported(here, staff, workbook)
    return services.cycle_prepare(here, month, user=staff["canbo"])


def test_a_cycle_snapshots_the_amounts_in_force_on_its_month(communes: Communes, staff, workbook) -> None:
    here, _ = communes
    cycle = _cycle(here, staff, workbook)
    lines = {(line.person.full_name, line.kind): line for line in cycle.lines.select_related("person")}

    assert set(lines) == {
        ("Trần Văn Bình", "assistance"),
        ("Võ Thị Hạnh", "assistance"),
        ("Phạm Văn Dũng", "merit"),
    }
    elder = lines[("Trần Văn Bình", "assistance")]
    assert (elder.amount, elder.base, elder.coefficient) == (750_000, 500_000, Decimal("1.5"))
    merit = lines[("Phạm Văn Dũng", "merit")]
    assert (merit.amount, merit.base) == (4_184_000, 2_789_000)  # 1,5 × 2.789.000 = 4.183.500, half up
    assert "2.789.000" in merit.rule


def test_a_cycle_is_approved_by_a_second_person_and_its_snapshot_never_changes(
    communes: Communes, staff, workbook
) -> None:
    here, _ = communes
    cycle = _cycle(here, staff, workbook)
    with pytest.raises(InvalidValueError, match="người thứ hai"):
        services.cycle_approve(cycle, user=staff["canbo"])
    services.cycle_approve(cycle, user=staff["canbo2"])

    line = cycle.lines.order_by("pk").first()
    assert line is not None
    line.amount = 1
    with pytest.raises(SnapshotFrozenError):
        line.save()
    with pytest.raises(InvalidValueError):
        services.cycle_prepare(here, date(2026, 7, 1), user=staff["canbo"])
    services.payment_record(line, status="paid", channel="bank", user=staff["canbo"])
    line.refresh_from_db()
    assert line.amount != 1
    assert line.status == "paid"
    assert line.paid_at is not None


def test_a_closed_cycle_reconciles_and_writes_its_figures(communes: Communes, staff, workbook) -> None:
    here, _ = communes
    cycle = _cycle(here, staff, workbook)
    services.cycle_approve(cycle, user=staff["chutich"])
    outcomes = {
        "Trần Văn Bình": ("paid", "bank"),
        "Võ Thị Hạnh": ("paid", "cash"),
        "Phạm Văn Dũng": ("returned", "bank"),
    }
    with pytest.raises(InvalidValueError, match="3 khoản"):
        services.cycle_close(cycle, user=staff["canbo"])
    for line in cycle.lines.select_related("person"):
        status, channel = outcomes[line.person.full_name]
        services.payment_record(line, status=status, channel=channel, user=staff["canbo"])
    services.cycle_close(cycle, user=staff["canbo"])

    from planwatch.web.registry.selectors import reconciliation

    totals = reconciliation(cycle)
    assert (totals.entitled_count, totals.entitled_amount) == (3, 5_684_000)
    assert (totals.paid_amount, totals.returned_amount, totals.failed_amount) == (1_500_000, 4_184_000, 0)
    assert totals.by_channel["bank"] == (1, 750_000)
    assert totals.by_channel["cash"] == (1, 750_000)
    figures = dict(
        Observation.objects.filter(unit=here, period="2026M07", disaggregation="").values_list(
            "indicator__code", "value"
        )
    )
    assert figures["ty-le-chi-tra-an-sinh-khong-dung-tien-mat"] == 50.0
    assert figures["so-tien-chi-tra-an-sinh"] == 1_500_000
    assert figures["so-nguoi-huong-tro-cap-xa-hoi-hang-thang"] == 2
    assert figures["so-nguoi-co-cong-huong-tro-cap-hang-thang"] == 1
    per_category = dict(
        Observation.objects.filter(
            unit=here, period="2026M07", indicator__code="so-nguoi-huong-tro-cap-xa-hoi-hang-thang"
        ).values_list("disaggregation", "value")
    )
    assert per_category == {
        "": 2,
        "cao_tuoi_ngheo_khong_nguoi_phung_duong": 1,
        "tre_em_khong_nguon_nuoi_duong": 1,
    }
    assert PaymentLine.objects.filter(cycle=cycle).count() == 3


def test_a_review_of_a_year_without_a_standard_is_refused(communes: Communes, staff) -> None:
    here, _ = communes
    with pytest.raises(InvalidValueError):
        services.review_open(here, 2035, user=staff["canbo"])


def test_an_id_of_another_commune_is_refused_without_saying_whose(
    communes: Communes, staff, workbook
) -> None:
    here, there = communes
    services.registry_import(workbook(), "a.xlsx", commune=here, user=staff["canbo"])
    moved = [sample_rows()[0] | {"household_code": "K01"}]
    with pytest.raises(ImportRejectedError) as refused:
        services.registry_import(workbook(moved, "b.xlsx"), "b.xlsx", commune=there, user=staff["canbo.khac"])
    assert refused.value.problems == [
        (2, "số định danh này đã có trong sổ của một xã khác; hãy liên hệ cán bộ tỉnh")
    ]
    assert personal_id(1950, "nam", 11) not in str(refused.value)
