"""Writes of the registry: the household list's import, merges, the poverty review and its decisions,
payment cycles. Every write checks who acts (``registry.access``), logs the personal data it touches
(``privacy.services.record_access``) and runs in one transaction; the rules come from the pure core
``planwatch.registry``.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from planwatch.domain.errors import ImportRejectedError, InvalidValueError
from planwatch.intake.workbook import workbook_rows
from planwatch.registry.assistance import AssistanceError, merit_allowance, monthly_assistance
from planwatch.registry.identity import person_match_key
from planwatch.registry.poverty import HouseholdSurvey, InvalidSurvey, classify
from planwatch.registry.rules import AreaType, RuleNotFound, merit_reference_on, money, poverty_standard_for
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.privacy.services import record_access
from planwatch.web.registry import access
from planwatch.web.registry.importing import PersonRow, parse_household_rows
from planwatch.web.registry.models import (
    AssistanceEntitlement,
    Household,
    HouseholdAssessment,
    MergeRecord,
    MeritEntitlement,
    PaymentCycle,
    PaymentLine,
    Person,
    PovertyReview,
    ReviewDecision,
)

NON_CASH_CHANNELS = frozenset({"bank", "social_security_account"})


# ----------------------------------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A person who may already be in the registry (or twice in the file) under another row."""

    line: int
    full_name: str
    other: str  # "dòng 12" or "hộ H002"
    person_id: int | None = None  # the person it was stored as
    other_person_id: int | None = None  # the registry's person it may be


@dataclass(slots=True)
class ImportReport:
    households_created: int = 0
    households_kept: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0
    entitlements_created: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)


def registry_import(
    source: Path | bytes,
    name: str,
    *,
    commune: AdministrativeUnit,
    user: User,
    request: HttpRequest | None = None,
) -> ImportReport:
    """Import a commune's household list: every row or none.

    Raises:
        NotFoundError / AccessDeniedError: the commune is not the user's, or the role may not import.
        UnreadableFileError: not a workbook, a limit passed, no header.
        ImportRejectedError: at least one bad row; every bad row with its row number and reason.
    """
    access.require_role(user, commune, access.KEEPERS, "nhập danh sách hộ của xã")
    parsed = parse_household_rows(workbook_rows(source, name), name)
    problems = list(parsed.problems)
    rows = parsed.rows
    problems += _id_conflicts(rows, commune)
    if not rows and not problems:
        problems.append((0, "tệp không có dòng người nào"))
    if problems:
        raise ImportRejectedError(sorted(problems))
    with transaction.atomic():
        report = _write_rows(rows, commune)
        record_access(
            user,
            action="import",
            purpose=f"nhập danh sách hộ từ tệp {name}",
            subjects=[f"person:{d}" for d in report_person_ids(report, rows, commune)],
            unit=commune,
            request=request,
        )
    return report


def report_person_ids(
    report: ImportReport, rows: Sequence[PersonRow], commune: AdministrativeUnit
) -> list[int]:
    codes = {r.household_code for r in rows}
    return list(
        Person.objects.filter(household__commune=commune, household__code__in=codes).values_list(
            "pk", flat=True
        )
    )


def _id_conflicts(rows: Sequence[PersonRow], commune: AdministrativeUnit) -> list[tuple[int, str]]:
    """The same personal id twice in the file, or already held by a person of another household."""
    problems: list[tuple[int, str]] = []
    first_line: dict[str, int] = {}
    for row in rows:
        if row.personal_id is None:
            continue
        if row.personal_id in first_line:
            problems.append((row.line, f"số định danh trùng với dòng {first_line[row.personal_id]}"))
        else:
            first_line[row.personal_id] = row.line
    held = Person.objects.filter(personal_id__in=list(first_line), merged_into=None).select_related(
        "household__commune"
    )
    by_line = {r.line: r for r in rows}
    for person in held:
        row = by_line[first_line[str(person.personal_id)]]
        household = person.household
        if household.commune_id != commune.pk:
            problems.append(
                (row.line, "số định danh này đã có trong sổ của một xã khác; hãy liên hệ cán bộ tỉnh")
            )
        elif household.code != row.household_code:
            problems.append(
                (
                    row.line,
                    f"số định danh này đã có ở hộ {household.code} của xã; gộp hoặc sửa trước khi nhập",
                )
            )
    return problems


def _write_rows(rows: Sequence[PersonRow], commune: AdministrativeUnit) -> ImportReport:
    report = ImportReport()
    households = {
        h.code: h
        for h in Household.objects.filter(commune=commune, code__in={r.household_code for r in rows})
    }
    for row in rows:
        if row.household_code not in households:
            households[row.household_code] = Household.objects.create(
                commune=commune, code=row.household_code, address=row.address, area=row.area.value
            )
            report.households_created += 1
        elif row.address and households[row.household_code].address != row.address:
            households[row.household_code].address = row.address
            households[row.household_code].save(update_fields=["address", "updated_at"])
    report.households_kept = len(households) - report.households_created
    existing = list(Person.objects.filter(household__in=households.values(), merged_into=None))
    by_id = {p.personal_id: p for p in existing if p.personal_id}
    by_key = {(p.household_id, p.match_key): p for p in existing}
    placed: list[tuple[PersonRow, Person, str]] = []
    created: list[Person] = []
    changed: list[Person] = []
    changed_ids: set[int] = set()
    now = timezone.now()
    for row in rows:
        household = households[row.household_code]
        key = person_match_key(row.full_name, row.birth_date, commune.code)
        person = by_id.get(row.personal_id) if row.personal_id else None
        if person is None:
            person = by_key.get((household.pk, key))
            if (
                person is not None
                and person.personal_id
                and row.personal_id
                and person.personal_id != row.personal_id
            ):
                person = None
        is_new = person is None
        if person is None:
            person = Person(household=household)
            created.append(person)
        before = tuple(getattr(person, f) for f in _PERSON_FIELDS[:-1])
        person.full_name = row.full_name
        person.birth_date = row.birth_date
        person.birth_precision = row.birth_precision
        person.sex = row.sex
        person.personal_id = row.personal_id or person.personal_id
        person.no_id_reason = "" if person.personal_id else row.no_id_reason
        person.relation = row.relation
        person.match_key = key
        after = tuple(getattr(person, f) for f in _PERSON_FIELDS[:-1])
        if not is_new and before != after and id(person) not in changed_ids:
            person.updated_at = now
            changed_ids.add(id(person))
            changed.append(person)
        placed.append((row, person, key))
    # Written in batches: a commune's list of tens of thousands of people is a few statements.
    Person.objects.bulk_create(created, batch_size=500)
    for person in changed:  # one UPDATE each: faster than bulk_update's CASE on SQLite (measured)
        person.save(update_fields=_PERSON_FIELDS)
    report.people_created, report.people_updated = len(created), len(changed)
    report.people_unchanged = len({id(p) for _, p, _ in placed}) - len(created) - len(changed)
    report.entitlements_created = _entitlements([(row, person) for row, person, _ in placed])
    seen_keys: dict[str, tuple[int, int]] = {}  # key -> first line, its person
    for row, person, key in placed:
        first = seen_keys.setdefault(key, (row.line, person.pk))
        if first[1] != person.pk:
            report.duplicates.append(
                Duplicate(row.line, row.full_name, f"dòng {first[0]}", person.pk, first[1])
            )
    # Against the registry: the same name, birth date and commune under another person.
    keys = Person.objects.filter(household__commune=commune, match_key__in=list(seen_keys), merged_into=None)
    groups: dict[str, list[Person]] = defaultdict(list)
    for person in keys.select_related("household"):
        groups[person.match_key].append(person)
    lines = {person_match_key(r.full_name, r.birth_date, commune.code): r.line for r in rows}
    reported_lines = {d.line for d in report.duplicates}
    for key, people in groups.items():
        if len(people) < 2 or lines[key] in reported_lines:
            continue
        people.sort(key=lambda p: p.pk)
        newest, older = people[-1], people[0]
        report.duplicates.append(
            Duplicate(lines[key], newest.full_name, f"hộ {older.household.code}", newest.pk, older.pk)
        )
    report.duplicates.sort(key=lambda d: d.line)
    return report


_PERSON_FIELDS = (
    "full_name",
    "birth_date",
    "birth_precision",
    "sex",
    "personal_id",
    "no_id_reason",
    "relation",
    "match_key",
    "updated_at",
)


def _entitlements(placed: Sequence[tuple[PersonRow, Person]]) -> int:
    """The entitlements the rows name that the registry does not hold yet (same person and start)."""
    ids = [person.pk for _, person in placed]
    held_assistance = set(
        AssistanceEntitlement.objects.filter(person_id__in=ids).values_list("person_id", "valid_from")
    )
    held_merit = set(
        MeritEntitlement.objects.filter(person_id__in=ids).values_list("person_id", "valid_from")
    )
    assistance: list[AssistanceEntitlement] = []
    merit: list[MeritEntitlement] = []
    for row, person in placed:
        if row.since is None:
            continue
        if row.categories and (person.pk, row.since) not in held_assistance:
            held_assistance.add((person.pk, row.since))
            assistance.append(
                AssistanceEntitlement(
                    person=person,
                    valid_from=row.since,
                    categories=list(row.categories),
                    decision_number=row.decision,
                )
            )
        if row.merit_coefficient is not None and (person.pk, row.since) not in held_merit:
            held_merit.add((person.pk, row.since))
            merit.append(
                MeritEntitlement(
                    person=person,
                    valid_from=row.since,
                    coefficient=row.merit_coefficient,
                    decision_number=row.decision,
                )
            )
    AssistanceEntitlement.objects.bulk_create(assistance, batch_size=500)
    MeritEntitlement.objects.bulk_create(merit, batch_size=500)
    return len(assistance) + len(merit)


# ------------------------------------------------------------------------------------------ merge


def person_merge(
    kept: Person, merged: Person, *, user: User, reason: str, request: HttpRequest | None = None
) -> MergeRecord:
    """Merge ``merged`` into ``kept``: its entitlements move to ``kept``, it keeps its row (pointing at
    ``kept``) and a record of who, when, why and what it held.

    Raises:
        InvalidValueError: the same person, different communes, no reason, or two different ids.
    """
    commune = kept.household.commune
    access.require_role(user, commune, access.KEEPERS, "gộp hồ sơ trùng")
    _check_merge(kept.pk, merged.pk, kept.household.commune_id, merged.household.commune_id, reason)
    if merged.merged_into_id is not None or kept.merged_into_id is not None:
        raise InvalidValueError("Một trong hai người đã được gộp trước đó.")
    if kept.personal_id and merged.personal_id and kept.personal_id != merged.personal_id:
        raise InvalidValueError("Hai người có hai số định danh khác nhau: không phải một người, không gộp.")
    with transaction.atomic():
        former = _person_data(merged)
        taken_id = merged.personal_id
        if taken_id:
            merged.personal_id = None
            merged.no_id_reason = f"đã gộp vào người #{kept.pk}"
        merged.merged_into = kept
        merged.save()
        if taken_id and not kept.personal_id:
            kept.personal_id, kept.no_id_reason = taken_id, ""
            kept.save(update_fields=["personal_id", "no_id_reason", "updated_at"])
        AssistanceEntitlement.objects.filter(person=merged).update(person=kept)
        MeritEntitlement.objects.filter(person=merged).update(person=kept)
        record = _merge_recorded("person", kept.pk, merged.pk, former, reason, user, commune, request)
    return record


def _merge_recorded(
    kind: str,
    kept_id: int,
    merged_id: int,
    former: dict[str, Any],
    reason: str,
    user: User,
    commune: AdministrativeUnit,
    request: HttpRequest | None,
) -> MergeRecord:
    """The history of a merge (who, when, why, the merged record's former data) and its access-log line."""
    record = MergeRecord.objects.create(
        kind=kind,
        kept_id=kept_id,
        merged_id=merged_id,
        former_data=former,
        reason=reason.strip(),
        merged_by=user,
    )
    record_access(
        user,
        action="merge",
        purpose=reason,
        subjects=[f"{kind}:{kept_id}", f"{kind}:{merged_id}"],
        unit=commune,
        request=request,
    )
    return record


def household_merge(
    kept: Household, merged: Household, *, user: User, reason: str, request: HttpRequest | None = None
) -> MergeRecord:
    """Move every member of ``merged`` into ``kept``; ``merged`` stays, pointing at ``kept``."""
    access.require_role(user, kept.commune, access.KEEPERS, "gộp hồ sơ trùng")
    _check_merge(kept.pk, merged.pk, kept.commune_id, merged.commune_id, reason)
    if merged.merged_into_id is not None or kept.merged_into_id is not None:
        raise InvalidValueError("Một trong hai hộ đã được gộp trước đó.")
    with transaction.atomic():
        members = list(merged.members.values_list("pk", flat=True))
        former = {"code": merged.code, "address": merged.address, "area": merged.area, "members": members}
        Person.objects.filter(household=merged).update(household=kept)
        merged.merged_into = kept
        merged.save(update_fields=["merged_into", "updated_at"])
        record = _merge_recorded("household", kept.pk, merged.pk, former, reason, user, kept.commune, request)
    return record


def _check_merge(kept: int, merged: int, kept_commune: int, merged_commune: int, reason: str) -> None:
    if kept == merged:
        raise InvalidValueError("Không gộp một hồ sơ với chính nó.")
    if kept_commune != merged_commune:
        raise InvalidValueError("Chỉ gộp được hai hồ sơ của cùng một xã.")
    if len(reason.split()) < 2:
        raise InvalidValueError("Hãy ghi lý do gộp (vài từ).")


def _person_data(person: Person) -> dict[str, object]:
    return {
        "household": person.household.code,
        "full_name": person.full_name,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "birth_precision": person.birth_precision,
        "sex": person.sex,
        "personal_id": person.personal_id,
        "no_id_reason": person.no_id_reason,
        "relation": person.relation,
    }


# ------------------------------------------------------------------------------------ poverty review


def review_open(commune: AdministrativeUnit, year: int, *, user: User) -> PovertyReview:
    """The commune's review of ``year`` (made when it does not exist).

    Raises:
        InvalidValueError: no poverty standard covers that year.
    """
    access.require_role(user, commune, access.KEEPERS, "mở đợt rà soát hộ nghèo")
    try:
        standard = poverty_standard_for(year)
    except RuleNotFound as problem:
        raise InvalidValueError(str(problem)) from None
    review, _ = PovertyReview.objects.get_or_create(
        commune=commune, year=year, defaults={"basis": standard.basis}
    )
    return review


def _require_editable(review: PovertyReview) -> None:
    if review.state in ("approved",) or review.frozen_at is not None:
        raise InvalidValueError(
            f"Đợt rà soát năm {review.year} đã được phê duyệt: kết quả đã khóa, không sửa được."
        )
    if review.state == "proposed":
        raise InvalidValueError(
            f"Đợt rà soát năm {review.year} đang chờ Chủ tịch UBND xã phê duyệt: chưa sửa được."
        )


def assessment_set(
    review: PovertyReview,
    household: Household,
    *,
    income: int,
    deprivations: Iterable[str],
    user: User,
    request: HttpRequest | None = None,
) -> HouseholdAssessment:
    """Enter one household's income and deprivations and classify it by the review year's standard.

    Raises:
        InvalidValueError: the review is frozen or awaiting approval, the household is of another
            commune, or the survey cannot be classified (one sentence from the core).
    """
    access.require_role(user, review.commune, access.KEEPERS, "nhập kết quả rà soát")
    _require_editable(review)
    if household.commune_id != review.commune_id or household.merged_into_id is not None:
        raise InvalidValueError(f"Hộ {household.code} không thuộc sổ của xã trong đợt rà soát này.")
    survey = HouseholdSurvey(int(income), AreaType(household.area), frozenset(deprivations))
    try:
        result = classify(survey, review.year)
    except (InvalidSurvey, RuleNotFound) as problem:
        raise InvalidValueError(f"Hộ {household.code}: {problem}") from None
    with transaction.atomic():
        assessment, _ = HouseholdAssessment.objects.update_or_create(
            review=review,
            household=household,
            defaults={
                "income_per_person_month": survey.income_per_person_month,
                "area": household.area,
                "deprivations": sorted(survey.deprivations),
                "standard": result.standard.value,
                "reason": result.reason,
            },
        )
        record_access(
            user,
            action="decide",
            purpose="rà soát hộ nghèo",
            subjects=[f"household:{household.pk}"],
            unit=review.commune,
            request=request,
        )
    return assessment


def assessments_import(
    review: PovertyReview, source: Path | bytes, name: str, *, user: User, request: HttpRequest | None = None
) -> int:
    """The review's survey from a workbook: Mã hộ · Thu nhập (đồng/người/tháng) · Chỉ số thiếu hụt
    (codes separated by ";"). Every row or none.

    Raises:
        ImportRejectedError: every bad row with its row number and reason.
    """
    from planwatch.domain.numbers import parse_integer
    from planwatch.domain.text import slugify

    access.require_role(user, review.commune, access.KEEPERS, "nhập kết quả rà soát")
    _require_editable(review)
    households = {h.code: h for h in Household.objects.filter(commune=review.commune, merged_into=None)}
    codes = poverty_standard_for(review.year).indicator_codes
    problems: list[tuple[int, str]] = []
    entries: list[tuple[Household, int, frozenset[str]]] = []
    header: dict[str, int] | None = None
    for line, cells in workbook_rows(source, name):
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            slugs = [slugify(c) for c in cells]
            header = {
                key: next((i for i, s in enumerate(slugs) if s.startswith(prefix)), -1)
                for key, prefix in (("code", "ma-ho"), ("income", "thu-nhap"), ("lacks", "chi-so"))
            }
            if min(header.values()) < 0:
                from planwatch.intake.workbook import UnreadableFileError

                raise UnreadableFileError(f"{name}: cần các cột Mã hộ, Thu nhập, Chỉ số thiếu hụt")
            continue
        code = cells[header["code"]].strip() if header["code"] < len(cells) else ""
        household = households.get(code)
        if household is None:
            problems.append((line, f"không có hộ mã '{code}' trong sổ của xã"))
            continue
        try:
            income = parse_integer(cells[header["income"]] if header["income"] < len(cells) else "")
        except Exception:
            problems.append((line, "thu nhập phải là số đồng/người/tháng"))
            continue
        raw = cells[header["lacks"]] if header["lacks"] < len(cells) else ""
        lacks = frozenset(c.strip() for c in raw.replace(",", ";").split(";") if c.strip())
        unknown = sorted(lacks - codes)
        if unknown:
            problems.append(
                (line, f"chỉ số thiếu hụt không có trong chuẩn năm {review.year}: {', '.join(unknown)}")
            )
            continue
        entries.append((household, income, lacks))
    if problems:
        raise ImportRejectedError(problems)
    with transaction.atomic():
        for household, income, lacks in entries:
            assessment_set(review, household, income=income, deprivations=lacks, user=user, request=request)
    return len(entries)


def _decide(
    review: PovertyReview, action: str, user: User, reason: str, request: HttpRequest | None
) -> ReviewDecision:
    decision = ReviewDecision.objects.create(
        review=review, action=action, decided_by=user, reason=reason.strip()
    )
    record_access(
        user,
        action="decide",
        purpose=f"rà soát hộ nghèo năm {review.year}: {action}",
        subjects=[f"review:{review.pk}"],
        unit=review.commune,
        request=request,
    )
    return decision


def review_propose(
    review: PovertyReview, *, user: User, reason: str = "", request: HttpRequest | None = None
) -> ReviewDecision:
    """The officer proposes the review's result to the chairman.

    Raises:
        InvalidValueError: not a draft or returned review, or households of the commune not assessed.
    """
    access.require_role(user, review.commune, access.KEEPERS, "đề nghị kết quả rà soát")
    _require_editable(review)
    missing = Household.objects.filter(commune=review.commune, merged_into=None).exclude(
        assessments__review=review
    )
    if not review.assessments.exists():
        raise InvalidValueError("Chưa nhập kết quả rà soát của hộ nào.")
    if missing.exists():
        codes = ", ".join(missing.order_by("code").values_list("code", flat=True)[:10])
        raise InvalidValueError(f"Còn {missing.count()} hộ chưa rà soát: {codes}.")
    with transaction.atomic():
        review.state = "proposed"
        review.save(update_fields=["state", "updated_at"])
        return _decide(review, "propose", user, reason, request)


def review_approve(
    review: PovertyReview, *, user: User, reason: str = "", request: HttpRequest | None = None
) -> ReviewDecision:
    """The chairman approves: the review is frozen and its rates are written as observations."""
    access.require_role(user, review.commune, access.APPROVERS, "phê duyệt kết quả rà soát")
    if review.state != "proposed":
        raise InvalidValueError("Chỉ phê duyệt được đợt rà soát đã được đề nghị.")
    from planwatch.web.registry.figures import review_figures_write

    with transaction.atomic():
        review.state = "approved"
        review.frozen_at = timezone.now()
        review.save(update_fields=["state", "frozen_at", "updated_at"])
        decision = _decide(review, "approve", user, reason, request)
        review_figures_write(review, user=user)
    return decision


def review_return(
    review: PovertyReview, *, user: User, reason: str, request: HttpRequest | None = None
) -> ReviewDecision:
    """The chairman returns the proposal with a reason; the officer may correct it and propose again."""
    access.require_role(user, review.commune, access.APPROVERS, "trả lại kết quả rà soát")
    if review.state != "proposed":
        raise InvalidValueError("Chỉ trả lại được đợt rà soát đã được đề nghị.")
    if len(reason.split()) < 2:
        raise InvalidValueError("Trả lại thì phải ghi lý do.")
    with transaction.atomic():
        review.state = "returned"
        review.save(update_fields=["state", "updated_at"])
        return _decide(review, "return", user, reason, request)


# ----------------------------------------------------------------------------------- payment cycles


def month_start(text_or_day: str | date) -> date:
    """``2026-07`` or ``07/2026`` (or a day) → the first day of that month.

    Raises:
        InvalidValueError: not a month.
    """
    if isinstance(text_or_day, date):
        return text_or_day.replace(day=1)
    text = text_or_day.strip()
    for pattern in ("%Y-%m", "%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise InvalidValueError(f"tháng '{text}' phải viết YYYY-MM hoặc MM/YYYY (ví dụ 2026-07)")


def _in_force(month: date) -> Q:
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return Q(valid_from__lte=last) & (Q(valid_to=None) | Q(valid_to__gte=month))


def cycle_prepare(
    commune: AdministrativeUnit, month: date, *, user: User, request: HttpRequest | None = None
) -> PaymentCycle:
    """Snapshot who is entitled to what in ``month`` (amounts from the core's rules on that month).
    A draft cycle is prepared again from the entitlements as they are now; an approved one never.

    Raises:
        InvalidValueError: the cycle is approved, or an entitlement cannot be computed (named).
    """
    access.require_role(user, commune, access.KEEPERS, "lập danh sách chi trả")
    month = month_start(month)
    province = commune.parent.code if commune.parent is not None else None
    with transaction.atomic():
        cycle, _ = PaymentCycle.objects.get_or_create(commune=commune, month=month)
        if cycle.snapshot_frozen or cycle.state != "draft":
            raise InvalidValueError(f"Kỳ chi trả tháng {month:%m/%Y} đã được phê duyệt: danh sách đã khóa.")
        cycle.lines.all().delete()
        people = Person.objects.filter(
            household__commune=commune, household__merged_into=None, merged_into=None
        )
        lines: list[PaymentLine] = []
        problems: list[str] = []
        assistance = AssistanceEntitlement.objects.filter(_in_force(month), person__in=people).select_related(
            "person"
        )
        for entitlement in assistance.order_by("person_id", "-valid_from"):
            if any(line.person_id == entitlement.person_id and line.kind == "assistance" for line in lines):
                continue
            person = entitlement.person
            try:
                allowance = monthly_assistance(
                    list(entitlement.categories),
                    day=month,
                    birth_date=person.birth_date,
                    province_code=province,
                )
            except (AssistanceError, RuleNotFound) as problem:
                problems.append(f"{person.full_name}: {problem}")
                continue
            if allowance is None:
                continue
            lines.append(
                PaymentLine(
                    cycle=cycle,
                    person=person,
                    kind="assistance",
                    category=allowance.category,
                    amount=allowance.amount,
                    coefficient=allowance.coefficient,
                    base=allowance.base,
                    rule=allowance.rule,
                    basis=allowance.basis,
                )
            )
        merit = MeritEntitlement.objects.filter(_in_force(month), person__in=people).select_related("person")
        for merit_row in merit.order_by("person_id", "-valid_from"):
            if any(line.person_id == merit_row.person_id and line.kind == "merit" for line in lines):
                continue
            try:
                reference = merit_reference_on(month)
                amount = merit_allowance(Decimal(merit_row.coefficient), day=month)
            except RuleNotFound as problem:
                problems.append(f"{merit_row.person.full_name}: {problem}")
                continue
            lines.append(
                PaymentLine(
                    cycle=cycle,
                    person=merit_row.person,
                    kind="merit",
                    category="nguoi_co_cong",
                    amount=amount,
                    coefficient=merit_row.coefficient,
                    base=reference.amount,
                    rule=(
                        f"hệ số {_decimal(merit_row.coefficient)} × mức chuẩn {money(reference.amount)} "
                        f"= {money(amount)} (làm tròn đến 1.000 đ)"
                    ),
                    basis=reference.basis,
                )
            )
        if problems:
            raise InvalidValueError("Không lập được danh sách chi trả: " + "; ".join(problems[:10]))
        PaymentLine.objects.bulk_create(lines)
        cycle.prepared_by, cycle.prepared_at = user, timezone.now()
        cycle.save(update_fields=["prepared_by", "prepared_at", "updated_at"])
        record_access(
            user,
            action="decide",
            purpose=f"lập danh sách chi trả tháng {month:%m/%Y}",
            subjects=[f"person:{line.person_id}" for line in lines],
            unit=commune,
            request=request,
        )
    return cycle


def _decimal(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def cycle_approve(cycle: PaymentCycle, *, user: User, request: HttpRequest | None = None) -> PaymentCycle:
    """A second person approves the snapshot; from then on its lines change only in their payment.

    Raises:
        InvalidValueError: not a prepared draft, or the approver prepared it.
    """
    access.require_role(user, cycle.commune, access.CYCLE_APPROVERS, "phê duyệt danh sách chi trả")
    if cycle.state != "draft" or cycle.prepared_by_id is None:
        raise InvalidValueError("Chỉ phê duyệt được danh sách chi trả đã lập và chưa phê duyệt.")
    if cycle.prepared_by_id == user.pk:
        raise InvalidValueError("Người lập danh sách chi trả không tự phê duyệt được: cần một người thứ hai.")
    with transaction.atomic():
        cycle.state, cycle.snapshot_frozen = "approved", True
        cycle.approved_by, cycle.approved_at = user, timezone.now()
        cycle.save(update_fields=["state", "snapshot_frozen", "approved_by", "approved_at", "updated_at"])
        record_access(
            user,
            action="decide",
            purpose=f"phê duyệt chi trả tháng {cycle.month:%m/%Y}",
            subjects=[f"cycle:{cycle.pk}"],
            unit=cycle.commune,
            request=request,
        )
    return cycle


PAYMENT_STATUSES = ("paid", "failed", "returned")
CHANNELS = ("bank", "social_security_account", "cash")


def payment_record(
    line: PaymentLine,
    *,
    status: str,
    channel: str,
    user: User,
    paid_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> PaymentLine:
    """Record how one payment went: its channel and paid / failed / returned. Nothing else of the line
    changes.

    Raises:
        InvalidValueError: the cycle is not approved or already closed, or an unknown status or channel.
    """
    cycle = line.cycle
    access.require_role(user, cycle.commune, access.KEEPERS, "ghi kết quả chi trả")
    if cycle.state != "approved":
        raise InvalidValueError("Chỉ ghi kết quả chi trả cho kỳ đã phê duyệt và chưa khóa sổ.")
    if status not in PAYMENT_STATUSES:
        raise InvalidValueError(f"trạng thái '{status}' phải là paid, failed hoặc returned")
    if channel not in CHANNELS:
        raise InvalidValueError(f"kênh '{channel}' phải là bank, social_security_account hoặc cash")
    line.status, line.channel = status, channel
    line.paid_at = (paid_at or timezone.now()) if status == "paid" else None
    line.save(update_fields=["status", "channel", "paid_at"])
    record_access(
        user,
        action="decide",
        purpose="ghi kết quả chi trả",
        subjects=[f"person:{line.person_id}"],
        unit=cycle.commune,
        request=request,
    )
    return line


def cycle_close(cycle: PaymentCycle, *, user: User, request: HttpRequest | None = None) -> PaymentCycle:
    """Close the cycle when every payment has an outcome, and write its figures as observations.

    Raises:
        InvalidValueError: not approved, or payments still pending (counted).
    """
    access.require_role(user, cycle.commune, access.CYCLE_APPROVERS, "khóa sổ kỳ chi trả")
    if cycle.state != "approved":
        raise InvalidValueError("Chỉ khóa sổ được kỳ chi trả đã phê duyệt.")
    pending = cycle.lines.filter(status="pending").count()
    if pending:
        raise InvalidValueError(f"Còn {pending} khoản chưa ghi kết quả chi trả: chưa khóa sổ được.")
    from planwatch.web.registry.figures import cycle_figures_write

    with transaction.atomic():
        cycle.state, cycle.closed_at = "closed", timezone.now()
        cycle.save(update_fields=["state", "closed_at", "updated_at"])
        cycle_figures_write(cycle, user=user)
        record_access(
            user,
            action="decide",
            purpose=f"khóa sổ chi trả tháng {cycle.month:%m/%Y}",
            subjects=[f"cycle:{cycle.pk}"],
            unit=cycle.commune,
            request=request,
        )
    return cycle


def user_acting(username: str) -> User:
    """The user a CLI command acts as (``--user``).

    Raises:
        InvalidValueError: no such user.
    """
    user = User.objects.filter(username=username).first()
    if user is None:
        raise InvalidValueError(f"không có người dùng '{username}'")
    return user
