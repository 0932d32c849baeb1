"""The target page and the page where a figure of the target is entered."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Case, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from planwatch.demo import DEMO_LABEL
from planwatch.domain.errors import DomainError, InvalidValueError
from planwatch.domain.vocabulary import Status
from planwatch.web.accounts.access import AccessScope, access_scope
from planwatch.web.catalogue.models import Target
from planwatch.web.figures.models import DataValue
from planwatch.web.figures.selectors import data_stamp
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
    as_of_year = int(as_of) if as_of and as_of.isdigit() else None
    full_history = request.GET.get("lich-su") == "day-du"
    # The body is cached per target, data stamp and view (see the template): computed only when needed.
    page = SimpleLazyObject(
        lambda: target_page(target, today=timezone.localdate(), as_of=as_of_year, full_history=full_history)
    )
    context = {
        "nav": "documents",
        "page": page,
        "target": target,
        "stamp": stamp,
        "view_key": f"{as_of_year}:{full_history}",
        "can_enter": scope.can_enter(target),
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
        try:
            unit = units.get(pk=int(request.POST.get("unit", "0")))
        except (AdministrativeUnit.DoesNotExist, ValueError):
            unit = None
        try:
            if unit is None:
                raise InvalidValueError("Hãy chọn một địa bàn trong danh sách.")
            outcome = figure_enter(
                scope=scope,
                user=cast(User, request.user),  # LoginRequiredMiddleware: never anonymous here
                target=target,
                unit=unit,
                year_text=request.POST.get("year", ""),
                value_text=request.POST.get("value", ""),
                expected_version=int(request.POST.get("version") or 0),
                reason=request.POST.get("reason", "").strip(),
            )
        except DomainError as problem:
            error = str(problem)
        else:
            messages.success(
                request, _("Đã lưu số liệu.") if outcome != "unchanged" else _("Số liệu không thay đổi.")
            )
            return redirect("targets:detail", pk=target.pk)
    values = DataValue.objects.filter(target=target).select_related("unit").order_by("-year", "unit__name")
    context = {
        "nav": "documents",
        "target": target,
        "units": units,
        "values": values,
        "error": error,
        "form": request.POST if request.method == "POST" else request.GET,
    }
    return render(request, "targets/edit.html", context, status=400 if error else 200)


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
