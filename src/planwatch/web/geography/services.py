"""Writes to the unit tables: the whole country from the pinned package, in bulk and idempotently."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from planwatch.catalogue.country import FIRST_DAY_NEW, LAST_DAY_OLD, Country, load_country
from planwatch.domain import model as domain
from planwatch.domain.text import normalise_name
from planwatch.domain.vocabulary import UnitLevel
from planwatch.web.catalogue.mapping import unit_search_key
from planwatch.web.geography.models import AdministrativeUnit, UnitShare, UnitSuccession
from planwatch.web.upsert import UpsertCounts

BATCH = 1000
SUCCESSION_KEY_PREFIX = "vn2025:"
_LEVELS = (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)
_PLACE_FIELDS = ("latitude", "longitude", "south", "west", "north", "east")
_UNIT_FIELDS = (
    "name",
    "level",
    "parent_id",
    "valid_from",
    "valid_to",
    "official_code",
    "search_key",
    *_PLACE_FIELDS,
)


@transaction.atomic
def country_units_load(*, country: Country | None = None) -> UpsertCounts:
    """Store every province, district and commune of the country, old and new, with the successions
    and the shares of divided communes (planwatch.catalogue.country); run after ``catalogue_load``.

    A unit the built-in catalogue already holds (Tỉnh Kiên Giang as ``kien-giang``, its districts,
    the three special zones) keeps its code and name and gains its official code; every other unit is
    added under ``vn63-…`` / ``vn34-…``. Rows are written in batches and only where something differs,
    so a second run changes nothing (~3 s on SQLite for the first run, under 1 s for a second).
    """
    country = country or load_country()
    counts = UpsertCounts()
    alias = _catalogue_aliases(country.units)
    ids = _load_units(country.units, alias, counts)
    catalogue_events = _catalogue_events(alias)
    _load_successions(country.successions, alias, ids, catalogue_events, counts)
    _load_shares(country.shares, alias, ids, counts)
    return counts


def _era(valid_from: date | None, valid_to: date | None) -> str:
    if valid_to == LAST_DAY_OLD:
        return "old"
    return "new" if valid_from == FIRST_DAY_NEW else ""


def _name_key(name: str) -> str:
    return normalise_name(name).removesuffix(" cũ")


def _place(unit: domain.AdministrativeUnit) -> dict[str, float | None]:
    latitude, longitude = unit.centre or (None, None)
    south, west, north, east = unit.bounds or (None, None, None, None)
    return dict(zip(_PLACE_FIELDS, (latitude, longitude, south, west, north, east), strict=True))


def _catalogue_aliases(units: Iterable[domain.AdministrativeUnit]) -> dict[str, str]:
    """Package code -> code of the catalogue unit that is the same unit (same structure, level, parent
    and name), for the units the catalogue held before the whole country was loaded."""
    rows = list(
        AdministrativeUnit.objects.exclude(code__startswith="vn63-")
        .exclude(code__startswith="vn34-")
        .exclude(level=UnitLevel.AREA.value)
        .values_list("code", "name", "level", "parent__code", "valid_from", "valid_to")
    )
    catalogue: dict[tuple[str, str, str | None, str], str] = {
        (_era(vf, vt), level, parent, _name_key(name)): code for code, name, level, parent, vf, vt in rows
    }
    alias: dict[str, str] = {}
    for unit in sorted(units, key=lambda u: _LEVELS.index(u.level)):
        parent = alias.get(unit.parent, unit.parent) if unit.parent else None
        found = catalogue.get(
            (_era(unit.valid_from, unit.valid_to), unit.level.value, parent, _name_key(unit.name))
        )
        if found:
            alias[unit.code] = found
    return alias


def _load_units(
    units: Iterable[domain.AdministrativeUnit], alias: dict[str, str], counts: UpsertCounts
) -> dict[str, int]:
    stored = {row[0]: row[1:] for row in AdministrativeUnit.objects.values_list("code", "id", *_UNIT_FIELDS)}
    ids = {code: row[0] for code, row in stored.items()}
    now = timezone.now()
    by_level = {level: [u for u in units if u.level is level] for level in _LEVELS}
    for level in _LEVELS:
        new_rows: list[AdministrativeUnit] = []
        changed: list[AdministrativeUnit] = []
        changed_fields: set[str] = set()
        for unit in by_level[level]:
            code = alias.get(unit.code, unit.code)
            parent_id = ids[alias.get(unit.parent, unit.parent)] if unit.parent else None
            if code in stored and code != unit.code:  # a catalogue unit: only its code and place are ours
                wanted: dict[str, Any] = {"official_code": unit.official_code or "", **_place(unit)}
            else:
                wanted = {
                    "name": unit.name,
                    "level": unit.level.value,
                    "parent_id": parent_id,
                    "valid_from": unit.valid_from,
                    "valid_to": unit.valid_to,
                    "official_code": unit.official_code or "",
                    "search_key": unit_search_key(unit.name),
                    **_place(unit),
                }
            if code not in stored:
                new_rows.append(AdministrativeUnit(code=code, **wanted))
                counts.add("administrativeunit", "created")
                continue
            current = dict(zip(_UNIT_FIELDS, stored[code][1:], strict=True))
            differing = [name for name, value in wanted.items() if current[name] != value]
            if differing:
                full = {**current, **wanted}
                changed.append(AdministrativeUnit(id=stored[code][0], code=code, updated_at=now, **full))
                changed_fields.update(differing)
                counts.add("administrativeunit", "changed")
            else:
                counts.add("administrativeunit", "unchanged")
        AdministrativeUnit.objects.bulk_create(new_rows, batch_size=BATCH)
        if changed:
            fields = sorted(changed_fields | {"updated_at"})
            AdministrativeUnit.objects.bulk_update(changed, fields, batch_size=BATCH)
        if new_rows:
            ids.update(
                AdministrativeUnit.objects.filter(code__in=[r.code for r in new_rows]).values_list(
                    "code", "id"
                )
            )
    return ids


def _catalogue_events(alias: dict[str, str]) -> set[tuple[frozenset[str], frozenset[str]]]:
    """(predecessors, successors) of the successions the catalogue records itself (Kiên Giang + An Giang
    -> An Giang), which the package's must not repeat."""
    events: dict[int, tuple[set[str], set[str]]] = {}
    through_in = UnitSuccession.predecessors.through.objects.exclude(
        unitsuccession__key__startswith=SUCCESSION_KEY_PREFIX
    ).values_list("unitsuccession_id", "administrativeunit__code")
    for succession, code in through_in:
        events.setdefault(succession, (set(), set()))[0].add(code)
    through_out = UnitSuccession.successors.through.objects.exclude(
        unitsuccession__key__startswith=SUCCESSION_KEY_PREFIX
    ).values_list("unitsuccession_id", "administrativeunit__code")
    for succession, code in through_out:
        events.setdefault(succession, (set(), set()))[1].add(code)
    return {(frozenset(before), frozenset(after)) for before, after in events.values()}


def _load_successions(
    successions: Iterable[domain.UnitSuccession],
    alias: dict[str, str],
    ids: dict[str, int],
    catalogue_events: set[tuple[frozenset[str], frozenset[str]]],
    counts: UpsertCounts,
) -> None:
    wanted: dict[str, tuple[domain.UnitSuccession, list[int], list[int]]] = {}
    for event in successions:
        before = [alias.get(c, c) for c in event.predecessors]
        after = [alias.get(c, c) for c in event.successors]
        if (frozenset(before), frozenset(after)) in catalogue_events:
            continue
        key = f"{SUCCESSION_KEY_PREFIX}{'+'.join(after)}"
        wanted[key] = (event, [ids[c] for c in before], [ids[c] for c in after])
    stored = {
        row[0]: row[1:]
        for row in UnitSuccession.objects.filter(key__startswith=SUCCESSION_KEY_PREFIX).values_list(
            "key", "id", "kind", "effective_on", "legal_basis", "note"
        )
    }
    now = timezone.now()
    new_rows, changed = [], []
    for key, (event, _, _) in wanted.items():
        fields = {
            "kind": event.kind.value,
            "effective_on": event.effective_on,
            "legal_basis": event.legal_basis,
            "note": event.note or "",
        }
        if key not in stored:
            new_rows.append(UnitSuccession(key=key, **fields))
            counts.add("unitsuccession", "created")
        elif tuple(fields.values()) != stored[key][1:]:
            changed.append(UnitSuccession(id=stored[key][0], key=key, updated_at=now, **fields))
            counts.add("unitsuccession", "changed")
        else:
            counts.add("unitsuccession", "unchanged")
    UnitSuccession.objects.bulk_create(new_rows, batch_size=BATCH)
    if changed:
        UnitSuccession.objects.bulk_update(
            changed, ["kind", "effective_on", "legal_basis", "note", "updated_at"], batch_size=BATCH
        )
    succession_ids = dict(
        UnitSuccession.objects.filter(key__startswith=SUCCESSION_KEY_PREFIX).values_list("key", "id")
    )
    predecessor_ids = {key: value[1] for key, value in wanted.items()}
    successor_ids = {key: value[2] for key, value in wanted.items()}
    stored_ids = {row[0] for row in stored.values()}
    _link(UnitSuccession.predecessors.through, predecessor_ids, succession_ids, stored_ids, now)
    _link(UnitSuccession.successors.through, successor_ids, succession_ids, stored_ids, now)


def _link(
    through: Any,
    wanted: dict[str, list[int]],
    succession_ids: dict[str, int],
    stored_ids: set[int],
    now: Any,
) -> None:
    """Make the links of one side of the package's successions what ``wanted`` says, in bulk."""
    links = {(succession_ids[key], unit_id) for key, units in wanted.items() for unit_id in units}
    present = set(
        through.objects.filter(unitsuccession__key__startswith=SUCCESSION_KEY_PREFIX).values_list(
            "unitsuccession_id", "administrativeunit_id"
        )
    )
    through.objects.bulk_create(
        [through(unitsuccession_id=s, administrativeunit_id=u) for s, u in sorted(links - present)],
        batch_size=BATCH,
    )
    extra = present - links
    for succession, unit in extra:
        through.objects.filter(unitsuccession_id=succession, administrativeunit_id=unit).delete()
    touched = {s for s, _ in (links - present) | extra} & stored_ids
    if touched:  # links changed on a stored succession: its stamp must move
        UnitSuccession.objects.filter(id__in=touched).update(updated_at=now)


def _load_shares(
    shares: Iterable[domain.UnitShare], alias: dict[str, str], ids: dict[str, int], counts: UpsertCounts
) -> None:
    wanted = {
        (ids[alias.get(s.predecessor, s.predecessor)], ids[alias.get(s.successor, s.successor)]): s
        for s in shares
    }
    stored = {
        (row[0], row[1]): row[2:]
        for row in UnitShare.objects.filter(effective_on=FIRST_DAY_NEW).values_list(
            "predecessor_id", "successor_id", "id", "share", "basis", "assumed"
        )
    }
    now = timezone.now()
    new_rows, changed = [], []
    for (before, after), share in wanted.items():
        fields = {"share": share.share, "basis": share.basis, "assumed": share.assumed}
        if (before, after) not in stored:
            new_rows.append(
                UnitShare(predecessor_id=before, successor_id=after, effective_on=FIRST_DAY_NEW, **fields)
            )
            counts.add("unitshare", "created")
        elif tuple(fields.values()) != stored[(before, after)][1:]:
            row = UnitShare(id=stored[(before, after)][0], updated_at=now, **fields)
            changed.append(row)
            counts.add("unitshare", "changed")
        else:
            counts.add("unitshare", "unchanged")
    UnitShare.objects.bulk_create(new_rows, batch_size=BATCH)
    if changed:
        UnitShare.objects.bulk_update(changed, ["share", "basis", "assumed", "updated_at"], batch_size=BATCH)
