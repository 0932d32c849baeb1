"""The observation store: one figure per indicator, disaggregation, administrative unit and period,
with the full history of every change (docs/observations.md, decision 0009).

Every target reads the observations of its indicator and disaggregation (``domain.series``), so a
figure entered once counts for every document that carries the indicator. Revisions and proposed
changes are never deleted with anything: their foreign keys protect the observation.
"""

from django.conf import settings
from django.db import models

from planwatch.domain.periods import PeriodType
from planwatch.domain.vocabulary import (
    Assessment,
    ChangeState,
    ObservationKind,
    ObservationSource,
    ValueState,
)
from planwatch.web.catalogue.models import Indicator
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.models_base import TimestampedModel


def _choices(
    enum: type[ValueState] | type[ObservationKind] | type[ObservationSource],
) -> list[tuple[str, str]]:
    return [(v.value, v.label) for v in enum]


class Observation(TimestampedModel):
    """The current figure of (indicator, disaggregation, unit, period). Numbers in ``value``;
    qualitative targets in ``assessment``; level targets as the grade in ``value``."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    disaggregation = models.CharField(
        max_length=120, blank=True, default="", help_text="'' for the total; else domain.series codes"
    )
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="observations")
    period = models.CharField(max_length=8, help_text="2025, 2025H1, 2025Q3, 2025M07 (domain.periods)")
    period_type = models.CharField(max_length=8, choices=[(v.value, v.label) for v in PeriodType])
    year = models.PositiveSmallIntegerField(help_text="the year the period belongs to")
    period_start = models.DateField(help_text="first day of the period's data (Nghị định 09/2019)")
    period_end = models.DateField(help_text="last day of the period's data: the cut-off")
    value = models.FloatField(null=True, blank=True)
    assessment = models.CharField(
        max_length=16, blank=True, default="", choices=[(v.value, v.label) for v in Assessment]
    )
    kind = models.CharField(
        max_length=12, choices=_choices(ObservationKind), default=ObservationKind.OFFICIAL.value
    )
    source = models.CharField(max_length=12, choices=_choices(ObservationSource))
    state = models.CharField(max_length=12, choices=_choices(ValueState), default=ValueState.DRAFT.value)
    comment = models.TextField(blank=True, default="")
    is_demo = models.BooleanField(default=False, help_text="generated illustrative figure (Số liệu minh họa)")
    version = models.PositiveIntegerField(default=1, help_text="optimistic locking: bumped on every change")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "disaggregation", "unit", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "disaggregation", "unit", "period"], name="one_observation_per_key"
            )
        ]
        indexes = [
            # The data stamp asks for the latest change (figures.selectors.data_stamp).
            models.Index(fields=["updated_at"], name="observation_updated_at"),
            # Evaluation reads the yearly series of a set of indicators.
            models.Index(fields=["indicator", "period_type", "year"], name="observation_series"),
        ]

    def __str__(self) -> str:
        figure = self.value if self.value is not None else self.assessment
        return f"{self.indicator_id}/{self.disaggregation or '-'}/{self.unit_id}/{self.period}: {figure}"


class ObservationRevision(models.Model):
    """One change of an observation: who, when, old → new (value, state, kind), from where, why.
    Rows are only ever added."""

    observation = models.ForeignKey(Observation, on_delete=models.PROTECT, related_name="revisions")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=300, help_text="where the change came from: a file, a form, the CLI")
    target_key = models.CharField(
        max_length=200, blank=True, default="", help_text="the target the figure was entered for, if any"
    )
    old_value = models.FloatField(null=True, blank=True)
    new_value = models.FloatField(null=True, blank=True)
    old_assessment = models.CharField(max_length=16, blank=True, default="")
    new_assessment = models.CharField(max_length=16, blank=True, default="")
    old_state = models.CharField(max_length=12, blank=True, default="")
    new_state = models.CharField(max_length=12)
    old_kind = models.CharField(max_length=12, blank=True, default="")
    new_kind = models.CharField(max_length=12, blank=True, default="")
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["observation", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.observation_id} @ {self.changed_at}"


class ProposedChange(models.Model):
    """A reporter's new figure for an approved observation. The approved figure keeps counting until
    the coordinator accepts the change (which writes it as a revision) or refuses it."""

    observation = models.ForeignKey(Observation, on_delete=models.PROTECT, related_name="proposals")
    value = models.FloatField(null=True, blank=True)
    assessment = models.CharField(max_length=16, blank=True, default="")
    kind = models.CharField(max_length=12, choices=_choices(ObservationKind))
    comment = models.TextField(blank=True, default="")
    source = models.CharField(max_length=300)
    target_key = models.CharField(max_length=200, blank=True, default="")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        max_length=10, choices=[(v.value, v.label) for v in ChangeState], default=ChangeState.PENDING.value
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            # One open proposal per observation: a second one replaces the first (services).
            models.UniqueConstraint(
                fields=["observation"], condition=models.Q(state="pending"), name="one_pending_change"
            )
        ]

    def __str__(self) -> str:
        return f"{self.observation_id}: {self.value if self.value is not None else self.assessment}"
