"""The one place DomainErrors become HTTP responses: 403 for access, 404 for unknown things, 409 for
a write based on a figure that changed meanwhile, 400 for everything else the user can correct. API
paths get JSON, pages get the error page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from planwatch.domain.errors import AccessDeniedError, DomainError, NotFoundError, StaleEditError


def status_for(error: DomainError) -> int:
    if isinstance(error, AccessDeniedError):
        return 403
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, StaleEditError):
        return 409
    return 400


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        status = status_for(exception)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(exception)}, status=status)
        return render(request, "error.html", {"status": status, "message": str(exception)}, status=status)
