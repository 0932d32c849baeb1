"""The registry's pages under /an-sinh/: a commune's households (search, detail), the import, the
poverty review, the payment cycles and the commune's summary. Thin: access through
``registry.access`` (privacy's rules), writes through ``registry.services``, every view of personal
data logged through ``privacy.services.record_access``. A DomainError raised here becomes a 4xx page
(``web.errors``)."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.domain.errors import (
    AccessDeniedError,
    DomainError,
    ImportRejectedError,
    InvalidValueError,
    NotFoundError,
)
from planwatch.domain.numbers import is_ascii_digits, parse_integer
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.privacy.purpose import purpose_problem
from planwatch.web.privacy.services import record_access
from planwatch.web.registry import access, selectors, services
from planwatch.web.registry.importing import household_template_xlsx
from planwatch.web.registry.models import (
    STANDARD_CHOICES,
    Household,
    PaymentCycle,
    PaymentLine,
    Person,
    PovertyReview,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # LoginRequiredMiddleware: never anonymous here


def _commune(request: HttpRequest, code: str) -> AdministrativeUnit:
    commune = AdministrativeUnit.objects.filter(code=code, level="commune").select_related("parent").first()
    if commune is None:
        raise Http404(_("Không có xã, phường này."))
    access.require_commune(request.user, commune)
    return commune


def _refusal(problem: DomainError) -> str:
    """The sentence a page shows above its form; a refusal of access is the 403/404 page instead."""
    if isinstance(problem, AccessDeniedError | NotFoundError):
        raise problem
    return str(problem)


def index(request: HttpRequest) -> HttpResponse:
    """The communes the user may open; commune staff go straight to their own."""
    visible = access.visible_communes(request.user)
    if visible is not None and len(visible) == 1:
        return redirect("registry:commune", code=visible[0].code)
    with_records = selectors.communes_with_households(visible)
    return render(
        request,
        "registry/index.html",
        {"nav": "registry", "communes": with_records, "sees_none": visible is not None and not visible},
    )


def commune(request: HttpRequest, code: str) -> HttpResponse:
    """The commune's summary (rates, the targets reading them) and its households, searchable."""
    place = _commune(request, code)
    query = request.GET.get("q", "").strip()[:100]
    found = selectors.households(place, query)
    shown = list(found[: selectors.PAGE_SIZE])
    record_access(
        request.user,
        action="search" if query else "view",
        purpose=f"tìm: {query}" if query else "danh sách hộ",
        subjects=[f"household:{h.pk}" for h in shown],
        unit=place,
        request=request,
    )
    context = {
        "nav": "registry",
        "commune": place,
        "summary": selectors.commune_summary(place),
        "households": shown,
        "total": found.count(),
        "query": query,
        "can_keep": access.role_of(request.user) in access.KEEPERS,
        "this_year": timezone.localdate().year,
        "this_month": timezone.localdate().strftime("%Y-%m"),
    }
    return render(request, "registry/commune.html", context)


def household(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    place = _commune(request, code)
    found = Household.objects.filter(pk=pk, commune=place).first()
    if found is None:
        raise Http404(_("Không có hộ này trong sổ của xã."))
    purpose = request.GET.get("muc-dich", "").strip()
    unmasked = access.shows_identifiers(request.user, place, purpose or None)
    people = selectors.members(found, unmasked=unmasked)
    record_access(
        request.user,
        action="view",
        purpose=purpose or "xem hồ sơ hộ",
        subjects=[f"household:{found.pk}", *(f"person:{row.person.pk}" for row in people)],
        unit=place,
        request=request,
    )
    context = {
        "nav": "registry",
        "commune": place,
        "household": found,
        "people": people,
        "unmasked": unmasked,
        "purpose": purpose,
        "assessments": found.assessments.select_related("review").order_by("-review__year"),
        "merged_from": found.merged_from.all(),
        "can_keep": access.role_of(request.user) in access.KEEPERS and found.merged_into_id is None,
        "others": Household.objects.filter(commune=place, merged_into=None)
        .exclude(pk=found.pk)
        .order_by("code")
        if access.role_of(request.user) in access.KEEPERS
        else [],
    }
    return render(request, "registry/household.html", context)


def export_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The commune's household list as xlsx: only with a stated purpose, which is logged; identifiers
    stay masked unless the user may see them for that purpose."""
    place = _commune(request, code)
    purpose = request.GET.get("muc-dich", "")
    problem = purpose_problem(purpose)
    if problem is not None:
        raise InvalidValueError(problem)
    content, people = selectors.households_xlsx(
        place, unmasked=access.shows_identifiers(request.user, place, purpose)
    )
    record_access(
        request.user,
        action="export",
        purpose=purpose,
        subjects=[f"person:{pk}" for pk in people],
        unit=place,
        request=request,
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="danh-sach-ho-{place.code}.xlsx"'
    return response


def review_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    place = _commune(request, code)
    found = PovertyReview.objects.filter(commune=place, year=year).first()
    if found is None:
        raise Http404(_("Xã chưa mở đợt rà soát năm này."))
    record_access(
        request.user,
        action="export",
        purpose=f"tệp nhập kết quả rà soát năm {year}",
        subjects=[f"review:{found.pk}"],
        unit=place,
        request=request,
    )
    response = HttpResponse(selectors.review_template_xlsx(found), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ra-soat-{place.code}-{year}.xlsx"'
    return response


def template_xlsx(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(household_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-ho.xlsx"'
    return response


def _upload(request: HttpRequest) -> tuple[bytes, str]:
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidValueError(_("Hãy chọn một tệp .xlsx."))
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise InvalidValueError(_("Tệp lớn hơn giới hạn 20 MB."))
    return upload.read(), upload.name or "tep.xlsx"


def import_view(request: HttpRequest, code: str) -> HttpResponse:
    place = _commune(request, code)
    access.require_role(request.user, place, access.KEEPERS, "nhập danh sách hộ của xã")
    context: dict[str, object] = {"nav": "registry", "commune": place}
    status = 200
    if request.method == "POST":
        try:
            content, name = _upload(request)
            context["report"] = services.registry_import(
                content, name, commune=place, user=_user(request), request=request
            )
            context["file_name"] = name
        except ImportRejectedError as refused:
            context["problems"], status = refused.problems, 400
        except DomainError as problem:
            context["error"], status = _refusal(problem), 400
    return render(request, "registry/import.html", context, status=status)


def merge(request: HttpRequest, code: str) -> HttpResponse:
    place = _commune(request, code)
    if request.method != "POST":
        return redirect("registry:commune", code=place.code)
    kept_id, merged_id = request.POST.get("kept", ""), request.POST.get("merged", "")
    if not (is_ascii_digits(kept_id) and is_ascii_digits(merged_id)):
        raise InvalidValueError(_("Hãy chọn hai người để gộp."))
    kind = request.POST.get("kind", "person")
    model: type[Person] | type[Household] = Household if kind == "household" else Person
    scope = {"commune": place} if kind == "household" else {"household__commune": place}
    kept = model.objects.filter(pk=int(kept_id), **scope).first()
    merged = model.objects.filter(pk=int(merged_id), **scope).first()
    if kept is None or merged is None:
        raise Http404(_("Không có hồ sơ này trong sổ của xã."))
    reason = request.POST.get("reason", "")
    if isinstance(kept, Household) and isinstance(merged, Household):
        services.household_merge(kept, merged, user=_user(request), reason=reason, request=request)
        target = kept
    elif isinstance(kept, Person) and isinstance(merged, Person):
        services.person_merge(kept, merged, user=_user(request), reason=reason, request=request)
        target = kept.household
    else:
        raise InvalidValueError(_("Hãy chọn hai người để gộp."))
    messages.success(request, _("Đã gộp hai hồ sơ; hồ sơ bị gộp vẫn được lưu trong lịch sử."))
    return redirect("registry:household", code=place.code, pk=target.pk)


# ------------------------------------------------------------------------------------------ review


def review_open(request: HttpRequest, code: str) -> HttpResponse:
    place = _commune(request, code)
    if request.method != "POST":
        return redirect("registry:commune", code=place.code)
    year_text = request.POST.get("year", "")
    if not is_ascii_digits(year_text):
        raise InvalidValueError(_("Năm rà soát phải là một số, ví dụ 2026."))
    review = services.review_open(place, int(year_text), user=_user(request))
    return redirect("registry:review", code=place.code, year=review.year)


def review(request: HttpRequest, code: str, year: int) -> HttpResponse:
    place = _commune(request, code)
    found = PovertyReview.objects.filter(commune=place, year=year).first()
    if found is None:
        raise Http404(_("Xã chưa mở đợt rà soát năm này."))
    error = ""
    problems: list[tuple[int, str]] = []
    if request.method == "POST":
        try:
            _review_action(request, found)
        except ImportRejectedError as refused:
            problems = refused.problems
        except DomainError as problem:
            error = _refusal(problem)
        else:
            return redirect("registry:review", code=place.code, year=year)
        found.refresh_from_db()
    households = list(Household.objects.filter(commune=place, merged_into=None).order_by("code"))
    assessed = {a.household_id: a for a in found.assessments.all()}
    rows = [(h, assessed.get(h.pk)) for h in households]
    record_access(
        request.user,
        action="view",
        purpose=f"rà soát hộ nghèo năm {year}",
        subjects=[f"household:{h.pk}" for h in households],
        unit=place,
        request=request,
    )
    role = access.role_of(request.user)
    context = {
        "nav": "registry",
        "commune": place,
        "review": found,
        "rows": rows,
        "deprivations": selectors.deprivation_choices(year),
        "decisions": found.decisions.select_related("decided_by"),
        "editable": found.state in ("draft", "returned") and role in access.KEEPERS,
        "can_approve": found.state == "proposed" and role in access.APPROVERS,
        "counts": _counts(assessed.values()),
        "standards": STANDARD_CHOICES,
        "error": error,
        "problems": problems,
    }
    return render(request, "registry/review.html", context, status=400 if error or problems else 200)


def _counts(assessments: object) -> dict[str, int]:
    counts: dict[str, int] = {}
    for assessment in assessments:  # type: ignore[attr-defined]
        counts[assessment.standard] = counts.get(assessment.standard, 0) + 1
    return counts


def _save_assessments(request: HttpRequest, found: PovertyReview, user: User) -> None:
    for household in Household.objects.filter(commune=found.commune, merged_into=None):
        income = request.POST.get(f"income_{household.pk}", "").strip()
        if not income:
            continue
        try:
            amount = parse_integer(income)
        except DomainError:
            raise InvalidValueError(
                _("Hộ %(code)s: thu nhập '%(text)s' phải là số đồng.")
                % {"code": household.code, "text": income}
            ) from None
        lacks = request.POST.getlist(f"lacks_{household.pk}")
        services.assessment_set(
            found, household, income=amount, deprivations=lacks, user=user, request=request
        )


def _review_action(request: HttpRequest, found: PovertyReview) -> None:
    action = request.POST.get("action", "")
    user = _user(request)
    reason = request.POST.get("reason", "")
    if action == "save":
        with transaction.atomic():
            _save_assessments(request, found, user)
        messages.success(request, _("Đã lưu kết quả rà soát."))
    elif action == "upload":
        content, name = _upload(request)
        count = services.assessments_import(found, content, name, user=user, request=request)
        messages.success(request, _("Đã nhập kết quả rà soát của %(count)d hộ.") % {"count": count})
    elif action == "propose":
        services.review_propose(found, user=user, reason=reason, request=request)
        messages.success(request, _("Đã đề nghị Chủ tịch UBND xã phê duyệt."))
    elif action == "approve":
        services.review_approve(found, user=user, reason=reason, request=request)
        messages.success(request, _("Đã phê duyệt; kết quả rà soát đã khóa và tỷ lệ hộ nghèo đã được ghi."))
    elif action == "return":
        services.review_return(found, user=user, reason=reason, request=request)
        messages.success(request, _("Đã trả lại đề nghị."))
    else:
        raise InvalidValueError(_("Thao tác không rõ."))


# ------------------------------------------------------------------------------------------ cycles


def cycle(request: HttpRequest, code: str, month: str) -> HttpResponse:
    place = _commune(request, code)
    first = services.month_start(month)
    found = PaymentCycle.objects.filter(commune=place, month=first).first()
    error = ""
    if request.method == "POST":
        try:
            _cycle_action(request, place, first, found)
        except DomainError as problem:
            error = _refusal(problem)
        else:
            return redirect("registry:cycle", code=place.code, month=first.strftime("%Y-%m"))
        found = PaymentCycle.objects.filter(commune=place, month=first).first()
    lines = (
        list(found.lines.select_related("person__household").order_by("person__full_name", "kind"))
        if found
        else []
    )
    if lines:
        record_access(
            request.user,
            action="view",
            purpose=f"kỳ chi trả tháng {first:%m/%Y}",
            subjects=[f"person:{line.person_id}" for line in lines],
            unit=place,
            request=request,
        )
    role = access.role_of(request.user)
    user = _user(request)
    context = {
        "nav": "registry",
        "commune": place,
        "month": first,
        "cycle": found,
        "lines": lines,
        "totals": selectors.reconciliation(found) if found else None,
        "can_prepare": role in access.KEEPERS and (found is None or found.state == "draft"),
        "can_approve": bool(
            found
            and found.state == "draft"
            and found.prepared_by_id
            and found.prepared_by_id != user.pk
            and role in access.CYCLE_APPROVERS
        ),
        "can_record": bool(found and found.state == "approved" and role in access.KEEPERS),
        "can_close": bool(found and found.state == "approved" and role in access.CYCLE_APPROVERS),
        "channels": PaymentLine.CHANNEL_CHOICES,
        "statuses": [s for s in PaymentLine.STATUS_CHOICES if s[0] != "pending"],
        "error": error,
    }
    return render(request, "registry/cycle.html", context, status=400 if error else 200)


def _cycle_action(
    request: HttpRequest, place: AdministrativeUnit, first: date, found: PaymentCycle | None
) -> None:
    action = request.POST.get("action", "")
    user = _user(request)
    if action == "prepare":
        services.cycle_prepare(place, first, user=user, request=request)
        messages.success(request, _("Đã lập danh sách chi trả."))
        return
    if found is None:
        raise InvalidValueError(_("Chưa lập danh sách chi trả của tháng này."))
    if action == "approve":
        services.cycle_approve(found, user=user, request=request)
        messages.success(request, _("Đã phê duyệt danh sách chi trả."))
    elif action == "record":
        lines = {line.pk: line for line in found.lines.all()}
        recorded = 0
        for pk, line in lines.items():
            status = request.POST.get(f"status_{pk}", "")
            if not status:
                continue
            channel = request.POST.get(f"channel_{pk}", line.channel)
            if (status, channel) != (line.status, line.channel):
                services.payment_record(line, status=status, channel=channel, user=user, request=request)
                recorded += 1
        messages.success(request, _("Đã ghi kết quả %(count)d khoản chi trả.") % {"count": recorded})
    elif action == "close":
        services.cycle_close(found, user=user, request=request)
        messages.success(request, _("Đã khóa sổ kỳ chi trả; các số liệu đã được ghi."))
    else:
        raise InvalidValueError(_("Thao tác không rõ."))
