"""Tổng quan: the dashboard a provincial official opens every morning."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from planwatch.demo import DEMO_LABEL
from planwatch.domain.errors import DomainError
from planwatch.domain.periods import parse_year
from planwatch.domain.vocabulary import Status
from planwatch.web.accounts.access import access_scope
from planwatch.web.catalogue.selectors import document_get, document_list
from planwatch.web.figures.selectors import data_stamp
from planwatch.web.overview.selectors import agency_choices, dashboard, province_choices


def overview(request: HttpRequest) -> HttpResponse:
    access_scope(request.user).require_view()
    as_of = _year(request.GET.get("as_of"))
    province = request.GET.get("province") or None
    document_ref = request.GET.get("document") or None
    document = document_get(document_ref) if document_ref else None
    agency = request.GET.get("agency") or None
    # The page body is cached per filter, language and data stamp (see the template): these are only
    # computed when it has to be rendered again.
    context = {
        "nav": "overview",
        "stamp": data_stamp(),
        "board": SimpleLazyObject(
            lambda: dashboard(province=province, document=document, as_of=as_of, agency=agency)
        ),
        "agency": agency,
        "agencies": SimpleLazyObject(lambda: agency_choices(province=province, document=document)),
        "as_of": as_of,
        "province": province,
        "document": document,
        "provinces": SimpleLazyObject(lambda: province_choices(timezone.localdate())),
        "documents": document_list().filter(is_stub=False),
        "statuses": list(Status),
        "status_by_code": {s.value: s for s in Status},
        "demo_label": DEMO_LABEL,
    }
    return render(request, "overview/overview.html", context)


def _year(text: str | None) -> int | None:
    try:
        return parse_year(text) if text else None
    except DomainError:
        return None
