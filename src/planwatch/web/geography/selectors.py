"""Reads of administrative units: which unit a name means in a given year."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q, QuerySet

from planwatch.domain.errors import AmbiguousError, NotFoundError
from planwatch.domain.numbers import format_number
from planwatch.domain.periods import Period, in_force, unit_refusal
from planwatch.domain.succession import unit_and_descendants
from planwatch.domain.text import nfc, normalise_name, place_name_keys, strip_diacritics
from planwatch.domain.vocabulary import SuccessionKind, UnitLevel
from planwatch.web.geography.models import AdministrativeUnit, UnitShare, UnitSuccession


def data_cutoff(year: int) -> date:
    """Last day of a year's data period: 14/12 (planwatch.domain.periods)."""
    return Period.of_year(year).end


def unit_list_on(day: date) -> QuerySet[AdministrativeUnit]:
    """The units in force on ``day`` (domain.periods.in_force, as a query)."""
    return AdministrativeUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


@dataclass(frozen=True, slots=True)
class UnitIndex:
    """Every unit by id, and the ids each name key, code and official code points to.

    Built once per process and kept while the unit table is unchanged, so resolving a name costs a
    dictionary look-up (and one small statement for the stamp) however many units there are.
    """

    units: dict[int, AdministrativeUnit]
    by_key: dict[str, tuple[int, ...]]

    def matching(self, text: str) -> list[AdministrativeUnit]:
        """The units ``text`` may mean: by code, official code or name (with or without the level word,
        diacritics or "(cũ)"); "NAME, PROVINCE" narrows a name to the units inside that province."""
        found = self._lookup(text)
        if not found and "," in text:
            name, _, province = text.rpartition(",")
            provinces = {u.pk for u in self._lookup(province) if u.level == UnitLevel.PROVINCE.value}
            found = [u for u in self._lookup(name) if provinces & self.ancestors(u)]
        return found

    def _lookup(self, text: str) -> list[AdministrativeUnit]:
        """By code, then by name as written (diacritics count), then by its ASCII skeleton, so that
        "Kiên Giang" is the province and "Kien Giang" also the town of Kiến Giang."""
        stripped = nfc(text).strip()
        name = normalise_name(stripped)
        ids = (
            self.by_key.get(stripped)
            or self.by_key.get(name)
            or self.by_key.get(ASCII_KEY + strip_diacritics(name), ())
        )
        return sorted((self.units[i] for i in ids), key=_level_rank)

    def ancestors(self, unit: AdministrativeUnit) -> set[int]:
        found: set[int] = set()
        parent = unit.parent_id
        while parent is not None and parent not in found:
            found.add(parent)
            parent = self.units[parent].parent_id
        return found

    def province_of(self, unit: AdministrativeUnit) -> AdministrativeUnit | None:
        for pk in self.ancestors(unit):
            if self.units[pk].level == UnitLevel.PROVINCE.value:
                return self.units[pk]
        return None

    def describe(self, unit: AdministrativeUnit) -> str:
        """ "Huyện Châu Thành (Tỉnh Kiên Giang, mã 905, đến 30/06/2025) [kien-giang-huyen-chau-thanh]"."""
        province = self.province_of(unit)
        facts = [province.name] if province else []
        if unit.official_code:
            facts.append(f"mã {unit.official_code}")
        facts.append(validity_text(unit.valid_from, unit.valid_to))
        return f"{unit.name} ({', '.join(f for f in facts if f)}) [{unit.code}]"


def validity_text(valid_from: date | None, valid_to: date | None) -> str:
    """ "từ 01/07/2025", "đến 30/06/2025" or both; empty when the unit has no recorded bounds."""
    parts = []
    if valid_from:
        parts.append(f"từ {valid_from:%d/%m/%Y}")
    if valid_to:
        parts.append(f"đến {valid_to:%d/%m/%Y}")
    return " ".join(parts)


ASCII_KEY = "ascii:"
_LEVEL_ORDER = ("province", "area", "district", "commune")


def _level_rank(unit: AdministrativeUnit) -> tuple[int, str]:
    return (_LEVEL_ORDER.index(unit.level) if unit.level in _LEVEL_ORDER else 9, unit.code)


_index_lock = threading.Lock()
_index: tuple[str, UnitIndex] | None = None


def unit_table_stamp() -> str:
    """Changes whenever a unit is added, removed or changed (one statement)."""
    row = AdministrativeUnit.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
    return f"{row['count']}:{row['latest']}"


def unit_index() -> UnitIndex:
    """The process's :class:`UnitIndex`, rebuilt when the unit table has changed."""
    global _index
    stamp = unit_table_stamp()
    with _index_lock:
        if _index is None or _index[0] != stamp:
            _index = (stamp, _build_index())
        return _index[1]


def _build_index() -> UnitIndex:
    units = {u.pk: u for u in AdministrativeUnit.objects.all()}
    keys: dict[str, list[int]] = defaultdict(list)
    for unit in units.values():
        names = place_name_keys(unit.name)
        forms = {unit.code, *names, *(ASCII_KEY + strip_diacritics(name) for name in names)}
        if unit.official_code:
            forms.add(unit.official_code)
        for form in forms:
            keys[form].append(unit.pk)
    return UnitIndex(units=units, by_key={key: tuple(ids) for key, ids in keys.items()})


def unit_resolve(text: str, on: date | None = None, level: str | None = None) -> AdministrativeUnit:
    """The one unit ``text`` (code, official code or name) means, among those in force ``on`` a day
    (and of ``level`` when given).

    Raises:
        NotFoundError: no unit is called that (or none of them existed that day).
        AmbiguousError: several are; the message lists each candidate with its code.
    """
    index = unit_index()
    named = [u for u in index.matching(text) if level is None or u.level == level]
    if on is not None:
        named = [u for u in named if _exists_on(u, on)] or named
    if not named:
        raise NotFoundError(f"không có đơn vị hành chính '{text}'")
    exact = [u for u in named if u.code == text.strip()]
    if len(named) > 1 and not exact:
        candidates = "; ".join(index.describe(u) for u in named[:12])
        more = f" và {len(named) - 12} đơn vị khác" if len(named) > 12 else ""
        raise AmbiguousError(f"'{text}' chỉ nhiều đơn vị: {candidates}{more}; hãy ghi mã đơn vị")
    return (exact or named)[0]


def unit_for_year(name: str, year: int) -> AdministrativeUnit:
    """The unit called ``name`` whose figures for ``year`` can be reported (see ``unit_for_period``)."""
    return unit_for_period(name, Period.of_year(year))


def unit_for_period(name: str, period: Period, index: UnitIndex | None = None) -> AdministrativeUnit:
    """The unit called ``name`` whose figures for ``period`` can be reported: one that exists on the
    period's data cut-off (planwatch.domain.periods.unit_reports_for).

    ``index`` is the unit index to read (one import asks :func:`unit_index` once for all its rows, so a
    row costs the same whatever the number of units); by default the process's current one.

    Raises:
        NotFoundError: no unit has that name, or the one that has it did not exist on the cut-off of
            that period (the message gives the reason and names the unit that continues its territory).
        AmbiguousError: several units of that name existed then (give the code instead).
    """
    index = index or unit_index()
    named = index.matching(name)
    if not named:
        raise NotFoundError(f"không có đơn vị hành chính '{name}'")
    cutoff = period.end
    living = [u for u in named if _exists_on(u, cutoff)]
    exact = [u for u in living if u.code == name.strip()]
    if len(living) == 1 or exact:
        return (exact or living)[0]
    if len(living) > 1:
        candidates = "; ".join(index.describe(u) for u in living[:12])
        raise AmbiguousError(f"'{name}' chỉ nhiều đơn vị {period.label}: {candidates}; hãy ghi mã đơn vị")
    gone = named[0]
    continuing = territory_unit_on(gone, cutoff)
    hint = f"; số liệu {period.label} ghi cho '{continuing.name}'" if continuing else ""
    reason = unit_refusal(gone.name, gone.valid_from, gone.valid_to, period)
    raise NotFoundError(f"{reason}{hint}")


def territory_unit_on(unit: AdministrativeUnit, day: date) -> AdministrativeUnit | None:
    """The unit that carries ``unit``'s territory on ``day``: itself, or the area that continues it."""
    if _exists_on(unit, day):
        return unit
    if not unit.territory:
        renamed = UnitSuccession.objects.filter(
            kind=SuccessionKind.RENAME.value, predecessors=unit, effective_on__lte=day
        ).first()
        successors = list(renamed.successors.all()) if renamed else []
        if len(successors) == 1 and _exists_on(successors[0], day):
            return successors[0]
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
    provinces = [u for u in unit_index().matching(province) if u.level == UnitLevel.PROVINCE.value]
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
    return in_force(unit.valid_from, unit.valid_to, day)


def descendant_ids(unit: AdministrativeUnit) -> set[int]:
    """``unit`` and every unit below it (from the process's unit index)."""
    pairs = ((u.pk, u.parent_id) for u in unit_index().units.values())
    return unit_and_descendants(unit.pk, pairs)


def communes_of_former(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The communes in force today whose predecessors lay (wholly or in part) in the former ``unit``:
    for the former Kiên Giang, the communes of the new An Giang that continue its land."""
    inside = descendant_ids(unit)
    successor_ids = set(
        UnitSuccession.successors.through.objects.filter(unitsuccession__predecessors__in=inside).values_list(
            "administrativeunit_id", flat=True
        )
    )
    units = unit_index().units
    return sorted(
        (units[i] for i in successor_ids if units[i].level == UnitLevel.COMMUNE.value),
        key=lambda u: (u.name, u.code),
    )


@dataclass(frozen=True, slots=True)
class HistoryLink:
    """One unit on the other side of a succession, with the share when only a part of it passed."""

    unit: AdministrativeUnit
    share: float | None
    basis: str
    assumed: bool

    @property
    def share_text(self) -> str:
        """ "61,3 %" """
        return "" if self.share is None else f"{format_number(self.share * 100, 1)} %"


@dataclass(frozen=True, slots=True)
class UnitHistory:
    """Where a unit came from and where it went (``planwatch units --history``)."""

    unit: AdministrativeUnit
    province: AdministrativeUnit | None
    effective_on: date | None
    legal_basis: str
    predecessors: list[HistoryLink]
    successors: list[HistoryLink]
    children: int


def unit_history(unit: AdministrativeUnit) -> UnitHistory:
    """The units ``unit`` was formed from and those it became, with shares of divided communes."""
    index = unit_index()
    shares = {
        (s.predecessor_id, s.successor_id): s
        for s in UnitShare.objects.filter(Q(predecessor=unit) | Q(successor=unit))
    }

    def link(other_id: int, before: int, after: int) -> HistoryLink:
        share = shares.get((before, after))
        return HistoryLink(
            index.units[other_id],
            share.share if share else None,
            share.basis if share else "",
            share.assumed if share else False,
        )

    formed = list(UnitSuccession.objects.filter(successors=unit).prefetch_related("predecessors"))
    became = list(UnitSuccession.objects.filter(predecessors=unit).prefetch_related("successors"))
    predecessors = [link(p.pk, p.pk, unit.pk) for s in formed for p in s.predecessors.all()]
    successors = [link(n.pk, unit.pk, n.pk) for s in became for n in s.successors.all()]
    event = formed[0] if formed else (became[0] if became else None)
    return UnitHistory(
        unit=unit,
        province=index.province_of(unit),
        effective_on=event.effective_on if event else None,
        legal_basis=event.legal_basis if event else "",
        predecessors=_unique_links(predecessors),
        successors=_unique_links(successors),
        children=sum(1 for u in index.units.values() if u.parent_id == unit.pk),
    )


def _unique_links(links: list[HistoryLink]) -> list[HistoryLink]:
    found: dict[int, HistoryLink] = {}
    for item in links:
        found.setdefault(item.unit.pk, item)
    return sorted(found.values(), key=lambda item: (_level_rank(item.unit), item.unit.name))


def units_on(
    day: date, level: str | None = None, within: AdministrativeUnit | None = None
) -> list[AdministrativeUnit]:
    """The units in force on ``day`` (areas excluded), of one level and inside one unit if asked."""
    inside = descendant_ids(within) - {within.pk} if within else None
    found = [
        u
        for u in unit_index().units.values()
        if u.level != UnitLevel.AREA.value
        and _exists_on(u, day)
        and (level is None or u.level == level)
        and (inside is None or u.pk in inside)
    ]
    return sorted(found, key=lambda u: (_LEVEL_ORDER.index(u.level), u.official_code or u.code, u.code))


def communes_by_territory() -> dict[str, frozenset[str]]:
    """Territory of each province -> codes of the communes whose predecessors lay in it (the same as
    planwatch.domain.succession.communes_of_former_unit for every province), in one pass over the
    succession links: ~0.1 s for the whole country instead of one walk of the unit tree per province."""
    rows = AdministrativeUnit.objects.values_list("id", "parent_id", "level", "territory", "code")
    parent = {pk: parent_id for pk, parent_id, _, _, _ in rows}
    level = {pk: unit_level for pk, _, unit_level, _, _ in rows}
    territory = {pk: unit_territory or code for pk, _, _, unit_territory, code in rows}
    code = {pk: unit_code for pk, _, _, _, unit_code in rows}
    province_of: dict[int, int | None] = {}

    def province(pk: int) -> int | None:
        if pk not in province_of:
            seen, current = set(), pk
            while current is not None and level[current] != UnitLevel.PROVINCE.value and current not in seen:
                seen.add(current)
                current = parent[current]
            province_of[pk] = current
        return province_of[pk]

    before: dict[int, set[int]] = defaultdict(set)
    for succession, unit in UnitSuccession.predecessors.through.objects.values_list(
        "unitsuccession_id", "administrativeunit_id"
    ):
        if (found := province(unit)) is not None:
            before[succession].add(found)
    communes: dict[str, set[str]] = defaultdict(set)
    for succession, unit in UnitSuccession.successors.through.objects.values_list(
        "unitsuccession_id", "administrativeunit_id"
    ):
        if level[unit] == UnitLevel.COMMUNE.value:
            for found in before.get(succession, ()):
                communes[territory[found]].add(code[unit])
    return {key: frozenset(codes) for key, codes in communes.items() if codes}


def units_search(query: str, limit: int = 50) -> list[AdministrativeUnit]:
    """Units whose code, official code or name (with or without diacritics) contains ``query``, the
    units in force today and the higher levels first (the unit picker)."""
    text = nfc(query).strip()
    if not text:
        return []
    key = strip_diacritics(normalise_name(text))
    exact = AdministrativeUnit.objects.filter(Q(code=text) | Q(official_code=text))
    found = list(exact) + list(
        AdministrativeUnit.objects.filter(search_key__contains=key).exclude(pk__in=[u.pk for u in exact])[
            : limit * 4
        ]
    )
    found.sort(key=lambda u: (u.valid_to is not None, _level_rank(u), u.name))
    return found[:limit]


@dataclass(frozen=True, slots=True)
class CommuneReport:
    """A commune of a province page and what today's figures say it reported."""

    unit: AdministrativeUnit
    figures: int
    latest_year: int | None


def communes_of(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The communes under ``unit`` (directly, or through its districts)."""
    index = unit_index()
    inside = descendant_ids(unit) - {unit.pk}
    return sorted(
        (index.units[i] for i in inside if index.units[i].level == UnitLevel.COMMUNE.value),
        key=lambda u: (u.name, u.code),
    )


def entry_units_for_province(province: str, today: date) -> list[AdministrativeUnit]:
    """Where a figure of a document of ``province`` may be entered: the unit carrying its territory
    today first (for Kiên Giang: the area of the former Kiên Giang in An Giang), then the province as
    it stood, then the communes that continue its land. Never another province's territory."""
    provinces = [u for u in unit_index().matching(province) if u.level == UnitLevel.PROVINCE.value]
    if not provinces:
        return []
    home = min(provinces, key=lambda u: u.valid_from or date.min)
    territory = home.territory or home.code
    carriers = [
        u
        for u in unit_index().units.values()
        if (u.territory or u.code) == territory and u.level != UnitLevel.COMMUNE.value
    ]
    carriers.sort(key=lambda u: (not _exists_on(u, today), u.valid_from or date.min))
    return carriers + communes_of_former(home)
