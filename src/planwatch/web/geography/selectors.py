"""Reads of administrative units: which unit a name means in a given year."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from planwatch.domain.errors import AmbiguousError, NotFoundError
from planwatch.domain.periods import year_cutoff
from planwatch.domain.text import normalise_name, place_name_keys
from planwatch.web.geography.models import AdministrativeUnit


def data_cutoff(year: int) -> date:
    """Last day of a year's data period: 14/12 (Nghị định 09/2019/NĐ-CP, domain.md §5).

    A yearly figure describes the unit as it stands on that day.
    """
    return year_cutoff(year)


def unit_list_on(day: date) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def unit_for_year(name: str, year: int) -> AdministrativeUnit:
    """The unit called ``name`` whose figures for ``year`` can be reported.

    Raises:
        NotFoundError: no unit has that name, or the one that has it did not exist on the data cut-off
            of that year (the message names the unit that continues its territory).
        AmbiguousError: several units of that name existed then (give the code instead).
    """
    wanted = normalise_name(name)
    named = [
        u for u in AdministrativeUnit.objects.all() if wanted in place_name_keys(u.name) or wanted == u.code
    ]
    if not named:
        raise NotFoundError(f"không có đơn vị hành chính '{name}'")
    cutoff = data_cutoff(year)
    living = [u for u in named if _exists_on(u, cutoff)]
    if len(living) == 1:
        return living[0]
    if len(living) > 1:
        codes = ", ".join(u.code for u in living)
        raise AmbiguousError(f"'{name}' chỉ nhiều đơn vị năm {year}: {codes}; hãy ghi mã đơn vị")
    gone = named[0]
    continuing = territory_unit_on(gone, cutoff)
    hint = f"; số liệu năm {year} ghi cho '{continuing.name}'" if continuing else ""
    ended = gone.valid_to.strftime("%d/%m/%Y") if gone.valid_to else "?"
    raise NotFoundError(f"'{gone.name}' không còn tồn tại vào {cutoff:%d/%m/%Y} (hết hiệu lực {ended}){hint}")


def territory_unit_on(unit: AdministrativeUnit, day: date) -> AdministrativeUnit | None:
    """The unit that carries ``unit``'s territory on ``day``: itself, or the area that continues it."""
    if _exists_on(unit, day):
        return unit
    if not unit.territory:
        return None
    return (
        unit_list_on(day)
        .filter(territory=unit.territory)
        .exclude(level="commune")
        .order_by("valid_from")
        .first()
    )


def province_unit_for_year(province: str, year: int) -> AdministrativeUnit:
    """Where a document's province reports ``year``: the province, or the area that continues it."""
    wanted = normalise_name(province)
    provinces = [
        u for u in AdministrativeUnit.objects.filter(level="province") if wanted in place_name_keys(u.name)
    ]
    if not provinces:
        raise NotFoundError(f"không có tỉnh '{province}' trong danh mục đơn vị hành chính")
    cutoff = data_cutoff(year)
    # The province as it stood when the plan was written is the oldest of that name.
    home = min(provinces, key=lambda u: u.valid_from or date.min)
    unit = territory_unit_on(home, cutoff)
    if unit is None:
        raise NotFoundError(f"không có đơn vị nào tiếp nối địa bàn tỉnh {province} năm {year}")
    return unit


def _exists_on(unit: AdministrativeUnit, day: date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= day) and (
        unit.valid_to is None or day <= unit.valid_to
    )
