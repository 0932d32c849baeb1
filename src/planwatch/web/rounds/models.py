"""Reporting rounds (issue #5): one per document and year, the senders expected to report in it, and
the in-application notifications that tell them so."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planwatch.web.agencies.models import Agency
from planwatch.web.catalogue.models import PolicyDocument
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.models_base import TimestampedModel


class RoundState(models.TextChoices):
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã đóng")


class SenderState(models.TextChoices):
    """What is stored; ``missing``/``draft`` and on time/late are derived when read (selectors)."""

    OPEN = "open", _("Chưa gửi")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class ReportingRound(TimestampedModel):
    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="rounds")
    year = models.PositiveSmallIntegerField(help_text="the year whose figures are reported")
    deadline_on = models.DateField()
    cutoff_from = models.DateField(help_text="first day of the data period (15/12 of the year before)")
    cutoff_to = models.DateField(help_text="last day of the data period (14/12, Nghị định 09/2019)")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=8, choices=RoundState.choices, default=RoundState.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resumed_reason = models.TextField(
        blank=True, default="", help_text="why the round was last opened again after being closed"
    )
    kind = models.CharField(
        max_length=12,
        choices=[("estimate", _("Ước thực hiện")), ("official", _("Thực hiện (số chính thức)"))],
        default="official",
        help_text="estimate: figures estimated before the year ends (due 15/11); official: the result",
    )

    class Meta:
        ordering = ["-year", "document"]
        constraints = [models.UniqueConstraint(fields=["document", "year"], name="one_round_per_year")]

    def __str__(self) -> str:
        return f"{self.document} — {self.year}"


class RoundSender(TimestampedModel):
    """One expected sender of a round: an agency as it is called today, or a commune."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="senders")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name_in_document = models.CharField(max_length=400, blank=True, default="")
    state = models.CharField(max_length=10, choices=SenderState.choices, default=SenderState.OPEN)
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="first submission")
    last_submitted_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(blank=True, default="")
    returned_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "unit", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "agency", "unit"], name="one_sender_per_round"),
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False) | models.Q(unit__isnull=False),
                name="sender_is_agency_or_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.name}"

    @property
    def name(self) -> str:
        """The sender's name today."""
        if self.unit is not None:
            return self.unit.name
        return self.agency.name if self.agency else ""


class RoundSenderTarget(models.Model):
    """A target a sender owes in its round, fixed when the round opens: the lock check of a figure is
    one indexed read of this table instead of working out every sender's targets again."""

    sender = models.ForeignKey(RoundSender, on_delete=models.CASCADE, related_name="owed")
    target = models.ForeignKey("catalogue.Target", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sender", "target"], name="owed_once")]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.target_id}"


class RoundEvent(models.Model):
    """What happened to a sender's submission: submitted, returned (with reason), approved, reopened."""

    sender = models.ForeignKey(RoundSender, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["sender", "at", "id"]

    def __str__(self) -> str:
        return f"{self.sender_id}: {self.kind}"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    round = models.ForeignKey(ReportingRound, null=True, blank=True, on_delete=models.CASCADE)
    text = models.TextField()  # in Vietnamese, as the e-mail says it
    # {"msgid": Vietnamese text with %(name)s fields, "params": {name: value}}: the page translates it
    message = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.text[:40]}"

    def text_in_language(self) -> str:
        """The notification in the active language (older notifications without a message: as stored)."""
        msgid, params = self.message.get("msgid"), self.message.get("params")
        if not msgid or not isinstance(params, dict):
            return self.text
        try:
            return gettext(msgid) % params
        except (KeyError, TypeError, ValueError):  # a translation that lost a field: the stored text
            return self.text


class RoundNarrative(TimestampedModel):
    """A part of the report a sender writes for its domain (results, shortcomings and causes, next year's
    directions, proposals: ``reporting.content.NarrativePart``); the coordinator may edit it for the
    consolidated report, and the report credits it to the sender's agency."""

    sender = models.ForeignKey(RoundSender, on_delete=models.CASCADE, related_name="narratives")
    part = models.CharField(max_length=16)
    text = models.TextField(blank=True, default="", help_text="as the sender wrote it")
    edited = models.TextField(blank=True, default="", help_text="as the coordinator edited it (blank: not)")
    written_at = models.DateTimeField(null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sender", "part"], name="one_narrative_per_part")]

    def __str__(self) -> str:
        return f"{self.sender_id}: {self.part}"

    @property
    def final(self) -> str:
        """The text the report uses: the coordinator's edit, else the sender's."""
        return self.edited if self.edited.strip() else self.text
