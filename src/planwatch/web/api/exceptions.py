"""Errors as API answers: planwatch's DomainErrors get their status from ``planwatch.web.errors.status_for``
(the one mapping of pages and API), the framework's own errors a Vietnamese ``detail``.

Every answer is ``{"detail": "…"}``; a request of rows stopped by some of them adds
``"errors": [{"row": 1, "message": "…"}, …]`` listing every such row.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, parsers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from planwatch.domain.errors import DomainError
from planwatch.web.errors import status_for

# The framework's messages are English (its Vietnamese catalogue is nearly empty).
MESSAGES: dict[type[Exception], str] = {
    exceptions.NotAuthenticated: "Cần mã API: gửi tiêu đề 'Authorization: Bearer <mã API>'.",
    exceptions.ParseError: "Nội dung yêu cầu không phải JSON hợp lệ.",
    exceptions.UnsupportedMediaType: "Chỉ nhận nội dung JSON (Content-Type: application/json).",
    exceptions.NotAcceptable: "API chỉ trả về JSON (Accept: application/json).",
    exceptions.PermissionDenied: "Bạn không có quyền thực hiện thao tác này.",
    exceptions.NotFound: "Không tìm thấy.",
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return _domain_error_response(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.MethodNotAllowed):
        response.data = {"detail": f"Không hỗ trợ phương thức {context['request'].method} ở địa chỉ này."}
    elif isinstance(exc, exceptions.Throttled):
        seconds = getattr(exc, "wait", None)
        wait = f" sau {seconds:.0f} giây" if seconds is not None else " sau"
        response.data = {"detail": f"Quá nhiều yêu cầu; hãy thử lại{wait}."}
    elif type(exc) in MESSAGES:
        response.data = {"detail": MESSAGES[type(exc)]}
    return response


def _domain_error_response(error: DomainError) -> Response:
    status = status_for(error)
    problems: list[tuple[int, str]] | None = getattr(error, "problems", None)
    if not problems:
        return Response({"detail": str(error)}, status=status)
    summary = f"Không ghi số liệu nào: {len(problems)} dòng bị từ chối"
    if status == 403:
        summary += ", có dòng ngoài phạm vi cơ quan hoặc địa bàn của bạn"
    errors = [{"row": row, "message": message} for row, message in problems]
    return Response({"detail": summary + ".", "errors": errors}, status=status)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a body nested too deep for Python's reader (``[[[[…]]]]``) answered like
    any other malformed body (400), not as a crash (it raises RecursionError, not ValueError)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(MESSAGES[exceptions.ParseError]) from None
