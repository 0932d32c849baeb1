"""Documents, indicators, targets, baselines, reporting duties and tasks (persistence only).

Source quotes are kept as offsets into the source file (``quote_file``, ``quote_start``, ``quote_end``),
never as copied sentences: the text is read from the source when it is at hand.
"""

from __future__ import annotations

from django.db import models

from planwatch.domain.vocabulary import (
    AgencyRole,
    Aggregation,
    Comparator,
    Direction,
    DocumentKind,
    PeriodAggregation,
    ReportingFrequency,
    TargetKind,
)
from planwatch.web.agencies.models import Agency
from planwatch.web.models_base import TimestampedModel


class SourceSpanFields(models.Model):
    quote_file = models.CharField(max_length=200, blank=True, default="")
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    # For documents loaded from a reviewed extraction the quote is the user's text, stored as such.
    quote_text = models.TextField(blank=True, default="")

    class Meta:
        abstract = True


class PolicyDocument(TimestampedModel):
    doc_id = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=40, choices=[(v.value, v.label) for v in DocumentKind])
    number = models.CharField(max_length=60, blank=True, default="")
    issuer = models.CharField(max_length=200)
    title = models.TextField()
    issued_on = models.DateField(null=True, blank=True)
    province = models.CharField(max_length=100, blank=True, default="")
    is_stub = models.BooleanField(default=False)
    source_file = models.CharField(max_length=200, blank=True, default="")
    parents: models.ManyToManyField[PolicyDocument, DocumentParent] = models.ManyToManyField(
        "self", through="DocumentParent", symmetrical=False, related_name="children"
    )

    class Meta:
        ordering = ["issued_on", "doc_id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The document as people name it: its number, or its title when it has none (a plan issued
        without a number), never the internal id unless there is nothing else."""
        if self.number:
            return self.number
        title = " ".join(self.title.split())
        if not title:
            return self.doc_id
        return title if len(title) <= 90 else title[:89].rstrip() + "…"


class DocumentParent(models.Model):
    """``position`` 0 is the direct parent; the root has the highest position."""

    child = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(PolicyDocument, on_delete=models.PROTECT, related_name="child_links")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["child", "parent"], name="parent_once")]

    def __str__(self) -> str:
        return f"{self.child_id} → {self.parent_id} ({self.position})"


class Indicator(TimestampedModel):
    code = models.SlugField(max_length=160, unique=True)
    name = models.CharField(max_length=400)
    unit = models.CharField(max_length=60, blank=True, default="")
    direction = models.CharField(max_length=10, choices=[(v.value, v.value) for v in Direction])
    lower_limit = models.FloatField(null=True, blank=True)
    upper_limit = models.FloatField(null=True, blank=True)
    domain = models.CharField(max_length=60, blank=True, default="")
    # How figures combine (domain.Indicator): across places, across periods, and by which breakdowns.
    definition = models.TextField(blank=True, default="")
    aggregation = models.CharField(
        max_length=20, choices=[(v.value, v.label) for v in Aggregation], default=Aggregation.NONE.value
    )
    numerator = models.CharField(max_length=200, blank=True, default="")
    denominator = models.CharField(max_length=200, blank=True, default="")
    weight = models.CharField(max_length=200, blank=True, default="")
    period_aggregation = models.CharField(
        max_length=10,
        choices=[(v.value, v.label) for v in PeriodAggregation],
        default=PeriodAggregation.STOCK.value,
    )
    disaggregations = models.JSONField(default=list, blank=True)  # Disaggregation values
    reason = models.TextField(blank=True, default="")
    is_element = models.BooleanField(
        default=False,
        help_text="a data element (a summed count ratios are made of), not a target's indicator",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(aggregation=Aggregation.RATIO.value)
                | (~models.Q(numerator="") & ~models.Q(denominator="")),
                name="ratio_names_its_elements",
            ),
            models.CheckConstraint(
                condition=~models.Q(aggregation=Aggregation.WEIGHTED_MEAN.value) | ~models.Q(weight=""),
                name="weighted_mean_names_its_weight",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Target(TimestampedModel, SourceSpanFields):
    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="targets")
    key = models.CharField(max_length=20)
    position = models.PositiveIntegerField()
    group = models.CharField(max_length=300, blank=True, default="")
    indicator_name = models.TextField()
    indicator = models.ForeignKey(Indicator, null=True, on_delete=models.PROTECT, related_name="targets")
    unit = models.CharField(max_length=60, blank=True, default="")
    comparator = models.CharField(max_length=12, choices=[(v.value, v.label) for v in Comparator])
    value = models.FloatField(null=True, blank=True)
    value_max = models.FloatField(null=True, blank=True, help_text="upper bound of a range target")
    value_text = models.TextField(blank=True, default="")
    value_text_file = models.CharField(max_length=200, blank=True, default="")
    value_text_start = models.PositiveIntegerField(null=True, blank=True)
    value_text_end = models.PositiveIntegerField(null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=12, choices=[(v.value, v.value) for v in TargetKind])
    scope = models.CharField(max_length=200, blank=True, default="")
    disaggregation = models.CharField(
        max_length=120, blank=True, default="", help_text="the series its scope reads (domain.series)"
    )
    responsible_name = models.CharField(max_length=200, blank=True, default="", help_text="as written")
    responsible_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )

    class Meta:
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="target_key_per_document")]

    def __str__(self) -> str:
        return f"{self.document}: {self.indicator_name}"

    @property
    def address(self) -> str:
        """How files and the API name this target: ``KG-219-KH-UBND/t12``."""
        return f"{self.document.doc_id}/{self.key}"


class Baseline(TimestampedModel, SourceSpanFields):
    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="baselines")
    position = models.PositiveIntegerField()
    indicator_name = models.TextField()
    value = models.FloatField()
    unit = models.CharField(max_length=60, blank=True, default="")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    target = models.ForeignKey(
        Target, null=True, blank=True, on_delete=models.SET_NULL, related_name="baselines"
    )

    class Meta:
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "position"], name="baseline_position")]

    def __str__(self) -> str:
        return f"{self.indicator_name}: {self.value}"


class ReportingDuty(TimestampedModel, SourceSpanFields):
    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="reporting_duties")
    position = models.PositiveIntegerField()
    what = models.TextField()
    frequency = models.CharField(max_length=12, choices=[(v.value, v.label) for v in ReportingFrequency])
    # The deadline as written (planwatch.domain.deadlines: "15/11", "19h00", "30/01 năm tiếp theo",
    # "cuối năm 2030", "trong thời hạn 10 ngày kể từ …"), and its parts to query by.
    deadline_text = models.CharField(max_length=200, blank=True, default="")
    deadline_day = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline_month = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline_time = models.TimeField(null=True, blank=True)
    to = models.CharField(max_length=200, blank=True, default="")
    via = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["document", "position"]
        verbose_name_plural = "reporting duties"
        constraints = [models.UniqueConstraint(fields=["document", "position"], name="duty_position")]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.what}"


class Task(TimestampedModel, SourceSpanFields):
    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="tasks")
    key = models.CharField(max_length=20)
    position = models.PositiveIntegerField()
    description = models.TextField()

    class Meta:
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="task_key_per_document")]

    def __str__(self) -> str:
        return f"{self.document_id}/{self.key}"


class TaskAssignment(TimestampedModel):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    position = models.PositiveIntegerField()
    agency_name = models.CharField(max_length=300, help_text="as written")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(max_length=20, choices=[(v.value, v.value) for v in AgencyRole])

    class Meta:
        ordering = ["task", "position"]

    def __str__(self) -> str:
        return f"{self.agency_name} ({self.role})"
