"""Who may do what: the one place permission rules live. Selectors, services and API views call these
helpers; templates only show what the helpers already allowed.

Roles (issue #4): an administrator may do everything; a coordinator coordinates the documents whose
coordinating agency today is theirs (opens rounds, approves, publishes) and may enter their figures;
a reporter enters figures only for targets their agency monitors (named in the document, or its
successor today) and, when they belong to an administrative unit, only for that unit and the units
inside it; a viewer reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from planwatch.domain.errors import AccessDeniedError
from planwatch.domain.succession import unit_and_descendants
from planwatch.domain.vocabulary import UserRole
from planwatch.web.accounts.backends import PROFILE_ATTRIBUTE, ProfileFacts
from planwatch.web.accounts.models import UserProfile
from planwatch.web.agencies.selectors import MonitorResolver
from planwatch.web.catalogue.models import PolicyDocument, Target
from planwatch.web.geography.models import AdministrativeUnit

AnyUser = AbstractBaseUser | AnonymousUser


@dataclass
class AccessScope:
    """What one signed-in user may do, computed once per request.

    ``unit_ids`` is None when the user is not tied to a unit (every unit allowed).
    """

    user_id: int | None
    role: UserRole | None
    agency_code: str | None
    unit_ids: frozenset[int] | None
    today: date
    _resolver: MonitorResolver | None = field(default=None, repr=False)
    _coordinated: dict[int, bool] = field(default_factory=dict, repr=False)
    _readers: dict[int, list[Target]] = field(default_factory=dict, repr=False)

    @property
    def resolver(self) -> MonitorResolver:
        if self._resolver is None:
            self._resolver = MonitorResolver.load()
        return self._resolver

    @property
    def can_view(self) -> bool:
        return self.role is not None

    @property
    def is_administrator(self) -> bool:
        return self.role is UserRole.ADMINISTRATOR

    @property
    def can_upload_documents(self) -> bool:
        return self.role in (UserRole.ADMINISTRATOR, UserRole.COORDINATOR)

    def coordinates(self, document: PolicyDocument) -> bool:
        """True for an administrator, and for a coordinator of the document's coordinating agency today."""
        if self.is_administrator:
            return True
        if self.role is not UserRole.COORDINATOR or not self.agency_code:
            return False
        if document.pk not in self._coordinated:
            coordinator = self.resolver.coordinator_on(document, self.today)
            self._coordinated[document.pk] = coordinator is not None and coordinator.code == self.agency_code
        return self._coordinated[document.pk]

    def monitors(self, target: Target) -> bool:
        """True when the user's agency is the one the document names for ``target`` or its successor today."""
        if not self.agency_code:
            return False
        named = target.responsible_agency
        if named is not None and named.code == self.agency_code:
            return True
        monitor = self.resolver.monitor_on(target, self.today)
        return monitor is not None and monitor.code == self.agency_code

    def can_enter(self, target: Target, unit: AdministrativeUnit | None = None) -> bool:
        """May the user write the figure of ``target`` (for ``unit`` when given)?"""
        if self.is_administrator:
            return True
        if self.role is UserRole.COORDINATOR:
            return self.coordinates(target.document) or self.monitors(target)
        if self.role is not UserRole.REPORTER:
            return False
        if unit is not None and self.unit_ids is not None and unit.pk not in self.unit_ids:
            return False
        # A commune reporter with no agency answers for every target broken down to their commune.
        return self.monitors(target) if self.agency_code else self.unit_ids is not None

    @property
    def can_enter_figures(self) -> bool:
        """Whether the role writes figures at all; which ones, ``can_enter`` decides target by target."""
        return self.role in (UserRole.ADMINISTRATOR, UserRole.COORDINATOR, UserRole.REPORTER)

    def require_enter_figures(self) -> None:
        self.require_view()
        if not self.can_enter_figures:
            raise AccessDeniedError("Vai trò của bạn chỉ được xem, không được nhập số liệu.")

    def can_submit_for(self, document: PolicyDocument, agency_code: str | None, unit_id: int | None) -> bool:
        """May the user enter and send the figures of one sender of a reporting round of ``document``:
        the agency ``agency_code`` (as named today) or the commune ``unit_id``? The coordinator of the
        document (and an administrator) may, for every sender; a reporter only for their own."""
        if self.coordinates(document):
            return True
        if self.role not in (UserRole.REPORTER, UserRole.COORDINATOR):
            return False
        if unit_id is not None:
            return self.agency_code is None and self.unit_ids is not None and unit_id in self.unit_ids
        return agency_code is not None and agency_code == self.agency_code

    def require_view(self) -> None:
        if not self.can_view:
            raise AccessDeniedError("Tài khoản chưa được gán vai trò; hãy liên hệ quản trị hệ thống.")

    def require_enter(self, target: Target, unit: AdministrativeUnit | None = None) -> None:
        if not self.can_enter(target, unit):
            where = f" tại {unit.name}" if unit is not None else ""
            raise AccessDeniedError(
                f"Bạn không được nhập số liệu cho mục tiêu '{target.indicator_name}' "
                f"của {target.document}{where}: mục tiêu này do cơ quan hoặc địa bàn khác theo dõi."
            )

    def require_enter_series(
        self, target: Target | None, indicator_id: int, unit: AdministrativeUnit | None = None
    ) -> None:
        """A row addressed to a target obeys ``require_enter``; a row addressed to an indicator alone
        needs the right to enter some target that reads it (an administrator may always)."""
        if target is not None:
            self.require_enter(target, unit)
            return
        if self.is_administrator:
            return
        if indicator_id not in self._readers:  # once per indicator: a file names it on many rows
            self._readers[indicator_id] = list(
                Target.objects.filter(indicator_id=indicator_id).select_related(
                    "document", "indicator", "responsible_agency"
                )
            )
        if not any(self.can_enter(t, unit) for t in self._readers[indicator_id]):
            raise AccessDeniedError(
                "Bạn không được nhập số liệu cho chỉ tiêu này: không mục tiêu nào dùng nó do cơ quan "
                "hoặc địa bàn của bạn theo dõi."
            )

    def require_coordinate(self, document: PolicyDocument) -> None:
        if not self.coordinates(document):
            raise AccessDeniedError(f"Chỉ cơ quan đầu mối của {document} mới được thực hiện thao tác này.")

    def require_upload(self) -> None:
        if not self.can_upload_documents:
            raise AccessDeniedError("Chỉ quản trị hoặc cơ quan đầu mối mới được tải văn bản lên.")


def access_scope(user: AnyUser) -> AccessScope:
    """The scope of ``user``; anonymous and profile-less users get a scope that allows nothing."""
    today = timezone.localdate()
    if not user.is_authenticated or not user.is_active:
        return AccessScope(user_id=None, role=None, agency_code=None, unit_ids=None, today=today)
    cached: AccessScope | None = getattr(user, "_planwatch_access", None)
    if cached is not None:
        return cached
    facts = _profile_facts(user)
    role = UserRole(facts.role) if facts.role else None
    if getattr(user, "is_superuser", False):
        role = UserRole.ADMINISTRATOR
    scope = AccessScope(
        user_id=user.pk,
        role=role,
        agency_code=facts.agency_code,
        unit_ids=_unit_and_below(facts.unit_id) if facts.unit_id is not None else None,
        today=today,
    )
    setattr(user, "_planwatch_access", scope)  # noqa: B010 - memoised on the request's user object
    return scope


def _profile_facts(user: AbstractBaseUser) -> ProfileFacts:
    """The role, agency and unit of ``user``: read with the user by the session's backend
    (accounts.backends), else from the profile (a user from the API token or a test)."""
    facts: ProfileFacts | None = getattr(user, PROFILE_ATTRIBUTE, None)
    if facts is not None:
        return facts
    profile = (
        UserProfile.objects.filter(user_id=user.pk).values_list("role", "agency__code", "unit_id").first()
    )
    return ProfileFacts(*profile) if profile else ProfileFacts(None, None, None)


def _unit_and_below(unit_id: int) -> frozenset[int]:
    pairs = AdministrativeUnit.objects.values_list("pk", "parent_id")
    return frozenset(unit_and_descendants(unit_id, pairs))
