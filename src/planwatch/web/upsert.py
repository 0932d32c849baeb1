"""Idempotent writes: create a row, or update it only where a field differs.

Loading the same data twice must change nothing, not even ``updated_at``.
"""

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


@dataclass
class UpsertCounts:
    """How many rows each load created, changed or left alone, by table."""

    created: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, outcome: str) -> None:
        bucket: dict[str, int] = getattr(self, outcome)
        bucket[table] = bucket.get(table, 0) + 1

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_changed(self) -> int:
        return sum(self.changed.values())


def upsert(model: type[M], counts: UpsertCounts, lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """Get the row matching ``lookup`` and set ``values`` on it, saving only when something differs."""
    table = model._meta.model_name or model.__name__
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        row = model._default_manager.create(**lookup, **values)
        counts.add(table, "created")
        return row
    differing = [name for name, value in values.items() if _stored(row, name) != _comparable(value)]
    if differing:
        for name in differing:
            setattr(row, name, values[name])
        row.save(update_fields=[*differing, *(["updated_at"] if hasattr(row, "updated_at") else [])])
        counts.add(table, "changed")
    else:
        counts.add(table, "unchanged")
    return row


def _stored(row: models.Model, name: str) -> Any:
    field_ = row._meta.get_field(name)
    if isinstance(field_, models.ForeignKey):
        return getattr(row, field_.attname)
    return getattr(row, name)


def _comparable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    return value
