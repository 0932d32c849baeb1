"""Every province, district and commune of Vietnam before and after 01/7/2025, from a pinned package.

The units and the old → new mapping come from ``vietnamadminunits`` (MIT; version pinned in
``pyproject.toml``), read straight from its data files — its own modules pull in geocoding code that
planwatch does not need. Nothing here is typed by hand (docs/decisions/0008-country-units.md):

- before the reform (valid until 30/6/2025): 63 provinces, 696 districts and 10,035 communes, plus the
  5 island districts that have no commune and report as one (the package's 10,040 rows);
- from 01/7/2025: 34 provinces and 3,321 communes (xã, phường, đặc khu);
- successions: each new province from the old ones (Nghị quyết 202/2025/QH15), each new commune from
  the old communes (whole, or a part of a divided one) under the Standing Committee's resolutions.

A divided commune's *share* in each new commune is an assumption: proportional to the new communes'
areas (the package gives the area of each new commune, not the area of each part).

Each unit carries the package's centroid (latitude, longitude) and, where the package has one, its
bounding box; a new province's box is the box around the provinces it joins (the package gives the
new structure's centroids only).

Official codes are reused across the reform (Kiên Giang's 91 is the new An Giang's), so a unit's
planwatch code carries its structure: ``vn63-91`` (Tỉnh Kiên Giang), ``vn34-91`` (Tỉnh An Giang).
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from planwatch.domain.errors import CatalogueError
from planwatch.domain.model import AdministrativeUnit, UnitShare, UnitSuccession
from planwatch.domain.vocabulary import SuccessionKind, UnitLevel

PACKAGE = "vietnamadminunits"
LAST_DAY_OLD = date(2025, 6, 30)
FIRST_DAY_NEW = date(2025, 7, 1)
PROVINCE_BASIS = "Nghị quyết 202/2025/QH15 (12/6/2025)"
COMMUNE_BASIS = "Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã năm 2025 ({province})"
SHARE_BASIS = "area"
SHARE_NOTE = (
    "xã cũ bị chia: tỷ lệ phần chia là giả định, theo diện tích các xã mới nhận (gói dữ liệu không có "
    "diện tích từng phần)"
)
OLD_PREFIX, NEW_PREFIX = "vn63-", "vn34-"


def old_code(official: str) -> str:
    """The planwatch code of a unit before 01/7/2025 with this official code: ``91`` → ``vn63-91``."""
    return OLD_PREFIX + official


def new_code(official: str) -> str:
    """The planwatch code of a unit from 01/7/2025 with this official code: ``91`` → ``vn34-91``."""
    return NEW_PREFIX + official


@dataclass(frozen=True, slots=True)
class Country:
    """The whole country, old and new, with the successions between them."""

    units: tuple[AdministrativeUnit, ...]
    successions: tuple[UnitSuccession, ...]
    shares: tuple[UnitShare, ...]
    source: str  # "vietnamadminunits 1.0.4"


def package_about() -> str:
    """Which package and data version the units come from: ``vietnamadminunits 1.0.4``."""
    try:
        return f"{PACKAGE} {importlib.metadata.version(PACKAGE)}"
    except importlib.metadata.PackageNotFoundError:
        raise CatalogueError(f"thiếu gói {PACKAGE}: hãy chạy 'make install'") from None


def _data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise CatalogueError(f"thiếu gói {PACKAGE}: hãy chạy 'make install'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(db: Path, table: str) -> list[dict[str, Any]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(r) for r in connection.execute(f"SELECT * FROM [{table}]")]


def _centre(latitude: float | None, longitude: float | None) -> tuple[float, float] | None:
    return None if latitude is None or longitude is None else (float(latitude), float(longitude))


def _bounds(text: str | None) -> tuple[float, float, float, float] | None:
    """The package's box ``"20.995099,105.797482 – 21.05038,105.876446"`` as (south, west, north, east)."""
    if not text:
        return None
    corners = [part.strip().split(",") for part in text.replace("—", "–").split("–")]
    try:
        (south, west), (north, east) = ((float(a), float(b)) for a, b in corners)
    except ValueError:
        return None  # a box the package writes otherwise is left out, never guessed
    return (min(south, north), min(west, east), max(south, north), max(west, east))


def _union(boxes: list[tuple[float, float, float, float] | None]) -> tuple[float, float, float, float] | None:
    known = [box for box in boxes if box is not None]
    if not known:
        return None
    return (
        min(b[0] for b in known),
        min(b[1] for b in known),
        max(b[2] for b in known),
        max(b[3] for b in known),
    )


@functools.cache
def load_country() -> Country:
    """The package's units and mapping as domain objects, read once per process (~0.3 s).

    Raises:
        CatalogueError: the package is missing, or its mapping names a unit its lists lack.
    """
    data = _data_dir()
    legacy = _rows(data / "dataset.db", "admin_units_legacy")
    current = _rows(data / "dataset.db", "admin_units")
    mapping = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))

    units: dict[str, AdministrativeUnit] = {}
    old_by_key: dict[str, str] = {}  # "tinhkiengiang_huyenkienhai_xahonre" -> planwatch code
    old_province_by_key: dict[str, str] = {}
    for row in legacy:
        province = old_code(row["provinceCode"])
        district = old_code(row["districtCode"])
        old_province_by_key[row["provinceKey"]] = province
        units.setdefault(
            province,
            AdministrativeUnit(
                code=province,
                name=row["province"],
                level=UnitLevel.PROVINCE,
                valid_to=LAST_DAY_OLD,
                official_code=row["provinceCode"],
                centre=_centre(row["provinceLat"], row["provinceLon"]),
                bounds=_bounds(row["provinceBounds"]),
            ),
        )
        units.setdefault(
            district,
            AdministrativeUnit(
                code=district,
                name=row["district"],
                level=UnitLevel.DISTRICT,
                parent=province,
                valid_to=LAST_DAY_OLD,
                official_code=row["districtCode"],
                centre=_centre(row["districtLat"], row["districtLon"]),
                bounds=_bounds(row["districtBounds"]),
            ),
        )
        key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        if row["wardCode"] is None:  # an island district without communes reports as one
            old_by_key[key] = district
            continue
        commune = old_code(row["wardCode"])
        units[commune] = AdministrativeUnit(
            code=commune,
            name=row["ward"],
            level=UnitLevel.COMMUNE,
            parent=district,
            valid_to=LAST_DAY_OLD,
            official_code=row["wardCode"],
            centre=_centre(row["wardLat"], row["wardLon"]),
            bounds=_bounds(row["wardBounds"]),
        )
        old_by_key[key] = commune

    new_by_key: dict[tuple[str, str], str] = {}
    new_province_by_key: dict[str, str] = {}
    province_names: dict[str, str] = {}
    area: dict[str, float] = {}
    for row in current:
        province = new_code(row["provinceCode"])
        new_province_by_key[row["provinceKey"]] = province
        province_names[province] = row["province"]
        units.setdefault(
            province,
            AdministrativeUnit(
                code=province,
                name=row["province"],
                level=UnitLevel.PROVINCE,
                valid_from=FIRST_DAY_NEW,
                official_code=row["provinceCode"],
                centre=_centre(row["provinceLat"], row["provinceLon"]),
            ),
        )
        commune = new_code(row["wardCode"])
        units[commune] = AdministrativeUnit(
            code=commune,
            name=row["ward"],
            level=UnitLevel.COMMUNE,
            parent=province,
            valid_from=FIRST_DAY_NEW,
            official_code=row["wardCode"],
            centre=_centre(row["wardLat"], row["wardLon"]),
        )
        new_by_key[(row["provinceKey"], row["wardKey"])] = commune
        area[commune] = float(row["wardAreaKm2"] or 0.0)

    def lookup(index: dict[Any, str], key: Any) -> str:
        try:
            return index[key]
        except KeyError:
            raise CatalogueError(f"{PACKAGE}: bảng chuyển đổi nhắc '{key}' mà danh sách không có") from None

    successions: list[UnitSuccession] = []
    for new_key, old_keys in sorted(mapping["DICT_PROVINCE"].items()):
        successor = lookup(new_province_by_key, new_key)
        predecessors = tuple(sorted(lookup(old_province_by_key, k) for k in old_keys))
        # The package gives no bounds for the new provinces: the box around the provinces they join.
        units[successor] = replace(units[successor], bounds=_union([units[p].bounds for p in predecessors]))
        successions.append(
            UnitSuccession(
                kind=SuccessionKind.MERGE if len(predecessors) > 1 else SuccessionKind.RENAME,
                predecessors=predecessors,
                successors=(successor,),
                effective_on=FIRST_DAY_NEW,
                legal_basis=PROVINCE_BASIS,
            )
        )

    whole: dict[str, set[str]] = defaultdict(set)
    for province_key, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            whole[lookup(new_by_key, (province_key, ward_key))].update(
                lookup(old_by_key, k) for k in old_keys
            )
    parts: dict[str, set[str]] = defaultdict(set)
    shares: list[UnitShare] = []
    for province_key, divided in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, pieces in divided.items():
            predecessor = lookup(old_by_key, old_key)
            receivers = [lookup(new_by_key, (province_key, p["newWardKey"])) for p in pieces]
            total = sum(area[r] for r in receivers)
            for receiver in receivers:
                parts[receiver].add(predecessor)
                share = area[receiver] / total if total else 1.0 / len(receivers)
                shares.append(UnitShare(predecessor, receiver, round(share, 6), SHARE_BASIS, assumed=True))
    for commune in sorted(set(whole) | set(parts)):
        predecessors = tuple(sorted(whole[commune] | parts[commune]))
        if len(predecessors) > 1:
            kind = SuccessionKind.MERGE
        else:
            kind = SuccessionKind.SPLIT if parts[commune] else SuccessionKind.RENAME
        province = units[commune].parent or ""
        successions.append(
            UnitSuccession(
                kind=kind,
                predecessors=predecessors,
                successors=(commune,),
                effective_on=FIRST_DAY_NEW,
                legal_basis=COMMUNE_BASIS.format(province=province_names.get(province, province)),
                note=SHARE_NOTE if parts[commune] else None,
            )
        )
    return Country(
        units=tuple(units.values()),
        successions=tuple(successions),
        shares=tuple(shares),
        source=package_about(),
    )
