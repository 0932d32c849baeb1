"""Download of a consolidated report: ``/reports/<doc_id>/<year>.<docx|pdf|xlsx>[?review=5y]``."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from planwatch.domain.errors import InvalidValueError
from planwatch.reporting import ReportFormat, ReviewKind
from planwatch.web.accounts.access import access_scope
from planwatch.web.catalogue.selectors import document_get
from planwatch.web.reports.selectors import report_file


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
    report = report_file(document_get(doc_id), year, review, report_format)
    response = HttpResponse(report.data, content_type=report_format.content_type)
    response["Content-Disposition"] = attachment_header(report.name, report.title)
    response["Cache-Control"] = "private, no-store"
    return response
