"""Reads of the registry for its pages and the CLI. Identifiers are masked here unless the caller
says the user may see them (``registry.access.shows_identifiers``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from planwatch.domain.text import strip_diacritics
from planwatch.registry.identity import mask_personal_id
from planwatch.registry.rules import poverty_standard_for
from planwatch.web.catalogue.models import Target
from planwatch.web.figures.models import Observation
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.registry import figures as codes
from planwatch.web.registry.models import (
    Household,
    PaymentCycle,
    PaymentLine,
    Person,
    PovertyReview,
)

PAGE_SIZE = 50


def households(commune: AdministrativeUnit, query: str = "") -> QuerySet[Household]:
    """The commune's households in force, searched by household code, address or a member's name
    (with or without diacritics) or the last digits of an id."""
    found = Household.objects.filter(commune=commune, merged_into=None).annotate(
        people=Count("members", filter=Q(members__merged_into=None))
    )
    query = " ".join(query.split())
    if query:
        plain = strip_diacritics(query).casefold()
        matching = (
            Q(code__icontains=query) | Q(address__icontains=query) | Q(members__full_name__icontains=query)
        )
        if query.isdigit() and len(query) >= 4:
            matching |= Q(members__personal_id__endswith=query)
        ids = [
            p.household_id
            for p in Person.objects.filter(household__commune=commune, merged_into=None).only(
                "household_id", "full_name"
            )
            if plain in strip_diacritics(p.full_name).casefold()
        ]
        found = found.filter(matching | Q(pk__in=ids)).distinct()
    return found.order_by("code")


@dataclass(frozen=True, slots=True)
class PersonRow:
    person: Person
    shown_id: str


def members(household: Household, *, unmasked: bool) -> list[PersonRow]:
    people = household.members.filter(merged_into=None).order_by("pk")
    return [
        PersonRow(p, (p.personal_id or "") if unmasked else mask_personal_id(p.personal_id)) for p in people
    ]


def deprivation_choices(year: int) -> list[tuple[str, str, str]]:
    """(code, Vietnamese label, English label) of the indicators the year's standard counts."""
    standard = poverty_standard_for(year)
    return [(i.code, i.label_vi, i.label_en) for i in standard.indicators]


def households_xlsx(commune: AdministrativeUnit, *, unmasked: bool) -> tuple[bytes, list[int]]:
    """The commune's household list in the import template's columns (identifiers masked unless
    ``unmasked``), and the ids of the people it holds (for the access log)."""
    from planwatch.web.registry.importing import household_template_xlsx

    people = (
        Person.objects.filter(household__commune=commune, household__merged_into=None, merged_into=None)
        .select_related("household")
        .order_by("household__code", "pk")
    )
    rows = []
    for p in people:
        born = ""
        if p.birth_date is not None:
            born = {"year": "%Y", "month": "%m/%Y"}.get(p.birth_precision, "%d/%m/%Y")
            born = p.birth_date.strftime(born)
        rows.append(
            {
                "household_code": p.household.code,
                "address": p.household.address,
                "area": p.household.get_area_display(),
                "full_name": p.full_name,
                "birth": born,
                "sex": p.get_sex_display(),
                "personal_id": (p.personal_id or "") if unmasked else mask_personal_id(p.personal_id),
                "relation": p.relation,
                "no_id_reason": p.no_id_reason,
            }
        )
    return household_template_xlsx(sample=rows), [p.pk for p in people]


def review_template_xlsx(review: PovertyReview) -> bytes:
    """The review's sheet to fill in: one row per household with what was entered so far, and a
    second sheet naming the deprivation codes of the year's standard."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Rà soát"
    sheet.append(["Mã hộ", "Thu nhập (đồng/người/tháng)", "Chỉ số thiếu hụt (mã, cách nhau bởi ;)"])
    entered = {a.household_id: a for a in review.assessments.all()}
    for household in Household.objects.filter(commune=review.commune, merged_into=None).order_by("code"):
        found = entered.get(household.pk)
        sheet.append(
            [
                household.code,
                found.income_per_person_month if found else None,
                ";".join(found.deprivations) if found else "",
            ]
        )
    codes = book.create_sheet("Mã chỉ số")
    codes.append(["Mã", "Chỉ số", "Chiều"])
    for indicator in poverty_standard_for(review.year).indicators:
        codes.append([indicator.code, indicator.label_vi, indicator.dimension_vi])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(slots=True)
class Reconciliation:
    entitled_count: int = 0
    entitled_amount: int = 0
    paid_count: int = 0
    paid_amount: int = 0
    failed_count: int = 0
    failed_amount: int = 0
    returned_count: int = 0
    returned_amount: int = 0
    pending_count: int = 0
    by_channel: dict[str, tuple[int, int]] = field(default_factory=dict)  # paid: count, amount
    by_category: dict[str, int] = field(default_factory=dict)  # beneficiaries

    @property
    def non_cash_share(self) -> float | None:
        if not self.paid_count:
            return None
        cash = self.by_channel.get("cash", (0, 0))[0]
        return (self.paid_count - cash) / self.paid_count * 100


def reconciliation(cycle: PaymentCycle) -> Reconciliation:
    """The cycle's totals: entitled, paid, failed, returned (count and amount), paid by channel."""
    totals = Reconciliation()
    categories: dict[str, set[int]] = {}
    for line in PaymentLine.objects.filter(cycle=cycle).only(
        "status", "channel", "amount", "category", "person_id"
    ):
        totals.entitled_count += 1
        totals.entitled_amount += line.amount
        categories.setdefault(line.category, set()).add(line.person_id)
        if line.status == "paid":
            totals.paid_count += 1
            totals.paid_amount += line.amount
            count, amount = totals.by_channel.get(line.channel, (0, 0))
            totals.by_channel[line.channel] = (count + 1, amount + line.amount)
        elif line.status == "failed":
            totals.failed_count += 1
            totals.failed_amount += line.amount
        elif line.status == "returned":
            totals.returned_count += 1
            totals.returned_amount += line.amount
        else:
            totals.pending_count += 1
    totals.by_category = {k: len(v) for k, v in sorted(categories.items())}
    return totals


@dataclass(frozen=True, slots=True)
class CommuneSummary:
    commune: AdministrativeUnit
    households: int
    people: int
    reviews: list[PovertyReview]
    cycles: list[PaymentCycle]
    figures: list[Observation]  # the registry's figures of the commune, latest period first
    targets: list[tuple[Target, Observation]]  # catalogue targets whose indicator the registry wrote


def commune_summary(commune: AdministrativeUnit) -> CommuneSummary:
    written = list(
        Observation.objects.filter(unit=commune, source="registry", disaggregation="")
        .select_related("indicator")
        .order_by("-period_end", "indicator__code")
    )
    latest: dict[int, Observation] = {}
    for observation in written:
        latest.setdefault(observation.indicator_id, observation)
    targets = [
        (target, latest[target.indicator_id])
        for target in Target.objects.filter(indicator_id__in=list(latest), disaggregation="")
        .select_related("document", "indicator")
        .order_by("document__doc_id", "position")
        if target.indicator_id is not None
    ]
    shown = [codes.POVERTY_RATE, codes.NEAR_POVERTY_RATE, codes.NON_CASH_SHARE, codes.AMOUNT_PAID]
    return CommuneSummary(
        commune=commune,
        households=Household.objects.filter(commune=commune, merged_into=None).count(),
        people=Person.objects.filter(
            household__commune=commune, household__merged_into=None, merged_into=None
        ).count(),
        reviews=list(PovertyReview.objects.filter(commune=commune).order_by("-year")),
        cycles=list(PaymentCycle.objects.filter(commune=commune).order_by("-month")[:12]),
        figures=[latest[i] for i in latest if latest[i].indicator.code in shown],
        targets=targets,
    )


def communes_with_households(visible: Sequence[AdministrativeUnit] | None) -> list[AdministrativeUnit]:
    """The communes (of ``visible``, or all when None) that keep at least one household, by name."""
    households = Household.objects.all()
    if visible is not None:
        households = households.filter(commune__in=visible)
    ids = set(households.values_list("commune_id", flat=True).distinct())
    return sorted(AdministrativeUnit.objects.filter(pk__in=ids), key=lambda unit: unit.name)
