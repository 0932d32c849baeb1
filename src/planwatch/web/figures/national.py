"""Load the national illustrative dataset (``planwatch demo --national``) in bulk.

The figures of :mod:`planwatch.demo_national` go straight into the observation table: on SQLite with
``executemany`` of three bound values per row inside one transaction (synchronous writes off, the
secondary indexes dropped during the load and built again after it); on PostgreSQL with ``COPY`` into a
temporary table and one ``INSERT … SELECT``. No row goes through the ORM, and no revision is written:
a generated figure has no history. Every row is ``is_demo``, source ``demo`` and carries
:data:`~planwatch.demo_national.NATIONAL_LABEL` as its comment, which is how a second run finds and
replaces them; a figure entered for real (or any other figure at the same key) is never touched.

With the figures come one illustrative plan per province that implements 42-NQ/TW (its title says it
is illustrative), with a target for each indicator the catalogue's 42-NQ/TW plans carry.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from planwatch.demo_national import NATIONAL_LABEL, NATIONAL_YEARS, Plan, Structure, figures, plan
from planwatch.demo_national import sample_communes as _sample
from planwatch.domain.errors import DomainError
from planwatch.domain.model import Indicator as DomainIndicator
from planwatch.domain.numbers import format_number
from planwatch.domain.periods import year_cutoff
from planwatch.domain.vocabulary import Aggregation, Comparator, UnitLevel
from planwatch.web.catalogue import mapping
from planwatch.web.catalogue.models import DocumentParent, Indicator, PolicyDocument, Target
from planwatch.web.figures.models import Observation
from planwatch.web.geography.models import AdministrativeUnit

RESOLUTION = "42-NQ-TW"
PLAN_PREFIX = "MH-42-"  # doc_id of the illustrative provincial plans
PLAN_ISSUED = date(2025, 9, 1)
_TABLE = Observation._meta.db_table
NEW_FIRST_YEAR = 2025  # 2025's cut-off (14/12/2025) falls after the 1/7/2025 reorganisation


class NotInitialisedError(DomainError):
    """The catalogue or the country's units are not in the database yet."""


@dataclass(frozen=True, slots=True)
class NationalResult:
    plan: Plan
    written: int  # figures inserted
    replaced: int  # illustrative figures of an earlier run removed first
    kept: int  # keys that already held another figure (never overwritten)
    documents: int
    targets: int
    seconds: float
    communes: tuple[int, int]  # (before 1/7/2025, after) kept at this scale


def national_demo_load(*, scale: float = 1.0, say: Callable[[str], None] = lambda _: None) -> NationalResult:
    """Generate and store the national illustrative figures and plans (idempotent).

    Raises:
        NotInitialisedError: the catalogue's data elements, the country's communes or 42-NQ/TW are missing.
        InvalidValueError: ``scale`` is not within (0, 1].
    """
    from planwatch.domain.errors import InvalidValueError

    if not 0 < scale <= 1:
        raise InvalidValueError(f"--scale {scale} phải lớn hơn 0 và không quá 1")
    started = time.perf_counter()
    structures = _structures(scale)
    indicators = {i.code: i for i in Indicator.objects.all()}
    domain_indicators = [mapping.indicator_to_domain(i) for i in indicators.values()]
    outline = plan(domain_indicators, structures)
    say(
        f"{len(outline.indicators)} chỉ tiêu và {len(outline.elements)} phần tử dữ liệu, "
        f"{outline.series} chuỗi theo phân tổ; tối đa {format_number(outline.figures)} số liệu"
    )
    ids = {code: i.pk for code, i in indicators.items()}
    with sqlite_bulk(), transaction.atomic():
        replaced, written, offered, documents, targets = _load(
            structures, domain_indicators, ids, indicators, say
        )
    return NationalResult(
        plan=outline,
        written=written,
        replaced=replaced,
        kept=offered - written,
        documents=documents,
        targets=targets,
        seconds=time.perf_counter() - started,
        communes=(len(structures[0].communes), len(structures[1].communes)),
    )


@contextmanager
def sqlite_bulk() -> Iterator[None]:
    """Settings for a bulk load on SQLite: no fsync, the rollback journal in memory, a large page cache.
    PRAGMAs change only outside a transaction, and are put back after; a caller's own transaction
    keeps its settings (and nothing changes on PostgreSQL)."""
    bulk = connection.vendor == "sqlite" and not connection.in_atomic_block
    if not bulk:
        yield
        return
    connection.ensure_connection()
    journal = _pragma("journal_mode")
    _pragma("synchronous = OFF")
    _pragma("journal_mode = MEMORY")
    _pragma("cache_size = -400000")  # 400 MB of pages while the unique indexes grow
    _pragma("temp_store = MEMORY")
    try:
        yield
    finally:
        _pragma(f"journal_mode = {journal}")
        _pragma("synchronous = NORMAL")
        _pragma("cache_size = -2000")
        _pragma("temp_store = DEFAULT")


@contextmanager
def sqlite_without_indexes(*tables: str) -> Iterator[None]:
    """Drop the secondary (non-unique) indexes of ``tables`` on SQLite for a load and build them again
    after it (inside the caller's transaction: a failure rolls the drop back too)."""
    if connection.vendor != "sqlite":
        yield
        return
    raw = connection.connection
    assert raw is not None
    indexes = [index for table in tables for index in sqlite_secondary_indexes(table)]
    for name, _ in indexes:
        raw.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        raw.execute(sql)


def _pragma(setting: str) -> str:
    raw = connection.connection
    assert raw is not None
    row = raw.execute(f"PRAGMA {setting}").fetchone()
    return str(row[0]) if row else ""


def _load(
    structures: list[Structure],
    domain_indicators: list[DomainIndicator],
    ids: dict[str, int],
    indicators: dict[str, Indicator],
    say: Callable[[str], None],
) -> tuple[int, int, int, int, int]:
    """Remove the earlier run's figures, write the new ones and the plans (inside one transaction)."""
    goals = _goals()
    replaced = _remove_previous()
    say(f"đã xóa {format_number(replaced)} số liệu minh họa toàn quốc cũ")
    blocks = figures(domain_indicators, structures, goals)
    if connection.vendor == "postgresql":
        written, offered = _copy_postgresql(blocks, ids)
    else:
        written, offered = _insert_sqlite(blocks, ids)
    documents, targets = _plans(indicators)
    return replaced, written, offered, documents, targets


def _structures(scale: float) -> list[Structure]:
    """The communes of the old structure (in force on 14/12/2024) and the new (14/12/2025), each with
    its province, sampled at ``scale``."""
    if not Indicator.objects.filter(is_element=True).exists():
        raise NotInitialisedError("danh mục chưa có các phần tử dữ liệu: hãy chạy planwatch init trước")
    if not PolicyDocument.objects.filter(doc_id=RESOLUTION).exists():
        raise NotInitialisedError(f"danh mục chưa có văn bản {RESOLUTION}: hãy chạy planwatch init trước")
    rows = list(
        AdministrativeUnit.objects.values_list("pk", "code", "level", "parent_id", "valid_from", "valid_to")
    )
    parent = {r[0]: r[3] for r in rows}
    level = {r[0]: r[2] for r in rows}

    def province_of(unit: int) -> int | None:
        current: int | None = unit
        while current is not None and level[current] != UnitLevel.PROVINCE.value:
            current = parent[current]
        return current

    structures = []
    for name, years in (
        ("old", tuple(y for y in NATIONAL_YEARS if y < NEW_FIRST_YEAR)),
        ("new", tuple(y for y in NATIONAL_YEARS if y >= NEW_FIRST_YEAR)),
    ):
        first, last = year_cutoff(years[0]), year_cutoff(years[-1])
        communes = [
            (r[0], r[1], province_of(r[0]))
            for r in rows
            if r[2] == UnitLevel.COMMUNE.value
            and (r[4] is None or r[4] <= first)
            and (r[5] is None or r[5] >= last)
        ]
        communes = [c for c in communes if c[2] is not None]
        if not communes:
            raise NotInitialisedError(
                f"chưa có xã, phường nào còn hiệu lực {last:%d/%m/%Y}: hãy chạy planwatch init trước"
            )
        kept = _sample([c[1] for c in communes], [c[2] for c in communes], scale)
        structures.append(
            Structure(
                name=name,
                years=years,
                communes=np.asarray([communes[k][0] for k in kept], dtype=np.int64),
                commune_province=np.asarray([communes[k][2] for k in kept], dtype=np.int64),
                whole=len(communes),
            )
        )
    return structures


def _goals() -> dict[str, float]:
    """An indicator's goal: the value of the first numeric target on its total (the catalogue's)."""
    goals: dict[str, float] = {}
    targets = Target.objects.filter(indicator__isnull=False, value__isnull=False, disaggregation="").exclude(
        document__doc_id__startswith=PLAN_PREFIX
    )
    for code, value in targets.order_by("document__doc_id", "position").values_list(
        "indicator__code", "value"
    ):
        if value is not None:
            goals.setdefault(code, float(value))
    return goals


def _remove_previous() -> int:
    """Delete the figures an earlier national run wrote (never one with a history or a proposal)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {_TABLE} WHERE is_demo = %s AND comment = %s "
            "AND id NOT IN (SELECT observation_id FROM figures_observationrevision) "
            "AND id NOT IN (SELECT observation_id FROM figures_proposedchange)",
            [True, NATIONAL_LABEL],
        )
        return int(cursor.rowcount)


_COLUMNS = (
    "created_at, updated_at, indicator_id, disaggregation, unit_id, period, period_type, year, "
    "period_start, period_end, value, assessment, kind, source, state, comment, is_demo, version, "
    "updated_by_id"
)


def sqlite_secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, SQL) of the table's indexes a load may drop and build again: not the unique ones."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
            [table],
        )
        return [(name, sql) for name, sql in cursor.fetchall() if "UNIQUE" not in sql.upper()]


def _insert_sqlite(blocks: object, ids: dict[str, int]) -> tuple[int, int]:
    """``executemany`` per series in one transaction; the indexes but the unique key rebuilt after."""
    raw = connection.connection
    assert raw is not None
    now = timezone.now().strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite_without_indexes(_TABLE):
        return _insert_blocks(raw, now, blocks, ids)


def _insert_blocks(raw: Any, now: str, blocks: object, ids: dict[str, int]) -> tuple[int, int]:
    before = raw.total_changes
    offered = 0
    for block in blocks:  # type: ignore[attr-defined]
        statement = (
            f"INSERT OR IGNORE INTO {_TABLE} ({_COLUMNS}) VALUES "
            f"('{now}', '{now}', {ids[block.code]}, ?4, ?1, CAST(?2 AS TEXT), 'year', ?2, "
            "(?2 - 1) || '-12-15', ?2 || '-12-14', ?3, '', 'official', 'demo', 'approved', "
            f"'{NATIONAL_LABEL}', 1, 1, NULL)"
        )
        order = np.lexsort((block.years, block.units))
        disaggregation = block.disaggregation
        raw.executemany(
            statement,
            zip(
                block.units[order].tolist(),
                block.years[order].tolist(),
                block.values[order].tolist(),
                [disaggregation] * len(order),
                strict=True,
            ),
        )
        offered += len(order)
    written = raw.total_changes - before
    return written, offered


def _copy_postgresql(blocks: object, ids: dict[str, int]) -> tuple[int, int]:
    """``COPY`` into a temporary table, then one ``INSERT … SELECT`` that skips keys already held."""
    offered = 0
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        # (dropped at commit; a second load within one caller's transaction finds it still there)
        cursor.execute("DROP TABLE IF EXISTS national_in")
        cursor.execute(
            "CREATE TEMPORARY TABLE national_in (indicator_id integer, disaggregation varchar(120), "
            "unit_id bigint, year smallint, value double precision) ON COMMIT DROP"
        )
        with cursor.copy("COPY national_in FROM STDIN") as copy:
            for block in blocks:  # type: ignore[attr-defined]
                lines = "".join(
                    f"{ids[block.code]}\t{block.disaggregation}\t{u}\t{y}\t{v!r}\n"
                    for u, y, v in zip(
                        block.units.tolist(), block.years.tolist(), block.values.tolist(), strict=True
                    )
                )
                copy.write(lines)
                offered += len(block.values)
        cursor.execute(
            f"INSERT INTO {_TABLE} ({_COLUMNS}) "
            "SELECT now(), now(), indicator_id, disaggregation, unit_id, year::text, 'year', year, "
            "make_date(year - 1, 12, 15), make_date(year, 12, 14), value, '', 'official', 'demo', "
            "'approved', %s, true, 1, NULL FROM national_in "
            "ORDER BY national_in.indicator_id, national_in.disaggregation, national_in.unit_id, "
            "national_in.year "
            "ON CONFLICT (indicator_id, disaggregation, unit_id, period) DO NOTHING",
            [NATIONAL_LABEL],
        )
        written = int(cursor.rowcount)
    return written, offered


def _plans(indicators: dict[str, Indicator]) -> tuple[int, int]:
    """One illustrative plan per province in force after 1/7/2025, child of 42-NQ/TW, with a target per
    indicator (and scope) the catalogue's own 42-NQ/TW plans set, its value moved a little per province."""
    resolution = PolicyDocument.objects.get(doc_id=RESOLUTION)
    templates = _template_targets(resolution)
    provinces = AdministrativeUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=year_cutoff(NEW_FIRST_YEAR)),
        level=UnitLevel.PROVINCE.value,
        valid_to__isnull=True,
    ).order_by("code")
    Target.objects.filter(document__doc_id__startswith=PLAN_PREFIX).delete()
    documents = 0
    targets: list[Target] = []
    for province in provinces:
        document, _ = PolicyDocument.objects.update_or_create(
            doc_id=f"{PLAN_PREFIX}{province.code}",
            defaults={
                "kind": "ke_hoach",
                "number": "",
                "issuer": f"Ủy ban nhân dân {province.name}",
                "title": (
                    f"Kế hoạch minh họa thực hiện Nghị quyết 42-NQ/TW tại {province.name} (Số liệu minh họa)"
                ),
                "issued_on": PLAN_ISSUED,
                "province": province.name,
                "is_stub": False,
                "source_file": "",
            },
        )
        DocumentParent.objects.get_or_create(child=document, parent=resolution, defaults={"position": 0})
        documents += 1
        for position, template in enumerate(templates):
            digest = hashlib.sha256(
                f"{province.code}:{template.indicator_id}:{template.scope}".encode()
            ).digest()
            nudge = 1 + (digest[0] / 255 - 0.5) * 0.1  # ±5 %
            value = template.value * nudge if template.value is not None else None
            if value is not None and template.indicator and template.indicator.upper_limit is not None:
                value = min(value, template.indicator.upper_limit)
            targets.append(
                Target(
                    document=document,
                    key=f"t{position + 1}",
                    position=position,
                    group=template.group,
                    indicator_name=template.indicator_name,
                    indicator=template.indicator,
                    unit=template.unit,
                    comparator=template.comparator,
                    value=None if value is None else round(value, 1 if abs(value) < 1000 else 0),
                    target_year=2030,
                    kind=template.kind,
                    scope=template.scope,
                    disaggregation=template.disaggregation,
                )
            )
    Target.objects.bulk_create(targets, batch_size=1000)
    return documents, len(targets)


def _template_targets(resolution: PolicyDocument) -> list[Target]:
    """The numeric targets of the catalogue's plans under 42-NQ/TW on combined indicators, one per
    indicator and scope (the first in document order)."""
    chosen: dict[tuple[int, str], Target] = {}
    candidates = (
        Target.objects.filter(
            document__parent_links__parent=resolution,
            document__is_stub=False,
            indicator__isnull=False,
            value__isnull=False,
        )
        .exclude(document__doc_id__startswith=PLAN_PREFIX)
        .exclude(comparator__in=[Comparator.QUALITATIVE.value, Comparator.LEVEL.value])
        .exclude(indicator__aggregation=Aggregation.NONE.value)
        .select_related("indicator")
        .order_by("document__issued_on", "document__doc_id", "position")
    )
    for target in candidates:
        assert target.indicator_id is not None
        chosen.setdefault((target.indicator_id, target.scope), target)
    return list(chosen.values())
