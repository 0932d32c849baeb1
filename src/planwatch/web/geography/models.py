"""Administrative units with validity dates and succession events (domain.md §4)."""

from django.db import models

from planwatch.domain.vocabulary import SuccessionKind, UnitLevel
from planwatch.web.models_base import TimestampedModel


class AdministrativeUnit(TimestampedModel):
    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=16, choices=[(v.value, v.label) for v in UnitLevel])
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True, help_text="last day the unit existed")
    territory = models.CharField(max_length=80, blank=True, default="")
    official_code = models.CharField(
        max_length=10, blank=True, default="", db_index=True, help_text="the statistics office's code"
    )
    search_key = models.CharField(
        max_length=200, blank=True, default="", db_index=True, help_text="the name without diacritics"
    )
    # Where the unit lies (vietnamadminunits: centroid, and the bounding box where the package has one).
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    south = models.FloatField(null=True, blank=True)
    west = models.FloatField(null=True, blank=True)
    north = models.FloatField(null=True, blank=True)
    east = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["level", "name", "valid_from"]
        # Every page's data stamp asks for the latest change of the 14,000 units (figures.selectors).
        indexes = [models.Index(fields=["updated_at"], name="unit_updated_at")]

    def __str__(self) -> str:
        return self.name


class UnitSuccession(TimestampedModel):
    kind = models.CharField(max_length=16, choices=[(v.value, v.value) for v in SuccessionKind])
    predecessors = models.ManyToManyField(AdministrativeUnit, related_name="succeeded_by")
    successors = models.ManyToManyField(AdministrativeUnit, related_name="succeeds")
    effective_on = models.DateField()
    legal_basis = models.CharField(max_length=200)
    note = models.TextField(blank=True, default="", help_text="facts still to verify")
    key = models.CharField(max_length=200, unique=True, help_text="stable identity for idempotent loads")

    class Meta:
        ordering = ["effective_on", "key"]

    def __str__(self) -> str:
        return self.key


class UnitShare(TimestampedModel):
    """The part of a divided commune that went into one new commune (an assumption when ``assumed``)."""

    predecessor = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="shares_out")
    successor = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="shares_in")
    effective_on = models.DateField()
    share = models.FloatField(help_text="0–1")
    basis = models.CharField(max_length=40, help_text="what the share measures: area, population …")
    assumed = models.BooleanField(default=True)

    class Meta:
        ordering = ["effective_on", "predecessor_id", "successor_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "effective_on"], name="one_share_per_part"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id} ({self.share:.0%})"
