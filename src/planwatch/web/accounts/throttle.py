"""Login throttling: after ``MAX_FAILURES`` failed logins for one username, or from one address, within
``WINDOW_SECONDS``, further attempts are refused until the window passes. Counters live in the cache."""

from __future__ import annotations

from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _keys(username: str, address: str) -> tuple[str, str]:
    return f"login-fail:user:{username.strip().casefold()}", f"login-fail:addr:{address}"


def login_is_locked(username: str, address: str) -> bool:
    return any(int(cache.get(key, 0)) >= MAX_FAILURES for key in _keys(username, address))


def login_failure_record(username: str, address: str) -> None:
    for key in _keys(username, address):
        if cache.add(key, 1, WINDOW_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


def login_failures_clear(username: str, address: str) -> None:
    cache.delete(_keys(username, address)[0])
