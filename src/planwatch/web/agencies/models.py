"""Agencies with validity dates and successors by function (domain.md §3)."""

from django.db import models

from planwatch.web.models_base import TimestampedModel


class Agency(TimestampedModel):
    code = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=100, blank=True, default="")
    province = models.CharField(max_length=100, blank=True, default="")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True, help_text="last day the agency existed")
    aliases = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True, default="", help_text="facts still to verify")

    class Meta:
        ordering = ["province", "name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class AgencySuccession(TimestampedModel):
    predecessor = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="successions_out")
    successor = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="successions_in")
    function = models.CharField(max_length=60, help_text="domain code, or * for every other function")
    effective_on = models.DateField()
    legal_basis = models.CharField(max_length=200)
    note = models.TextField(blank=True, default="", help_text="facts still to verify")

    class Meta:
        ordering = ["effective_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "function", "effective_on"], name="one_successor_per_function"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id} ({self.function})"
