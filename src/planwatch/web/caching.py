"""Results too costly to compute in every server process: kept in the process's memory, and shared
through the database cache so that one process computes while the others wait for its result.

``planwatch serve`` runs several processes (web.config.server). When the data changes, every cache key
holding ``data_stamp()`` changes with it, and each process would evaluate the whole catalogue again on
its next dashboard: seconds of work, five times over. Here the first process to miss claims the
computation in the shared cache; the others read the result it stores there, or compute it themselves
if it has not arrived within ``WAIT_SECONDS`` (a process that died while computing holds nobody up for
longer than that).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache, caches

from planwatch.web.busy import write_if_free

T = TypeVar("T")

WAIT_SECONDS = 30.0
POLL_SECONDS = 0.05

# One computation at a time per process; the other threads wait for it instead of all computing at
# once. (``planwatch serve`` runs one thread per process, so this only matters to threaded callers.)
_computing = threading.Lock()


def computed_once(key: str, compute: Callable[[], T], timeout: int) -> T:
    """The value kept under ``key`` (which must change whenever the value would), computed by
    ``compute`` in one process of the server when no process has it yet."""
    found: T | None = cache.get(key)
    if found is not None:
        return found
    with _computing:
        found = cache.get(key)
        if found is None:
            found = _shared(key, compute, timeout)
            cache.set(key, found, timeout=timeout)
    return found


def _shared(key: str, compute: Callable[[], T], timeout: int) -> T:
    shared = caches["shared"]
    found: T | None = shared.get(key)
    if found is not None:
        return found
    claim = f"{key}:computing"
    # The claim and the result are notes for the other processes: written only when the database
    # takes them at once (busy.write_if_free), so a GET during a large import never waits for them.
    claimed: list[bool] = []
    if not write_if_free(lambda: claimed.append(shared.add(claim, 1, timeout=int(WAIT_SECONDS)))):
        return compute()
    if not claimed[0]:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            found = shared.get(key)
            if found is not None:
                return found
            if shared.get(claim) is None:  # the other process stopped without a result
                break
        return compute()
    try:
        value = compute()
        write_if_free(lambda: shared.set(key, value, timeout=timeout))
    finally:
        write_if_free(lambda: shared.delete(claim))
    return value
