"""The social-protection registry of a commune (issue #18; domain.md §7): households and their
members, the yearly poverty review with its decisions, the entitlements to social assistance and to
the allowances of people with meritorious service, and the monthly payment cycles.

The rules (poverty lines, coefficients, base levels, personal-id structure) live in the pure core
``planwatch.registry``; who may see what lives in ``planwatch.web.privacy``. These tables only keep
what was recorded. Decisions and payment snapshots are only ever added: services refuse to change an
approved review or a payment line beyond its status.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.domain.errors import InvalidValueError
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.models_base import TimestampedModel
from planwatch.web.privacy.fields import EncryptedTextField

# The values are the core's (planwatch.registry.rules.AreaType, poverty.LivingStandard).
AREA_CHOICES = [("nong_thon", _("nông thôn")), ("do_thi", _("đô thị"))]
STANDARD_CHOICES = [
    ("ho_ngheo", _("hộ nghèo")),
    ("ho_can_ngheo", _("hộ cận nghèo")),
    ("ho_muc_song_trung_binh", _("hộ có mức sống trung bình")),
    ("khac", _("hộ trên mức sống trung bình")),
]
SEX_CHOICES = [("nam", _("Nam")), ("nu", _("Nữ"))]
BIRTH_PRECISION_CHOICES = [("day", _("ngày")), ("month", _("tháng")), ("year", _("năm"))]


class Household(TimestampedModel):
    """A household (hộ gia đình) of a commune in force, with its address and area type."""

    commune = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="households")
    code = models.CharField(max_length=40, help_text="the commune's own household code")
    address = models.CharField(max_length=300, blank=True, default="")
    area = models.CharField(max_length=12, choices=AREA_CHOICES)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text="set when this household was merged into another (it then counts no more)",
    )

    class Meta:
        ordering = ["commune", "code"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="one_household_code_per_commune")
        ]

    def __str__(self) -> str:
        return f"{self.commune_id}/{self.code}"


class Person(TimestampedModel):
    """A member of a household, keyed by the 12-digit personal id (số định danh cá nhân) when known."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    full_name = models.CharField(max_length=200)
    birth_date = models.DateField(null=True, blank=True)
    birth_precision = models.CharField(
        max_length=6,
        choices=BIRTH_PRECISION_CHOICES,
        default="day",
        help_text="how much of birth_date is known (a year only: 1 January of that year)",
    )
    sex = models.CharField(max_length=4, choices=SEX_CHOICES, blank=True, default="")
    personal_id = models.CharField(max_length=12, null=True, blank=True, unique=True)
    no_id_reason = models.CharField(max_length=300, blank=True, default="")
    relation = models.CharField(max_length=60, blank=True, default="", help_text="relation to the head")
    match_key = models.CharField(
        max_length=300,
        db_index=True,
        default="",
        help_text="planwatch.registry.identity.person_match_key (name + birth date + commune)",
    )
    # Sensitive personal data (Nghị định 356/2025/NĐ-CP): encrypted at rest, never searched.
    health_notes = EncryptedTextField(blank=True, default="")
    disability = EncryptedTextField(blank=True, default="")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    class Meta:
        ordering = ["household", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(personal_id=None) | ~models.Q(no_id_reason=""),
                name="person_without_id_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.full_name}"


class MergeRecord(models.Model):
    """A merge of two persons or two households: who, when, why, and the merged row as it was."""

    KIND_CHOICES = [("person", "person"), ("household", "household")]
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    kept_id = models.PositiveBigIntegerField()
    merged_id = models.PositiveBigIntegerField()
    former_data = models.JSONField(help_text="the merged row's data before the merge")
    reason = models.TextField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.merged_id} → {self.kept_id}"


class PovertyReview(TimestampedModel):
    """The yearly poverty review (rà soát hộ nghèo) of a commune."""

    STATE_CHOICES = [
        ("draft", _("dự thảo")),
        ("proposed", _("đã đề nghị")),
        ("approved", _("đã phê duyệt")),
        ("returned", _("trả lại")),
    ]
    commune = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="poverty_reviews")
    year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=STATE_CHOICES, default="draft")
    basis = models.CharField(max_length=200, blank=True, default="", help_text="the standard's legal basis")
    frozen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["commune", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="one_review_per_commune_year")
        ]

    def __str__(self) -> str:
        return f"{self.commune_id}/{self.year}"


class HouseholdAssessment(TimestampedModel):
    """One household's survey in a review and its classification."""

    review = models.ForeignKey(PovertyReview, on_delete=models.PROTECT, related_name="assessments")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="assessments")
    income_per_person_month = models.PositiveBigIntegerField(help_text="đồng per person per month")
    area = models.CharField(max_length=12, choices=AREA_CHOICES)
    deprivations = models.JSONField(default=list, help_text="codes of the indicators the household lacks")
    standard = models.CharField(max_length=24, choices=STANDARD_CHOICES)
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["review", "household"]
        constraints = [
            models.UniqueConstraint(fields=["review", "household"], name="one_assessment_per_household")
        ]

    def __str__(self) -> str:
        return f"{self.review_id}/{self.household_id}: {self.standard}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """An approved review is frozen: none of its assessments is written again."""
        if PovertyReview.objects.filter(pk=self.review_id, frozen_at__isnull=False).exists():
            raise FrozenRecordError("Kết quả rà soát đã được phê duyệt và khóa, không sửa được.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if PovertyReview.objects.filter(pk=self.review_id, frozen_at__isnull=False).exists():
            raise FrozenRecordError("Kết quả rà soát đã được phê duyệt và khóa, không xóa được.")
        return super().delete(*args, **kwargs)


class ReviewDecision(models.Model):
    """A decision on a review: proposed, approved or returned — who, when, why. Only ever added."""

    ACTION_CHOICES = [("propose", _("đề nghị")), ("approve", _("phê duyệt")), ("return", _("trả lại"))]
    review = models.ForeignKey(PovertyReview, on_delete=models.PROTECT, related_name="decisions")
    action = models.CharField(max_length=8, choices=ACTION_CHOICES)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["review", "decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise FrozenRecordError("Một quyết định đã ghi không sửa được; hãy ghi một quyết định mới.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise FrozenRecordError("Một quyết định đã ghi không xóa được.")


class AssistanceEntitlement(TimestampedModel):
    """A person's monthly social assistance (Nghị định 20/2021 Điều 5) from a decision."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assistance")
    categories = models.JSONField(help_text="codes of planwatch.registry.assistance categories")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    decision_number = models.CharField(max_length=60, blank=True, default="")

    class Meta:
        ordering = ["person", "valid_from"]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.categories}"


class MeritEntitlement(TimestampedModel):
    """A person with meritorious service (người có công): coefficient × the reference level in force."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merit")
    coefficient = models.DecimalField(max_digits=6, decimal_places=3)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    decision_number = models.CharField(max_length=60, blank=True, default="")

    class Meta:
        ordering = ["person", "valid_from"]

    def __str__(self) -> str:
        return f"{self.person_id}: × {self.coefficient}"


class PaymentCycle(TimestampedModel):
    """A commune's monthly payment: a snapshot of the entitlements, approved by a second person."""

    STATE_CHOICES = [("draft", _("dự thảo")), ("approved", _("đã phê duyệt")), ("closed", _("đã khóa sổ"))]
    commune = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="payment_cycles")
    month = models.DateField(help_text="the first day of the month paid")
    state = models.CharField(max_length=10, choices=STATE_CHOICES, default="draft")
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    snapshot_frozen = models.BooleanField(default=False)

    class Meta:
        ordering = ["commune", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "month"], name="one_cycle_per_commune_month")
        ]

    def __str__(self) -> str:
        return f"{self.commune_id}/{self.month:%Y-%m}"


class PaymentLine(models.Model):
    """One payment of a cycle. After approval only ``status``, ``paid_at`` and ``channel`` of the
    payment made change (services refuse anything else)."""

    KIND_CHOICES = [("assistance", _("trợ giúp xã hội")), ("merit", _("người có công"))]
    CHANNEL_CHOICES = [
        ("bank", _("tài khoản ngân hàng")),
        ("social_security_account", _("tài khoản an sinh xã hội")),
        ("cash", _("tiền mặt")),
    ]
    STATUS_CHOICES = [
        ("pending", _("chờ chi")),
        ("paid", _("đã chi")),
        ("failed", _("không chi được")),
        ("returned", _("bị trả lại")),
    ]
    cycle = models.ForeignKey(PaymentCycle, on_delete=models.PROTECT, related_name="lines")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(max_length=12, choices=KIND_CHOICES)
    category = models.CharField(
        max_length=40, blank=True, default="", help_text="the category that set the amount"
    )
    amount = models.PositiveBigIntegerField(help_text="đồng")
    coefficient = models.DecimalField(max_digits=6, decimal_places=3)
    base = models.PositiveBigIntegerField(help_text="the base or reference level in force (đồng)")
    rule = models.TextField(help_text="the sentence saying which rule chose the amount")
    basis = models.CharField(max_length=200, blank=True, default="")
    channel = models.CharField(max_length=24, choices=CHANNEL_CHOICES, default="cash")
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default="pending")
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle", "person", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person", "kind"], name="one_line_per_person_kind")
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.person_id}/{self.kind}: {self.amount}"

    # What may change of a line once its cycle is approved: how the payment went, nothing else.
    PAYMENT_FIELDS = frozenset({"status", "channel", "paid_at"})

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse any change of an approved cycle's line but its payment (``update_fields`` naming
        only ``PAYMENT_FIELDS``); services save lines that way."""
        if self.pk is not None:
            fields = kwargs.get("update_fields")
            frozen = PaymentCycle.objects.filter(pk=self.cycle_id, snapshot_frozen=True).exists()
            if frozen and (fields is None or not set(fields) <= self.PAYMENT_FIELDS):
                raise SnapshotFrozenError(
                    "Danh sách chi trả đã phê duyệt không sửa được; chỉ ghi được kết quả chi trả."
                )
        super().save(*args, **kwargs)


class FrozenRecordError(InvalidValueError):
    """A change of what an approval froze: a review's assessments, a decision, a payment snapshot."""


class SnapshotFrozenError(FrozenRecordError):
    """A change of an approved payment snapshot beyond its payment outcome."""
