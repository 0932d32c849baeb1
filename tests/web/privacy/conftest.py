"""Users of every role around one commune of An Giang (the demo province), and a commune elsewhere."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from planwatch.domain.vocabulary import UnitLevel, UserRole
from planwatch.web.accounts.services import user_create
from planwatch.web.geography.models import AdministrativeUnit

PASSWORD = "mật-khẩu-thử-nghiệm-456"
COMMUNE = "an-giang-dac-khu-phu-quoc"

# username -> (role, agency, unit): one per role, a second officer elsewhere in An Giang, and commune
# staff whose unit is not a commune.
ROLE_USERS = {
    "quantri": (UserRole.ADMINISTRATOR, None, None),
    "daumoi": (UserRole.COORDINATOR, "noi-vu-an-giang", None),
    "yte": (UserRole.REPORTER, "y-te-an-giang", None),
    "lanhdao": (UserRole.VIEWER, None, None),
    "dpo": (UserRole.DATA_PROTECTION_OFFICER, None, None),
    "canbo": (UserRole.COMMUNE_OFFICER, None, COMMUNE),
    "chutich": (UserRole.COMMUNE_CHAIR, None, COMMUNE),
    "canbo.tinh": (UserRole.COMMUNE_OFFICER, None, "an-giang"),
    "canbo.khong": (UserRole.COMMUNE_OFFICER, None, None),
}


@pytest.fixture
def commune(db: None) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=COMMUNE)


@pytest.fixture
def neighbour(commune: AdministrativeUnit) -> AdministrativeUnit:
    """Another commune of An Giang today."""
    return (
        AdministrativeUnit.objects.filter(parent=commune.parent, level=UnitLevel.COMMUNE.value)
        .exclude(pk=commune.pk)
        .order_by("code")
        .first()
    )  # type: ignore[return-value]


@pytest.fixture
def elsewhere(commune: AdministrativeUnit) -> AdministrativeUnit:
    """A commune of another province today."""
    return (
        AdministrativeUnit.objects.filter(
            level=UnitLevel.COMMUNE.value, valid_to=None, parent__level="province"
        )
        .exclude(parent=commune.parent)
        .order_by("code")
        .first()
    )  # type: ignore[return-value]


@pytest.fixture
def people(db: None) -> dict[str, User]:
    return {
        name: user_create(username=name, role=role, agency=agency, unit_area=unit, password=PASSWORD)
        for name, (role, agency, unit) in ROLE_USERS.items()
    }
