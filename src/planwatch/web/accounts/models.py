"""Who a user is in planwatch: a role, and for reporters and coordinators the agency (and for commune
reporters the administrative unit) they answer for. API tokens are stored as hashes only."""

from django.conf import settings
from django.db import models

from planwatch.domain.vocabulary import UserRole
from planwatch.web.agencies.models import Agency
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.models_base import TimestampedModel


class UserProfile(TimestampedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=16, choices=[(r.value, r.label) for r in UserRole])
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )

    def __str__(self) -> str:
        return f"{self.user_id}: {self.role}"


class ApiToken(TimestampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token")
    prefix = models.CharField(max_length=12, help_text="first characters, to recognise a token in lists")
    last_used_at = models.DateTimeField(null=True, blank=True)
    is_revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"
