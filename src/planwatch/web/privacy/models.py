"""The personal-data access log (append-only) and the record of a personal-data breach."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwatch.domain.vocabulary import UserRole
from planwatch.web.geography.models import AdministrativeUnit

# Luật 91/2025/QH15 with Nghị định 356/2025/NĐ-CP: a breach is notified within 72 hours of its discovery.
BREACH_NOTICE_HOURS = 72


class AccessAction(models.TextChoices):
    VIEW = "view", _("Xem")
    SEARCH = "search", _("Tìm kiếm")
    EXPORT = "export", _("Xuất dữ liệu")
    IMPORT = "import", _("Nhập dữ liệu")
    DECIDE = "decide", _("Quyết định")
    MERGE = "merge", _("Gộp bản ghi trùng")


class AccessLogChangeError(Exception):
    """A row of the access log was to be changed or deleted: the log is append-only."""

    def __init__(self) -> None:
        super().__init__("Nhật ký truy cập dữ liệu cá nhân chỉ được ghi thêm, không được sửa hay xóa.")


class AppendOnlyQuerySet(models.QuerySet["PersonalDataAccess"]):
    def update(self, **kwargs: Any) -> int:
        raise AccessLogChangeError

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AccessLogChangeError


class PersonalDataAccess(models.Model):
    """One view, search, export, import, decision or merge of personal data: who (and their role
    then), when, why, whose data (the ids, at most ``MAX_SUBJECTS`` kept, all counted), which commune,
    from which address and page. Written by ``services.record_access`` only; never changed."""

    MAX_SUBJECTS = 500

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="personal_data_accesses"
    )
    username = models.CharField(max_length=150, help_text="as it was, should the user be renamed")
    role = models.CharField(max_length=16, blank=True, default="", help_text="the role at the time")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    purpose = models.TextField(blank=True, default="")
    subjects = models.JSONField(default=list, blank=True, help_text="person / household ids")
    subject_count = models.PositiveIntegerField(default=0, help_text="every subject, also those not listed")
    unit = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client_address = models.CharField(max_length=45, blank=True, default="")
    path = models.CharField(max_length=300, blank=True, default="")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["unit", "at"]), models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AccessLogChangeError
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AccessLogChangeError

    @property
    def user_role(self) -> UserRole | None:
        """The role the user had then (for its label in the page's language)."""
        return UserRole(self.role) if self.role in UserRole._value2member_map_ else None


class DataIncident(models.Model):
    """A personal-data breach: what happened, when it was found, which communes' data it touched, and
    when the authority was notified (within ``BREACH_NOTICE_HOURS`` of ``detected_at``)."""

    what = models.TextField()
    detected_at = models.DateTimeField()
    communes = models.ManyToManyField(AdministrativeUnit, blank=True, related_name="+")
    notified_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-detected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.detected_at:%Y-%m-%d %H:%M}: {self.what[:60]}"

    @property
    def deadline(self) -> datetime:
        return self.detected_at + timedelta(hours=BREACH_NOTICE_HOURS)
