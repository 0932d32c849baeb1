"""The target page and the page where a figure of the target is entered."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Case, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwatch.demo import DEMO_LABEL
from planwatch.domain.errors import DomainError, InvalidValueError
from planwatch.domain.numbers import is_ascii_digits
from planwatch.domain.vocabulary import ObservationKind, Status
from planwatch.web.accounts.access import AccessScope, access_scope
from planwatch.web.catalogue.models import Target
from planwatch.web.figures.models import ProposedChange
from planwatch.web.figures.selectors import data_stamp
from planwatch.web.figures.services import observations_of, parse_version, proposed_change_decide
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.geography.selectors import entry_units_for_province
from planwatch.web.targets.selectors import target_get, target_page
from planwatch.web.targets.services import figure_enter


def _target(pk: int, stamp: str | None = None) -> Target:
    try:
        return target_get(pk, stamp)
    except Target.DoesNotExist:
        raise Http404(_("Không có mục tiêu này.")) from None


def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = access_scope(request.user)
    scope.require_view()
    stamp = data_stamp()
    target = _target(pk, stamp)
    as_of = request.GET.get("as_of")
    as_of_year = int(as_of) if as_of and is_ascii_digits(as_of) else None
    full_history = request.GET.get("lich-su") == "day-du"
    commune = request.GET.get("xa", "")[:80] or None
    # The body is cached per target, data stamp and view (see the template): computed only when needed.
    page = SimpleLazyObject(
        lambda: target_page(
            target,
            today=timezone.localdate(),
            as_of=as_of_year,
            full_history=full_history,
            language=translation.get_language(),
            commune=commune,
        )
    )
    context = {
        "nav": "documents",
        "page": page,
        "target": target,
        "stamp": stamp,
        "view_key": f"{as_of_year}:{full_history}:{commune or ''}",
        "can_enter": scope.can_enter(target),
        "can_decide": scope.coordinates(target.document),
        "status_by_code": {s.value: s for s in Status},
        "demo_label": DEMO_LABEL,
    }
    return render(request, "targets/detail.html", context)


def target_figures_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = access_scope(request.user)
    target = _target(pk)
    scope.require_enter(target)
    units = _entry_units(scope, target)
    error = None
    if request.method == "POST":
        unit_id = request.POST.get("unit", "")
        unit = units.filter(pk=int(unit_id)).first() if is_ascii_digits(unit_id) else None
        try:
            if unit is None:
                raise InvalidValueError("Hãy chọn một địa bàn trong danh sách.")
            outcome = figure_enter(
                scope=scope,
                user=cast(User, request.user),  # LoginRequiredMiddleware: never anonymous here
                target=target,
                unit=unit,
                period_text=request.POST.get("year", ""),
                value_text=request.POST.get("value", ""),
                expected_version=parse_version(request.POST.get("version", "")) or 0,
                reason=request.POST.get("reason", "").strip(),
                kind_text=request.POST.get("kind", ""),
            )
        except DomainError as problem:
            error = str(problem)
        else:
            messages.success(request, str(_SAVED[outcome]))
            return redirect("targets:detail", pk=target.pk)
    values = observations_of(target).select_related("unit").order_by("-year", "-period", "unit__name")
    context = {
        "nav": "documents",
        "target": target,
        "units": units,
        "values": values,
        "kinds": [(k.value, k.label) for k in ObservationKind],
        "error": error,
        "form": request.POST if request.method == "POST" else request.GET,
    }
    return render(request, "targets/edit.html", context, status=400 if error else 200)


# What the page says after a save, by the outcome of figures.services.observations_write.
_SAVED = {
    "created": gettext_lazy("Đã lưu số liệu."),
    "changed": gettext_lazy("Đã lưu số liệu."),
    "unchanged": gettext_lazy("Số liệu không thay đổi."),
    "proposed": gettext_lazy(
        "Đã gửi đề nghị sửa số liệu đã duyệt; số đã duyệt vẫn được tính đến khi cơ quan đầu mối chấp nhận."
    ),
}


def target_change_decide(request: HttpRequest, pk: int, change_pk: int) -> HttpResponse:
    """The coordinator accepts or refuses a proposed change of an approved figure (POST only)."""
    if request.method != "POST":
        return redirect("targets:detail", pk=pk)
    scope = access_scope(request.user)
    target = _target(pk)
    try:
        change = ProposedChange.objects.get(pk=change_pk, observation__in=observations_of(target))
    except ProposedChange.DoesNotExist:
        raise Http404(_("Không có đề nghị này.")) from None
    accept = request.POST.get("decision") == "accept"
    try:
        proposed_change_decide(
            scope=scope,
            user=cast(User, request.user),
            change=change,
            accept=accept,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(
            request, _("Đã chấp nhận thay đổi.") if accept else _("Đã không chấp nhận thay đổi.")
        )
    return redirect("targets:detail", pk=pk)


def _entry_units(scope: AccessScope, target: Target) -> models.QuerySet[AdministrativeUnit]:
    """The units a user may pick: theirs (and those inside) for a commune reporter; else only the
    territory the target is about (its document's province), the unit carrying it today first, so it
    is the default (geography.selectors.entry_units_for_province)."""
    if scope.unit_ids is not None:
        return AdministrativeUnit.objects.filter(pk__in=scope.unit_ids).order_by(
            "level", "name", "valid_from"
        )
    ids = [u.pk for u in entry_units_for_province(target.document.province or "", timezone.localdate())]
    order = Case(*(When(pk=pk, then=position) for position, pk in enumerate(ids)), default=len(ids))
    return AdministrativeUnit.objects.filter(pk__in=ids).order_by(order)
