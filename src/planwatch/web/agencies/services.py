"""Writes to the agency tables: every province's departments from the dated rule table, in bulk."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from planwatch.catalogue import load_catalogue
from planwatch.catalogue.country import load_country
from planwatch.catalogue.departments import ProvinceAgencies, generate_province_agencies
from planwatch.web.agencies.models import Agency, AgencySuccession
from planwatch.web.catalogue.mapping import agency_fields
from planwatch.web.upsert import UpsertCounts

BATCH = 1000
_FIELDS = ("name", "short_name", "province", "valid_from", "valid_to", "aliases", "note")


@transaction.atomic
def province_agencies_load(*, generated: ProvinceAgencies | None = None) -> UpsertCounts:
    """Store the departments of every province, old and new, and their successions by function
    (planwatch.catalogue.departments); run after ``catalogue_load``, whose agencies of the same code
    and successions of the same (predecessor, function, date) are left as the catalogue has them.
    A second run changes nothing."""
    generated = generated or generate_province_agencies(load_country())
    catalogue = load_catalogue()
    owned = {a.code for a in catalogue.agencies}
    counts = UpsertCounts()
    stored = {row[0]: row[1:] for row in Agency.objects.values_list("code", "id", *_FIELDS)}
    now = timezone.now()
    new_rows, changed = [], []
    for agency in generated.agencies:
        if agency.code in owned:
            continue
        fields = agency_fields(agency)
        if agency.code not in stored:
            new_rows.append(Agency(code=agency.code, **fields))
            counts.add("agency", "created")
        elif tuple(fields[name] for name in _FIELDS) != stored[agency.code][1:]:
            changed.append(Agency(id=stored[agency.code][0], code=agency.code, updated_at=now, **fields))
            counts.add("agency", "changed")
        else:
            counts.add("agency", "unchanged")
    Agency.objects.bulk_create(new_rows, batch_size=BATCH)
    if changed:
        Agency.objects.bulk_update(changed, [*_FIELDS, "updated_at"], batch_size=BATCH)
    ids = dict(Agency.objects.values_list("code", "id"))
    present = {
        (row[0], row[1], row[2]): row[3:]
        for row in AgencySuccession.objects.values_list(
            "predecessor_id", "function", "effective_on", "id", "successor_id", "legal_basis"
        )
    }
    new_links, changed_links = [], []
    for succession in generated.successions:
        key = (ids[succession.predecessor], succession.function, succession.effective_on)
        if succession.predecessor in owned and key in present:
            continue  # the catalogue records this one itself
        wanted = (ids[succession.successor], succession.legal_basis)
        if key not in present:
            new_links.append(
                AgencySuccession(
                    predecessor_id=key[0],
                    function=key[1],
                    effective_on=key[2],
                    successor_id=wanted[0],
                    legal_basis=wanted[1],
                )
            )
            counts.add("agencysuccession", "created")
        elif present[key][1:] != wanted:
            changed_links.append(
                AgencySuccession(
                    id=present[key][0], successor_id=wanted[0], legal_basis=wanted[1], updated_at=now
                )
            )
            counts.add("agencysuccession", "changed")
        else:
            counts.add("agencysuccession", "unchanged")
    AgencySuccession.objects.bulk_create(new_links, batch_size=BATCH)
    if changed_links:
        AgencySuccession.objects.bulk_update(
            changed_links, ["successor_id", "legal_basis", "updated_at"], batch_size=BATCH
        )
    return counts
