"""Reads never wait for the write lock, and a write that waits too long is a clear 503.

SQLite has one writer at a time. A large import holds the lock while it writes a chunk, so a request
that also writes waits (up to the ``timeout`` of settings ``DATABASES``). Two rules keep readers out of
that queue:

- **Bookkeeping writes never wait** (``write_if_free``): a token's ``last_used_at``, a rate-limit count,
  a shared cache entry. They are tried at once and left for later (or dropped: each is only a note)
  when the database is busy; a GET is never held up or refused for them.
- **A write that waits too long** answers 503 with ``Retry-After`` (``busy_response``), not 500: the
  request was sound and will succeed when the import's chunk is written.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

RETRY_AFTER_SECONDS = 5
BUSY_MESSAGE = "Cơ sở dữ liệu đang bận ghi (một lần nhập số liệu lớn); hãy thử lại sau ít giây."

log = logging.getLogger(__name__)


def is_busy(error: BaseException) -> bool:
    """The database refused because another writer holds the lock (SQLite: "database is locked")."""
    text = str(error).lower()
    return isinstance(error, OperationalError) and ("locked" in text or "busy" in text)


def write_if_free(write: Callable[[], object]) -> bool:
    """Run a bookkeeping write only if the database takes it at once; False (nothing written) when
    another process holds the write lock or the write fails."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # PostgreSQL writes rows without a database-wide lock; inside a transaction that already
        # writes (a POST, a test), the lock is ours.
        try:
            with transaction.atomic():
                write()
        except DatabaseError as error:
            log.info("bookkeeping write skipped: %s", error)
            return False
        return True
    wait_ms = int(float(settings.DATABASES["default"].get("OPTIONS", {}).get("timeout", 5)) * 1000)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 0")
    try:
        with transaction.atomic():
            write()
    except DatabaseError as error:
        log.info("bookkeeping write skipped: %s", error)
        return False
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {wait_ms}")
    return True


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON on the API, the error page elsewhere."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": BUSY_MESSAGE}, status=503)
    else:
        response = render(request, "error.html", {"status": 503, "message": BUSY_MESSAGE}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    """A view whose write waited past the database's timeout answers 503 + Retry-After."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if is_busy(exception) else None


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: what a middleware raised (a session saved while the lock was held) is a 503 too
    when the database was busy; anything else stays the plain 500."""
    error = sys.exc_info()[1]
    if error is not None and is_busy(error):
        return busy_response(request)
    return defaults.server_error(request)
