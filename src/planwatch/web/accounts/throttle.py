"""Login throttling: after ``MAX_FAILURES`` failed logins for one username, or from one address, within
``WINDOW_SECONDS``, further attempts are refused until the window passes. Counters live in the cache
every server process shares (settings ``CACHES["shared"]``): an attempt counts wherever it lands."""

from __future__ import annotations

import hashlib

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _cache() -> BaseCache:
    return caches["shared"]


def _keys(username: str, address: str) -> tuple[str, str]:
    # Hashed: what is typed as a username may hold spaces or anything else a cache key may not.
    typed = hashlib.sha256(username.strip().casefold().encode("utf-8")).hexdigest()[:32]
    return f"login-fail:user:{typed}", f"login-fail:addr:{address}"


def login_is_locked(username: str, address: str) -> bool:
    return any(int(_cache().get(key, 0)) >= MAX_FAILURES for key in _keys(username, address))


def login_failure_record(username: str, address: str) -> None:
    cache = _cache()
    for key in _keys(username, address):
        if cache.add(key, 1, WINDOW_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


def login_failures_clear(username: str, address: str) -> None:
    _cache().delete(_keys(username, address)[0])
