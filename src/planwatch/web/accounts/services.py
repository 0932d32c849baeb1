"""Writes of users and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from planwatch.domain.errors import InvalidValueError, NotFoundError
from planwatch.domain.text import normalise_name
from planwatch.domain.vocabulary import UserRole
from planwatch.web.accounts.models import ApiToken, UserProfile
from planwatch.web.agencies.models import Agency
from planwatch.web.busy import write_if_free
from planwatch.web.catalogue.selectors import closest_names
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.geography.selectors import unit_resolve

TOKEN_PREFIX = "pw_"
# Usernames appear in pages, logs, exports and e-mails: a safe alphabet, nothing to escape anywhere.
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}", re.ASCII)

Named = TypeVar("Named", Agency, AdministrativeUnit)


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    role: UserRole
    agency: str | None
    unit_area: str | None = None


# One login per role for `make run`; the coordinator is the agency that coordinates 219/KH-UBND today.
# The registry's commune officer and chairman keep one commune of the demo province (An Giang).
DEMO_COMMUNE = "an-giang-dac-khu-phu-quoc"
DEMO_USERS = (
    DemoUser("quantri", UserRole.ADMINISTRATOR, None),
    DemoUser("daumoi", UserRole.COORDINATOR, "noi-vu-an-giang"),
    DemoUser("baocao.yte", UserRole.REPORTER, "y-te-an-giang"),
    DemoUser("lanhdao", UserRole.VIEWER, None),
    DemoUser("baove.dulieu", UserRole.DATA_PROTECTION_OFFICER, None),
    DemoUser("canbo.phuquoc", UserRole.COMMUNE_OFFICER, None, DEMO_COMMUNE),
    DemoUser("chutich.phuquoc", UserRole.COMMUNE_CHAIR, None, DEMO_COMMUNE),
)


@transaction.atomic
def user_create(
    *,
    username: str,
    role: UserRole,
    agency: str | None = None,
    unit_area: str | None = None,
    password: str | None = None,
    check_password_strength: bool = True,
) -> User:
    """Create a user with a role; ``agency`` and ``unit_area`` are a code or a name of the catalogue.

    Raises:
        InvalidValueError: a taken, empty or unsafe username (``USERNAME``), a weak password, a
            reporter without an agency or a unit, or an agency given to a viewer.
        NotFoundError: an agency or unit the catalogue does not hold.
    """
    username = username.strip()
    if not username:
        raise InvalidValueError("Tên đăng nhập không được để trống.")
    if not USERNAME.fullmatch(username):
        raise InvalidValueError(
            f"Tên đăng nhập '{username[:64]}' không hợp lệ: chỉ gồm chữ thường không dấu, chữ số, '.', '_' "
            "và '-', bắt đầu bằng chữ hoặc số, tối đa 64 ký tự (ví dụ baocao.yte)."
        )
    if User.objects.filter(username=username).exists():
        raise InvalidValueError(f"Tên đăng nhập '{username}' đã có.")
    agency_row = agency_find(agency) if agency else None
    unit_row = unit_find(unit_area) if unit_area else None
    if role is UserRole.REPORTER and agency_row is None and unit_row is None:
        raise InvalidValueError(
            "Người báo cáo phải thuộc một cơ quan (--agency) hoặc một địa bàn (--unit-area)."
        )
    if role is UserRole.COORDINATOR and agency_row is None:
        raise InvalidValueError("Cơ quan đầu mối phải gắn với một cơ quan (--agency).")
    if role in (UserRole.VIEWER, UserRole.ADMINISTRATOR) and (agency_row or unit_row):
        raise InvalidValueError(f"Vai trò {role.value} không gắn với cơ quan hay địa bàn.")
    user = User(username=username, is_staff=role is UserRole.ADMINISTRATOR)
    if password:
        if check_password_strength:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise InvalidValueError("Mật khẩu chưa đủ mạnh: " + " ".join(error.messages)) from error
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    UserProfile.objects.create(user=user, role=role.value, agency=agency_row, unit=unit_row)
    return user


def user_password_set(*, user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])


def api_token_create(*, user: User) -> str:
    """A new API token for ``user``. Only its hash is stored: the returned text is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=token_hash(token), prefix=token[:10])
    return token


def api_token_use(token: str) -> User | None:
    """The active user a token belongs to (recording its use), or None for an unknown or revoked token."""
    row = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(token.strip()), is_revoked=False, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    now = timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        # A note, not a need: never waits for the write lock (a GET during an import), tried again
        # on the next use when the database was busy.
        write_if_free(lambda: ApiToken.objects.filter(pk=row.pk).update(last_used_at=now))
    return row.user


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def demo_users_ensure(*, passwords: dict[str, str]) -> list[tuple[DemoUser, str]]:
    """Create the demo users that do not exist yet and set each one's password from ``passwords``
    (username -> password). Idempotent; returns every demo user with its password."""
    logins = []
    for demo in DEMO_USERS:
        password = passwords[demo.username]
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = user_create(
                username=demo.username,
                role=demo.role,
                agency=demo.agency,
                unit_area=demo.unit_area,
                password=password,
                check_password_strength=False,
            )
        elif not user.check_password(password):
            user_password_set(user=user, password=password)
        logins.append((demo, password))
    return logins


def agency_find(reference: str) -> Agency:
    """An agency by code or by name or alias (as written, diacritics and case aside).

    A name that a former agency shares with today's (Sở Nội vụ tỉnh Lào Cai before and after the
    merger of 01/7/2025) means today's.

    Raises:
        NotFoundError: no agency, with the closest names.
        InvalidValueError: a name several agencies of today share.
    """
    today = timezone.localdate()
    wanted = normalise_name(reference)
    agencies = list(Agency.objects.all())
    named = [a for a in agencies if wanted in {normalise_name(n) for n in [a.name, *a.aliases]}]
    current = [a for a in named if (a.valid_from or today) <= today <= (a.valid_to or today)]
    if len(named) > 1 and len(current) == 1 and not any(a.code == reference.strip() for a in agencies):
        return current[0]
    return _by_code_or_name(
        reference, agencies, lambda a: [a.name, *a.aliases], what="cơ quan", several="nhiều cơ quan"
    )


def unit_find(reference: str) -> AdministrativeUnit:
    """An administrative unit by code, official code or name, preferring one in force today
    (planwatch.web.geography.selectors.unit_resolve: an ambiguous name lists the candidates)."""
    return unit_resolve(reference, on=timezone.localdate())


def _by_code_or_name(
    reference: str, rows: list[Named], names: Callable[[Named], list[str]], *, what: str, several: str
) -> Named:
    by_code = [row for row in rows if row.code == reference.strip()]
    if by_code:
        return by_code[0]
    wanted = normalise_name(reference)
    matches = [row for row in rows if wanted in {normalise_name(name) for name in names(row)}]
    if len(matches) == 1:
        return matches[0]
    if matches:
        codes = ", ".join(row.code for row in matches)
        raise InvalidValueError(f"Tên {what} '{reference}' khớp {several} ({codes}); hãy dùng mã.")
    close = closest_names(reference, [name for row in rows for name in names(row)[:1]])
    hint = "; gần nhất: " + " | ".join(close) if close else ""
    raise NotFoundError(f"Không có {what} '{reference}' trong danh mục{hint}.")
