"""The data-protection officer's page (/bao-ve-du-lieu/): the personal-data access log with filters
and its export, and the breach records with their 72-hour countdown. DPO and administrator only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from planwatch.web.privacy import selectors, services
from planwatch.web.privacy.export import log_csv, log_xlsx
from planwatch.web.privacy.forms import IncidentForm, LogFilterForm, PurposeForm
from planwatch.web.privacy.models import AccessAction, DataIncident, PersonalDataAccess

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(request: HttpRequest) -> None:
    if not selectors.may_read_access_log(request.user):
        raise PermissionDenied(
            _("Nhật ký dữ liệu cá nhân chỉ dành cho người phụ trách bảo vệ dữ liệu và quản trị.")
        )


def _page(
    request: HttpRequest,
    *,
    purpose_form: PurposeForm | None = None,
    incident_form: IncidentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    source = request.GET if request.method == "GET" else request.POST
    filters = LogFilterForm(source, units=selectors.logged_units())
    chosen = filters.filters()
    rows = selectors.access_log(**chosen) if chosen is not None else PersonalDataAccess.objects.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = source.copy()
    query.pop("page", None)
    for key in ("csrfmiddlewaretoken", "purpose", "format"):
        query.pop(key, None)
    now = timezone.now()
    incidents: list[dict[str, Any]] = []
    for incident in selectors.incidents():
        text, urgent = selectors.incident_countdown(incident, now)
        incidents.append({"incident": incident, "countdown": text, "urgent": urgent})
    context = {
        "nav": "privacy",
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "filter_items": [(k, v) for k, v in query.items() if v],
        "labels": dict(AccessAction.choices),
        "purpose_form": purpose_form or PurposeForm(),
        "incident_form": incident_form or IncidentForm(),
        "incidents": incidents,
        "usernames": selectors.logged_usernames(),
    }
    return render(request, "privacy/log.html", context, status=status)


@require_GET
def access_log_page(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    return _page(request)


@require_POST
def access_log_export(request: HttpRequest) -> HttpResponse:
    """The filtered log as xlsx or CSV, once a purpose is stated; the export is itself logged."""
    _require_reader(request)
    purpose_form = PurposeForm(request.POST)
    chosen = LogFilterForm(request.POST, units=selectors.logged_units()).filters()
    if not purpose_form.is_valid() or chosen is None:
        return _page(request, purpose_form=purpose_form, status=400)
    rows = selectors.access_log(**chosen)
    as_csv = request.POST.get("format") == "csv"
    body = log_csv(rows) if as_csv else log_xlsx(rows)  # refuses too many rows before logging
    services.record_access(
        request.user,
        action=AccessAction.EXPORT,
        purpose=purpose_form.cleaned_data["purpose"],
        request=request,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response: HttpResponse | StreamingHttpResponse
    if as_csv:
        response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
        name = f"nhat-ky-du-lieu-ca-nhan-{stamp}.csv"
    else:
        response = HttpResponse(body, content_type=XLSX)
        name = f"nhat-ky-du-lieu-ca-nhan-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response  # type: ignore[return-value]


@require_POST
def incident_new(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = IncidentForm(request.POST)
    if not form.is_valid():
        return _page(request, incident_form=form, status=400)
    services.incident_record(
        user=request.user,
        what=form.cleaned_data["what"],
        detected_at=form.cleaned_data["detected_at"],
        communes=form.cleaned_data["communes"],
    )
    messages.success(request, _("Đã ghi sự cố; hạn thông báo là 72 giờ kể từ khi phát hiện."))
    return redirect("privacy:log")


@require_POST
def incident_notified(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    services.incident_notified(get_object_or_404(DataIncident, pk=pk))
    return redirect("privacy:log")
