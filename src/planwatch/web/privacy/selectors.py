"""Who sees which personal data: the one place of each rule (issue #18, point 6). The registry's views
and selectors call these; none of them re-implements a rule.

- ``communes_visible_to``: a commune officer or chairman sees their own commune (``profile.unit``, when
  it is a commune) and nothing else; a coordinator sees the communes of their province (their unit's,
  else their agency's province), a central coordinator and an administrator every commune; the
  data-protection officer, viewers and reporters see no registry record at all.
- ``may_see_identifiers``: identifiers are masked (last 4 digits) unless the user is the commune's own
  officer or chairman, or a coordinator or administrator who stated a purpose (the view then logs it).
- ``may_read_access_log``: the DPO page is the data-protection officer's and the administrator's.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.domain.periods import in_force
from planwatch.domain.succession import unit_and_descendants
from planwatch.domain.vocabulary import UnitLevel, UserRole
from planwatch.web.accounts.access import access_scope
from planwatch.web.accounts.models import UserProfile
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.geography.selectors import unit_index
from planwatch.web.privacy.models import DataIncident, PersonalDataAccess
from planwatch.web.privacy.purpose import purpose_is_stated

AnyUser = AbstractBaseUser | AnonymousUser

COMMUNE_STAFF = frozenset({UserRole.COMMUNE_OFFICER, UserRole.COMMUNE_CHAIR})
PROVINCE_STAFF = frozenset({UserRole.COORDINATOR, UserRole.ADMINISTRATOR})
LOG_READERS = frozenset({UserRole.DATA_PROTECTION_OFFICER, UserRole.ADMINISTRATOR})


def _communes() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE.value)


def _profile_unit_and_agency_province(user: AnyUser) -> tuple[int | None, str]:
    row = (
        UserProfile.objects.filter(user_id=user.pk).values_list("unit_id", "agency__province").first()
        if user.is_authenticated
        else None
    )
    return (row[0], row[1] or "") if row else (None, "")


def _communes_below(unit_id: int) -> QuerySet[AdministrativeUnit]:
    pairs = ((u.pk, u.parent_id) for u in unit_index().units.values())
    return _communes().filter(pk__in=unit_and_descendants(unit_id, pairs))


def _province_today(name: str) -> int | None:
    provinces = [u for u in unit_index().matching(name) if u.level == UnitLevel.PROVINCE.value]
    today = timezone.localdate()
    current = [u for u in provinces if in_force(u.valid_from, u.valid_to, today)]
    chosen = current or sorted(provinces, key=lambda u: u.valid_from or date.min)[-1:]
    return chosen[0].pk if chosen else None


def communes_visible_to(user: AnyUser) -> QuerySet[AdministrativeUnit] | None:
    """The communes whose registry records ``user`` may see; None means every commune."""
    role = access_scope(user).role
    if role in COMMUNE_STAFF:
        unit_id, _ = _profile_unit_and_agency_province(user)
        return _communes().filter(pk=unit_id) if unit_id is not None else _communes().none()
    if role in PROVINCE_STAFF:
        unit_id, province = _profile_unit_and_agency_province(user)
        if unit_id is not None:
            return _communes_below(unit_id)
        if role is UserRole.COORDINATOR and province:
            province_id = _province_today(province)
            return _communes_below(province_id) if province_id is not None else _communes().none()
        return None
    return _communes().none()


def may_see_commune(user: AnyUser, unit: AdministrativeUnit | int) -> bool:
    """Whether ``unit`` is one of the communes ``communes_visible_to(user)`` allows."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    visible = communes_visible_to(user)
    if visible is None:
        return _communes().filter(pk=unit_id).exists()
    return visible.filter(pk=unit_id).exists()


def may_see_identifiers(
    user: AnyUser, purpose: str | None = None, *, unit: AdministrativeUnit | int | None = None
) -> bool:
    """Whether ``user`` may see personal identifiers unmasked (of ``unit``'s records when given)."""
    role = access_scope(user).role
    if role in COMMUNE_STAFF:
        # Their own commune's records only: staff without a commune see no identifier at all.
        own = communes_visible_to(user)
        allowed = own is not None and own.exists()
    elif role in PROVINCE_STAFF:
        allowed = purpose_is_stated(purpose)
    else:
        return False
    return allowed and (unit is None or may_see_commune(user, unit))


def may_read_access_log(user: AnyUser) -> bool:
    return access_scope(user).role in LOG_READERS


def access_log(
    *,
    username: str = "",
    action: str = "",
    unit: AdministrativeUnit | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    text: str = "",
) -> QuerySet[PersonalDataAccess]:
    """The access log, newest first, narrowed by whichever filters are given (dates inclusive, in the
    local time of the province)."""
    rows = PersonalDataAccess.objects.select_related("unit")
    if username:
        rows = rows.filter(username=username)
    if action:
        rows = rows.filter(action=action)
    if unit is not None:
        rows = rows.filter(unit=unit)
    zone = timezone.get_current_timezone()
    if date_from is not None:
        rows = rows.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to is not None:
        rows = rows.filter(at__lte=datetime.combine(date_to, time.max, tzinfo=zone))
    if text:
        rows = rows.filter(Q(purpose__icontains=text) | Q(path__icontains=text))
    return rows.order_by("-at", "-pk")


def logged_usernames() -> list[str]:
    return list(PersonalDataAccess.objects.order_by("username").values_list("username", flat=True).distinct())


def logged_units() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(
        pk__in=PersonalDataAccess.objects.exclude(unit=None).values("unit_id")
    ).order_by("name")


def incidents() -> QuerySet[DataIncident]:
    return DataIncident.objects.prefetch_related("communes").select_related("recorded_by")


def incident_countdown(incident: DataIncident, now: datetime | None = None) -> tuple[str, bool]:
    """The notice deadline of ``incident`` in words, and whether it is urgent (not notified and under
    24 hours left, or late)."""
    now = now or timezone.now()
    if incident.notified_at is not None:
        late = incident.notified_at > incident.deadline
        text = _("Đã thông báo (quá hạn 72 giờ)") if late else _("Đã thông báo trong hạn 72 giờ")
        return str(text), False
    seconds = int((incident.deadline - now).total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    if seconds >= 0:
        return _("Còn %(h)s giờ %(m)s phút đến hạn thông báo") % {"h": hours, "m": minutes}, hours < 24
    return _("Quá hạn thông báo %(h)s giờ %(m)s phút") % {"h": hours, "m": minutes}, True
