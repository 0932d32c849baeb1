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


def _plain_message(exception: Exception | None) -> str:
    """The sentence a view gave its 404 or 403, or "" when there is none a person can read (Django's
    own "Resolver404" and its dictionaries of tried paths are not)."""
    if exception is None or not exception.args:
        return ""
    message = exception.args[0]
    return message if isinstance(message, str) and " " in message.strip() else ""


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 page in plain words: what was asked for is not here, and where to go instead."""
    context = {"message": _plain_message(exception), "path": request.path}
    return render(request, "404.html", context, status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page in plain words: who may see this, and where to go instead."""
    return render(request, "403.html", {"message": _plain_message(exception)}, status=403)
