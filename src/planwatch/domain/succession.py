"""Who is responsible, and which unit is meant, across the 2025 restructuring (domain.md §3, §4).

An agency named in a 2024 plan resolves to its successor *for a function*: from 01/3/2025 Sở LĐTBXH's
poverty work went to Sở Nông nghiệp và Môi trường, its vocational education to Sở GDĐT (Nghị định
45/2025/NĐ-CP); from 01/7/2025 the departments of Kiên Giang became those of the new An Giang
(Nghị quyết 202/2025/QH15). Earlier days keep the earlier agency, so history is never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TypeVar

from planwatch.domain.errors import AmbiguousError, NotFoundError
from planwatch.domain.model import AdministrativeUnit, Agency, AgencySuccession, UnitSuccession
from planwatch.domain.text import normalise_name
from planwatch.domain.vocabulary import UnitLevel

ALL_FUNCTIONS = "*"

Key = TypeVar("Key", str, int)


def _by_code(agencies: Iterable[Agency] | Mapping[str, Agency]) -> Mapping[str, Agency]:
    if isinstance(agencies, Mapping):
        return agencies
    return {agency.code: agency for agency in agencies}


# Successions as a list, or grouped by predecessor code (what a caller with thousands of them passes).
Successions = Iterable[AgencySuccession] | Mapping[str, Sequence[AgencySuccession]]


def successions_by_predecessor(
    successions: Iterable[AgencySuccession],
) -> dict[str, tuple[AgencySuccession, ...]]:
    """The successions grouped by predecessor code, for :func:`agency_responsible_on`."""
    grouped: dict[str, list[AgencySuccession]] = {}
    for succession in successions:
        grouped.setdefault(succession.predecessor, []).append(succession)
    return {code: tuple(found) for code, found in grouped.items()}


def _next_succession(
    code: str, function: str, day: date, successions: Successions
) -> AgencySuccession | None:
    """The earliest succession from ``code`` in force on ``day`` that carries ``function``.

    A succession for the function itself wins over one for all the rest (``*``) on the same date.
    """
    pool = successions.get(code, ()) if isinstance(successions, Mapping) else successions
    candidates = [
        s
        for s in pool
        if s.predecessor == code and s.effective_on <= day and s.function in (function, ALL_FUNCTIONS)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda s: (s.effective_on, s.function == ALL_FUNCTIONS))


def agency_responsible_on(
    agency_code: str,
    function: str,
    day: date,
    successions: Successions,
    agencies: Iterable[Agency] | Mapping[str, Agency],
) -> Agency:
    """The agency that carries ``function`` of ``agency_code`` on ``day``.

    Successions are followed in date order, each for the function (or for ``*``, all the rest):
    Sở LĐTBXH Kiên Giang → (``poverty``, 01/3/2025) Sở NN&MT Kiên Giang → (01/7/2025) Sở NN&MT An Giang.

    Args:
        agency_code: the agency named in the document.
        function: a domain code (``poverty``, ``vocational_education`` …) or ``*``.
        day: the day of interest (a reporting day, a due date).
        successions: all agency successions (or :func:`successions_by_predecessor` of them).
        agencies: all agencies (or a mapping code -> agency).

    Raises:
        NotFoundError: an unknown code, a cycle, or no agency that exists on ``day`` carries the function.
    """
    index = _by_code(agencies)
    if not isinstance(successions, Mapping):
        successions = tuple(successions)
    code, seen = agency_code, {agency_code}
    while (step := _next_succession(code, function, day, successions)) is not None:
        code = step.successor
        if code in seen:
            raise NotFoundError(f"các cơ quan kế thừa lẫn nhau thành vòng tại '{code}'")
        seen.add(code)
    agency = index.get(code)
    if agency is None:
        raise NotFoundError(f"không có cơ quan mã '{code}'")
    if not agency.exists_on(day):
        raise NotFoundError(
            f"{agency.name} không còn tồn tại ngày {day:%d/%m/%Y} và chưa ghi nhận cơ quan kế thừa "
            f"chức năng '{function}'"
        )
    return agency


def _forms(name: str, place: str | None) -> set[str]:
    """A normalised name, with and without a trailing ``tỉnh <province>`` / ``<province>``."""
    normalised = normalise_name(name)
    forms = {normalised}
    if place:
        for suffix in (f" tỉnh {place}", f" {place}"):
            if normalised.endswith(suffix):
                forms.add(normalised.removesuffix(suffix))
    return forms


def _agency_forms(agency: Agency, place: str | None) -> set[str]:
    names = {agency.name, *agency.aliases}
    if agency.short_name:
        names.add(agency.short_name)
    return {form for name in names for form in _forms(name, place)}


def resolve_agency_name(
    name_as_written: str, province: str | None, agencies: Iterable[Agency]
) -> Agency | None:
    """The agency of ``province`` that a document means by ``name_as_written``
    (:meth:`AgencyNames.resolve` on ``agencies``; build an ``AgencyNames`` once for many names).

    Raises:
        AmbiguousError: several agencies of the province have that name.
    """
    return AgencyNames(agencies).resolve(name_as_written, province)


class AgencyNames:
    """Agencies by the names documents call them: the one rule of agency-name resolution.

    Names compare after :func:`normalise_name` with the agency's name, short name and aliases
    (``Sở LĐTBXH`` = ``Sở Lao động - Thương binh và Xã hội``), on both sides with and without a
    trailing ``tỉnh <province>``. Collective subjects (``UBND các huyện, thành phố``) match nothing.
    The names of every provincial agency are indexed once, so resolving many names costs a lookup each.
    """

    def __init__(self, agencies: Iterable[Agency]) -> None:
        self._by_place: dict[tuple[str, str], list[Agency]] = {}
        self._plain: dict[str, list[Agency]] = {}
        self._central: list[Agency] = []
        for agency in agencies:
            for form in _agency_forms(agency, None):
                self._plain.setdefault(form, []).append(agency)
            if agency.province is None:
                self._central.append(agency)
                continue
            place = normalise_name(agency.province)
            for form in _agency_forms(agency, place):
                self._by_place.setdefault((place, form), []).append(agency)

    def resolve(self, name_as_written: str, province: str | None) -> Agency | None:
        """The agency of ``province`` (or a central one) named ``name_as_written``, or None.

        Raises:
            AmbiguousError: several agencies of the province have that name.
        """
        place = normalise_name(province) if province else None
        wanted = _forms(name_as_written, place)
        found: dict[str, Agency] = {}
        if place is None:
            for form in wanted:
                found.update((a.code, a) for a in self._plain.get(form, ()))
        else:
            for form in wanted:
                found.update((a.code, a) for a in self._by_place.get((place, form), ()))
            found.update((a.code, a) for a in self._central if wanted & _agency_forms(a, place))
        matches = sorted(found.values(), key=lambda a: a.code)
        if len(matches) > 1:
            names = ", ".join(sorted(a.name for a in matches))
            raise AmbiguousError(f"'{name_as_written}' có thể là: {names}")
        return matches[0] if matches else None


def units_on(day: date, units: Iterable[AdministrativeUnit]) -> tuple[AdministrativeUnit, ...]:
    """The units that exist on ``day`` (Kiên Giang until 30/6/2025, the new An Giang from 01/7/2025)."""
    return tuple(unit for unit in units if unit.exists_on(day))


def territory_units(territory: str, units: Iterable[AdministrativeUnit]) -> tuple[AdministrativeUnit, ...]:
    """The units whose figures describe ``territory``, in date order.

    The former province and the area that continues it inside the merged province share a
    territory, so a 2023 baseline for Kiên Giang and a 2026 figure for its area form one series.
    """
    found = [unit for unit in units if unit.territory == territory]
    return tuple(sorted(found, key=lambda u: (u.valid_from or date.min, u.code)))


def unit_successors(
    code: str, day: date, successions: Iterable[UnitSuccession], units: Iterable[AdministrativeUnit]
) -> tuple[AdministrativeUnit, ...]:
    """The units that continue ``code`` on ``day``, following merges, splits and renames.

    A unit that still exists on ``day`` is its own successor. A dissolved unit without a recorded
    succession has none (the catalogue's commune list is partial).

    Raises:
        NotFoundError: ``code`` is not a known unit.
    """
    index = {unit.code: unit for unit in units}
    if code not in index:
        raise NotFoundError(f"không có đơn vị hành chính mã '{code}'")
    successions = tuple(successions)
    result: dict[str, AdministrativeUnit] = {}
    pending, seen = [code], {code}
    while pending:
        current = pending.pop(0)
        unit = index.get(current)
        if unit is not None and unit.exists_on(day):
            result[current] = unit
            continue
        for succession in successions:
            if current in succession.predecessors and succession.effective_on <= day:
                for successor in succession.successors:
                    if successor not in seen:
                        seen.add(successor)
                        pending.append(successor)
    return tuple(result.values())


def unit_and_descendants(root: Key, parents: Iterable[tuple[Key, Key | None]]) -> set[Key]:
    """``root`` and every unit below it, from (unit, parent) pairs of codes or of database ids.

    Example: the former Kiên Giang -> its districts -> their communes.
    """
    children: dict[Key | None, list[Key]] = {}
    for unit, parent in parents:
        children.setdefault(parent, []).append(unit)
    found, pending = {root}, [root]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def communes_of_former_unit(
    code: str, successions: Iterable[UnitSuccession], units: Iterable[AdministrativeUnit]
) -> tuple[AdministrativeUnit, ...]:
    """The communes whose predecessors lay in the former province or district ``code``.

    Example: the former Kiên Giang (or thành phố Phú Quốc) -> đặc khu Phú Quốc, đặc khu Thổ Châu.
    """
    units = tuple(units)
    index = {unit.code: unit for unit in units}
    if code not in index:
        raise NotFoundError(f"không có đơn vị hành chính mã '{code}'")
    former = unit_and_descendants(code, ((unit.code, unit.parent) for unit in units))
    found: dict[str, AdministrativeUnit] = {}
    for succession in successions:
        if former.intersection(succession.predecessors):
            for successor in succession.successors:
                unit = index.get(successor)
                if unit is not None and unit.level is UnitLevel.COMMUNE:
                    found[successor] = unit
    return tuple(sorted(found.values(), key=lambda u: u.code))
