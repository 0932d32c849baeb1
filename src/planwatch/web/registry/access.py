"""Who may do what in the registry. Which communes a user sees and whether identifiers are shown are
reg-privacy's rules (``planwatch.web.privacy.selectors``); this module only adds which role acts:
the commune's officer keeps the records and proposes, the chairman approves, a second person approves
a payment cycle."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from planwatch.domain.errors import AccessDeniedError, NotFoundError
from planwatch.domain.vocabulary import UserRole
from planwatch.web.accounts.access import access_scope
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.privacy.selectors import communes_visible_to, may_see_commune, may_see_identifiers

AnyUser = AbstractBaseUser | AnonymousUser

# Who keeps a commune's records (imports, enters the review, prepares a payment cycle).
KEEPERS = frozenset({UserRole.COMMUNE_OFFICER, UserRole.ADMINISTRATOR})
# Who approves a commune's poverty review (the chairman of the commune People's Committee).
APPROVERS = frozenset({UserRole.COMMUNE_CHAIR, UserRole.ADMINISTRATOR})
# Who may approve a payment cycle: anyone of the commune's staff but the person who prepared it.
CYCLE_APPROVERS = frozenset({UserRole.COMMUNE_OFFICER, UserRole.COMMUNE_CHAIR, UserRole.ADMINISTRATOR})


def role_of(user: AnyUser) -> UserRole | None:
    return access_scope(user).role


def require_commune(user: AnyUser, commune: AdministrativeUnit) -> None:
    """``commune``'s records are visible to ``user``; else 404 (another commune's records are not
    even said to exist).

    Raises:
        NotFoundError: the commune is not one the user may see.
    """
    if not may_see_commune(user, commune):
        raise NotFoundError("Không có sổ an sinh của xã này trong phạm vi của bạn.")


def require_role(user: AnyUser, commune: AdministrativeUnit, roles: frozenset[UserRole], what: str) -> None:
    """``user`` sees ``commune`` and holds one of ``roles``.

    Raises:
        NotFoundError: the commune is outside the user's scope.
        AccessDeniedError: the user sees it but may not do ``what``.
    """
    require_commune(user, commune)
    if role_of(user) not in roles:
        raise AccessDeniedError(f"Vai trò của bạn không được {what}.")


def visible_communes(user: AnyUser) -> list[AdministrativeUnit] | None:
    """The communes ``user`` may open (None: every commune)."""
    visible = communes_visible_to(user)
    return None if visible is None else list(visible.order_by("name"))


def shows_identifiers(user: AnyUser, commune: AdministrativeUnit, purpose: str | None = None) -> bool:
    return may_see_identifiers(user, purpose, unit=commune)
