"""Download of a consolidated report: ``/reports/<doc_id>/<year>.<docx|pdf|xlsx>[?review=5y]``.

The report is built off the request (``reports.builds``): while it is being built the same address
answers 202 with a page that refreshes itself every two seconds (the ``Refresh`` header), and once it
is ready it answers with the file."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from planwatch.domain.errors import InvalidValueError
from planwatch.reporting import ReportFormat, ReviewKind
from planwatch.web.accounts.access import access_scope
from planwatch.web.catalogue.selectors import document_get
from planwatch.web.reports.builds import BuildBusyError, Building, report_or_build
from planwatch.web.reports.selectors import report_year_check


def attachment_header(ascii_name: str, name: str) -> str:
    """``Content-Disposition`` with an ASCII fallback and the Vietnamese name (RFC 6266, RFC 5987)."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _review(text: str | None) -> ReviewKind | None:
    if not text:
        return None
    try:
        return ReviewKind(text)
    except ValueError:
        raise InvalidValueError(f"review={text} không hợp lệ: chỉ có review=5y (sơ kết 5 năm)") from None


@require_GET
def report_download(request: HttpRequest, doc_id: str, year: int, fmt: str) -> HttpResponse:
    """The report as a file, for every user with a role (leadership reads reports too)."""
    access_scope(request.user).require_view()
    try:
        report_format = ReportFormat(fmt)
    except ValueError:
        raise Http404("định dạng báo cáo phải là docx, pdf hoặc xlsx") from None
    review = _review(request.GET.get("review"))
    document = document_get(doc_id)
    report_year_check(year)
    try:
        report = report_or_build(document, year, review, report_format)
    except BuildBusyError as busy:
        response = HttpResponse(str(busy), status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "10"
        return response
    if isinstance(report, Building):
        number = document.number or document.doc_id
        name = f"{number} năm {year} ({report_format.value})"
        response = render(request, "reports/building.html", {"building": report, "name": name}, status=202)
        response["Refresh"] = "2"
        response["Cache-Control"] = "no-store"
        return response
    response = HttpResponse(report.data, content_type=report_format.content_type)
    response["Content-Disposition"] = attachment_header(report.name, report.title)
    response["Cache-Control"] = "private, no-store"
    return response
