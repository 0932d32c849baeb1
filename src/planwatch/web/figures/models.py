"""Reported figures and the full history of every change (a value is never overwritten silently)."""

from django.conf import settings
from django.db import models

from planwatch.domain.vocabulary import Assessment, ValueState
from planwatch.web.catalogue.models import Target
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.models_base import TimestampedModel


class DataValue(TimestampedModel):
    """The current figure of one target, unit and year. Numbers in ``value``; qualitative
    targets in ``assessment``; level targets as the grade in ``value``."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="values")
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="values")
    year = models.PositiveSmallIntegerField()
    value = models.FloatField(null=True, blank=True)
    assessment = models.CharField(
        max_length=16, blank=True, default="", choices=[(v.value, v.label) for v in Assessment]
    )
    state = models.CharField(
        max_length=12, choices=[(v.value, v.label) for v in ValueState], default=ValueState.DRAFT.value
    )
    comment = models.TextField(blank=True, default="")
    is_demo = models.BooleanField(default=False, help_text="generated illustrative figure (Số liệu minh họa)")
    version = models.PositiveIntegerField(default=1, help_text="optimistic locking: bumped on every change")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["target", "unit", "year"]
        constraints = [models.UniqueConstraint(fields=["target", "unit", "year"], name="one_value_per_year")]
        # The evaluation cache's stamp asks for the latest change (figures.selectors._data_stamp).
        indexes = [models.Index(fields=["updated_at"], name="value_updated_at")]

    def __str__(self) -> str:
        figure = self.value if self.value is not None else self.assessment
        return f"{self.target_id}/{self.unit_id}/{self.year}: {figure}"


class DataValueRevision(models.Model):
    """One change of a figure: who, when, old → new, why. Rows are only ever added."""

    data_value = models.ForeignKey(DataValue, on_delete=models.CASCADE, related_name="revisions")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=300, help_text="where the change came from: a file, a form, the CLI")
    old_value = models.FloatField(null=True, blank=True)
    new_value = models.FloatField(null=True, blank=True)
    old_assessment = models.CharField(max_length=16, blank=True, default="")
    new_assessment = models.CharField(max_length=16, blank=True, default="")
    old_state = models.CharField(max_length=12, blank=True, default="")
    new_state = models.CharField(max_length=12)
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["data_value", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.data_value_id} @ {self.changed_at}"
