"""Login throttling: at most ``MAX_FAILURES`` password checks for one username, and
``MAX_ADDRESS_FAILURES`` from one client address, within ``WINDOW_SECONDS``; then that username (or
that address) waits, and nobody else does.

Each attempt takes one numbered slot *before* its password is checked, with the cache's atomic ``add``
(an INSERT on the table's unique key), so that 40 attempts sent at once get at most 5 checks, not 9.
A failed attempt keeps its slot until it expires; a successful one frees its username's slots. The slots
live in the cache every server process shares (settings ``CACHES["shared"]``): an attempt counts wherever
it lands.

The client address is the one the trusted reverse proxies saw (``client_address``): behind nginx every
request comes from 127.0.0.1, and counting that would let one person's typos lock out the province.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest

MAX_FAILURES = 5
# An office, a school or a commune behind one address holds several people: a higher bound.
MAX_ADDRESS_FAILURES = 20
WINDOW_SECONDS = 15 * 60


def client_address(request: HttpRequest) -> str:
    """The address of the client: ``REMOTE_ADDR``, or with ``PLANWATCH_TRUSTED_PROXIES`` = N reverse
    proxies in front, the address the outermost of them received the request from (the N-th from the
    right of ``X-Forwarded-For``, each proxy appending the address it saw). What a client writes into the
    header itself stays to the left of that and is never trusted."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "PLANWATCH_TRUSTED_PROXIES", 0))
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if a.strip()]
    chain = [*forwarded, remote]
    candidate = chain[-(proxies + 1)] if len(chain) > proxies else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """The slots one attempt holds, to keep (a failure) or to free (a success)."""

    username: str
    user_slot: str
    address_slot: str


def _cache() -> BaseCache:
    return caches["shared"]


def _user_prefix(username: str) -> str:
    # Hashed: what is typed as a username may hold spaces or anything else a cache key may not.
    typed = hashlib.sha256(username.strip().casefold().encode("utf-8")).hexdigest()[:32]
    return f"login-fail:user:{typed}"


def _address_prefix(address: str) -> str:
    return f"login-fail:addr:{hashlib.sha256(address.encode('utf-8')).hexdigest()[:32]}"


def _take_slot(prefix: str, limit: int) -> str | None:
    cache = _cache()
    keys = [f"{prefix}:{n}" for n in range(limit)]
    taken = cache.get_many(keys)
    for key in keys:
        if key not in taken and cache.add(key, 1, WINDOW_SECONDS):
            return key
    return None


def login_attempt_begin(username: str, address: str) -> LoginAttempt | None:
    """Take a slot for one password check of ``username`` from ``address``; None when the username or
    the address has used up its checks of the window (nothing is taken then)."""
    user_slot = _take_slot(_user_prefix(username), MAX_FAILURES)
    if user_slot is None:
        return None
    address_slot = _take_slot(_address_prefix(address), MAX_ADDRESS_FAILURES)
    if address_slot is None:
        _cache().delete(user_slot)
        return None
    return LoginAttempt(username=username, user_slot=user_slot, address_slot=address_slot)


def login_attempt_succeeded(attempt: LoginAttempt) -> None:
    """The password was right: the username's failures are forgotten and this attempt's address slot
    freed (the address's earlier failures still count)."""
    prefix = _user_prefix(attempt.username)
    _cache().delete_many([f"{prefix}:{n}" for n in range(MAX_FAILURES)] + [attempt.address_slot])
