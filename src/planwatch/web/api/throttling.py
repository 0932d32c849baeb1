"""The API's rate limits, counted across every server process without a write per request.

With one count per process, each of the workers would allow the full rate, so the counts are shared
through the database cache (settings ``CACHES["shared"]``). But a write on every GET would put every
read in the queue for SQLite's one write lock, behind a large import (busy.py). So each process counts
in its own memory, adds what it counted to the shared count at most once every ``FLUSH_SECONDS`` (a
write that never waits: ``busy.write_if_free``; when the database is busy the counts wait for the next
flush), and judges a request by the shared count plus its own not yet added.

The count is per fixed window of the rate's duration (a minute): a client may get up to twice the rate
across a window's edge, and between flushes the processes see each other's counts up to a second late.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.core.cache import caches
from rest_framework import throttling
from rest_framework.request import Request

from planwatch.web.busy import write_if_free

FLUSH_SECONDS = 1.0

_lock = threading.Lock()
_pending: dict[str, int] = {}  # shared key -> requests counted here, not yet added to the shared count
_flushed_at = 0.0


def throttle_counts_forget() -> None:
    """Drop this process's pending counts (tests, where the shared table is rolled back)."""
    global _flushed_at
    with _lock:
        _pending.clear()
        _flushed_at = 0.0


def _flush(now: float, timeout: int) -> None:
    global _flushed_at
    with _lock:
        if now - _flushed_at < FLUSH_SECONDS or not _pending:
            return
        _flushed_at = now
        batch = dict(_pending)
        _pending.clear()
    shared = caches["shared"]

    def add_counts() -> None:
        for key, count in batch.items():
            if not shared.add(key, count, timeout):
                try:
                    shared.incr(key, count)
                except ValueError:  # expired meanwhile
                    shared.set(key, count, timeout)

    if not write_if_free(add_counts):
        with _lock:
            for key, count in batch.items():
                _pending[key] = _pending.get(key, 0) + count


class _BatchedRateThrottle(throttling.SimpleRateThrottle):
    wait_seconds: float | None = None
    num_requests: int  # set by SimpleRateThrottle from the rate ("600/minute")
    duration: int

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        now = time.time()
        window = int(now // self.duration)
        key = f"{ident}:{window}"
        shared = int(caches["shared"].get(key) or 0)
        with _lock:
            counted = shared + _pending.get(key, 0) + 1
            allowed = counted <= self.num_requests
            if allowed:
                _pending[key] = _pending.get(key, 0) + 1
        _flush(now, int(self.duration) * 2)
        if not allowed:
            self.wait_seconds = (window + 1) * self.duration - now
        return allowed

    def wait(self) -> float | None:
        return self.wait_seconds


class AnonRateThrottle(_BatchedRateThrottle, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_BatchedRateThrottle, throttling.UserRateThrottle):
    pass
