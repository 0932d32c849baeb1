"""Writes of the personal-data log and of breach records."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from planwatch.domain.errors import InvalidValueError
from planwatch.web.accounts.access import access_scope
from planwatch.web.accounts.throttle import client_address
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.privacy.models import AccessAction, DataIncident, PersonalDataAccess
from planwatch.web.privacy.purpose import purpose_normalised, purpose_problem

AnyUser = AbstractBaseUser | AnonymousUser


def record_access(
    user: AnyUser,
    *,
    action: AccessAction | str,
    purpose: str = "",
    subjects: Iterable[object] = (),
    unit: AdministrativeUnit | int | None = None,
    request: HttpRequest | None = None,
) -> PersonalDataAccess:
    """Log one access to personal data: ``subjects`` are the ids of the persons or households seen
    (e.g. ``"household:12"``, ``"person:7"``; at most ``PersonalDataAccess.MAX_SUBJECTS`` are kept, all
    are counted), ``unit`` the commune concerned; with ``request``, the real client address (behind
    the trusted proxies) and the path.

    Raises:
        InvalidValueError: an unknown action, or an export without a stated purpose.
    """
    try:
        action = AccessAction(action)
    except ValueError as error:
        raise InvalidValueError(f"Thao tác '{action}' không có trong nhật ký dữ liệu cá nhân.") from error
    if action is AccessAction.EXPORT:
        problem = purpose_problem(purpose)
        if problem is not None:
            raise InvalidValueError(problem)
    listed = [str(s) for s in subjects]
    role = access_scope(user).role
    return PersonalDataAccess.objects.create(
        user_id=user.pk if user.is_authenticated else None,
        username=user.get_username() if user.is_authenticated else "",
        role=role.value if role is not None else "",
        action=action.value,
        purpose=purpose_normalised(purpose),
        subjects=listed[: PersonalDataAccess.MAX_SUBJECTS],
        subject_count=len(listed),
        unit_id=unit if isinstance(unit, int) or unit is None else unit.pk,
        client_address=client_address(request)[:45] if request is not None else "",
        path=request.path[:300] if request is not None else "",
    )


@transaction.atomic
def incident_record(
    *, user: AnyUser, what: str, detected_at: datetime, communes: Iterable[AdministrativeUnit] = ()
) -> DataIncident:
    """Record a personal-data breach found at ``detected_at`` (the 72-hour notice runs from then)."""
    text = purpose_normalised(what)
    if not text:
        raise InvalidValueError("Hãy mô tả sự cố.")
    if detected_at > timezone.now():
        raise InvalidValueError("Thời điểm phát hiện sự cố không thể ở tương lai.")
    incident = DataIncident.objects.create(
        what=text, detected_at=detected_at, recorded_by_id=user.pk if user.is_authenticated else None
    )
    incident.communes.set(list(communes))
    return incident


def incident_notified(incident: DataIncident, *, at: datetime | None = None) -> DataIncident:
    """Note that the authority was notified of ``incident`` (now unless ``at`` is given)."""
    if incident.notified_at is None:
        incident.notified_at = at or timezone.now()
        incident.save(update_fields=["notified_at"])
    return incident


def encrypted_values_rewrite(models: Iterable[type[Model]] | None = None) -> dict[str, int]:
    """Write every encrypted value again with the current key (after a rotation, so that the old key
    can leave ``PLANWATCH_DATA_KEYS_OLD``): rows per model, for every model with encrypted fields (or
    the ``models`` given). All or nothing: a value no listed key reads stops it with that value's error."""
    from planwatch.web.privacy.fields import EncryptedJSONField, EncryptedTextField

    counts: dict[str, int] = {}
    with transaction.atomic():
        for model in models if models is not None else apps.get_models():
            names = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, EncryptedTextField | EncryptedJSONField)
            ]
            if not names:
                continue
            rows, last = 0, None
            # In batches by primary key, no server-side cursor (which on PostgreSQL would outlive the
            # savepoint when a value fails to read).
            while True:
                chosen = model._base_manager.only("pk", *names).order_by("pk")
                batch = list((chosen if last is None else chosen.filter(pk__gt=last))[:1000])
                if not batch:
                    break
                for row in batch:
                    model._base_manager.filter(pk=row.pk).update(**{n: getattr(row, n) for n in names})
                rows += len(batch)
                last = batch[-1].pk
            counts[model._meta.label] = rows
    return counts
