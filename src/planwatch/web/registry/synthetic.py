"""A province's illustrative registry in bulk (``planwatch registry synthetic``; issue #18, point 7).

The core's :func:`~planwatch.registry.synthetic.synthetic_registry` makes the households and people of
the province's communes in force (a ward is urban, :meth:`AreaType.of_unit`); they are written with
batched ``executemany`` on SQLite (the bulk settings and index handling of
:mod:`planwatch.web.figures.national`) and ``COPY`` on PostgreSQL, never through the ORM row by row.
Each commune gets the year's poverty review, its households' assessments classified in bulk by
:func:`~planwatch.registry.poverty.classify_columns`, one approval by the illustrative system user, and
its figures through :func:`~planwatch.web.registry.figures.reviews_figures_write`, marked illustrative.

What marks the illustrative registry: household codes ``MH-…`` with the address
:data:`~planwatch.registry.synthetic.ILLUSTRATIVE_NOTE`, and reviews decided by :data:`SYSTEM_USER`.
A second run replaces them; a province whose communes keep any other household is refused. All or
nothing: one transaction.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from planwatch.domain.errors import InvalidValueError, NotFoundError
from planwatch.registry.identity import person_match_keys, province_codes
from planwatch.registry.indicators import poverty_rates
from planwatch.registry.poverty import HouseholdSurvey, LivingStandard, classify, classify_columns
from planwatch.registry.rules import AreaType, RuleNotFound, money, poverty_standard_for
from planwatch.registry.synthetic import ILLUSTRATIVE_LABEL, ILLUSTRATIVE_NOTE, synthetic_registry
from planwatch.web.figures.models import Observation, ObservationRevision, ProposedChange
from planwatch.web.figures.national import sqlite_bulk, sqlite_without_indexes
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.privacy.fields import encrypted_text
from planwatch.web.registry.figures import reviews_figures_write
from planwatch.web.registry.models import (
    Household,
    HouseholdAssessment,
    Person,
    PovertyReview,
    ReviewDecision,
)

SYSTEM_USER = "he-thong-minh-hoa"
CODE_PREFIX = "MH-"
DECISION = (
    f"{ILLUSTRATIVE_LABEL}: sổ hộ tổng hợp được hệ thống phê duyệt tự động, không phải kết quả rà soát thật"
)
DISABILITY = {
    "khuyet_tat_nang": "khuyết tật nặng",
    "khuyet_tat_dac_biet_nang": "khuyết tật đặc biệt nặng",
}
_HOUSEHOLD = Household._meta.db_table
_PERSON = Person._meta.db_table
_ASSESSMENT = HouseholdAssessment._meta.db_table
_REVIEW = PovertyReview._meta.db_table
_DECISION = ReviewDecision._meta.db_table


@dataclass
class SyntheticLoad:
    province: str
    communes: int
    households: int
    people: int
    reviews: int
    observations: int
    replaced_households: int
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step


def system_user() -> User:
    """The named user the illustrative reviews are approved by (cannot sign in)."""
    user, made = User.objects.get_or_create(
        username=SYSTEM_USER, defaults={"first_name": "Hệ thống", "last_name": f"({ILLUSTRATIVE_LABEL})"}
    )
    if made:
        user.set_unusable_password()
        user.is_active = False
        user.save(update_fields=["password", "is_active"])
    return user


def synthetic_load(
    province_code: str,
    *,
    households: int = 600_000,
    seed: int = 42,
    year: int = 2025,
    say: Callable[[str], None] = lambda _: None,
) -> SyntheticLoad:
    """Generate, write, classify and turn into figures an illustrative registry of one province.

    Raises:
        NotFoundError: no province of that code in force, or it has no commune in force.
        InvalidValueError: fewer than one household, no poverty standard for ``year``, or the
            province's communes keep real households or a review of ``year`` of their own.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    province = AdministrativeUnit.objects.filter(
        code=province_code.strip(), level="province", valid_to=None
    ).first()
    if province is None:
        raise NotFoundError(
            f"không có tỉnh, thành phố mã '{province_code}' còn hiệu lực (xem 'planwatch units')"
        )
    if households < 1:
        raise InvalidValueError("--households phải ít nhất là 1")
    try:
        standard = poverty_standard_for(year)
    except RuleNotFound as problem:
        raise InvalidValueError(str(problem)) from None
    communes = list(
        AdministrativeUnit.objects.filter(
            Q(parent=province) | Q(parent__parent=province), level="commune", valid_to=None
        )
        .order_by("code")
        .only("pk", "code", "name")
    )
    if not communes:
        raise NotFoundError(f"{province.name} chưa có xã, phường nào còn hiệu lực")
    ids = [c.pk for c in communes]
    real = Household.objects.filter(commune_id__in=ids).exclude(
        code__startswith=CODE_PREFIX, address=ILLUSTRATIVE_NOTE
    )
    if real.exists():
        raise InvalidValueError(
            f"{province.name} đã có {real.count()} hộ thật trong sổ: "
            "không tạo sổ minh họa đè lên dữ liệu thật."
        )
    official = province.official_code.zfill(3)
    registry = synthetic_registry(
        [(c.code, AreaType.of_unit(c.name)) for c in communes],
        households=households,
        seed=seed,
        reference_date=date(year, 10, 1),
        id_province=official if official in province_codes() else "001",
    )
    timings["generate"] = time.perf_counter() - started
    say(
        f"đã tạo {registry.households.num_rows} hộ, {registry.people.num_rows} người "
        f"({timings['generate']:.1f} s)"
    )

    step = time.perf_counter()
    table = registry.households
    urban = pc.equal(table["area"].combine_chunks().dictionary_decode(), AreaType.URBAN.value).to_numpy(
        zero_copy_only=False
    )
    income = table["income_per_person_month"].to_numpy()
    count = table["deprivation_count"].to_numpy()
    codes = classify_columns(income, count, urban, year)
    reasons = _reasons(income, count, urban, codes, year, registry.indicator_codes)
    timings["classify"] = time.perf_counter() - step

    user = system_user()
    step = time.perf_counter()
    try:
        with sqlite_bulk(), transaction.atomic():
            replaced = _remove_previous(ids)  # (with the indexes: each deleted row's references are checked)
            # (on SQLite the secondary indexes go during the load, and are built once after it)
            with sqlite_without_indexes(_HOUSEHOLD, _PERSON, _ASSESSMENT):
                taken = PovertyReview.objects.filter(commune_id__in=ids, year=year)
                if taken.exists():
                    raise InvalidValueError(
                        f"{taken.count()} xã, phường của {province.name} đã có đợt rà soát năm {year} "
                        "của mình: không tạo đợt minh họa đè lên."
                    )
                first_id = _write_households(registry.households, communes)
                people = _write_people(registry.people, registry.households, communes, first_id)
                reviews = _write_reviews(communes, year, standard.basis, user)
                _write_assessments(registry, codes, reasons, reviews, first_id, year)
            timings["write"] = time.perf_counter() - step
            step = time.perf_counter()
            column = table["commune_code"].combine_chunks()
            names = column.dictionary.to_pylist()
            rates = {r.unit: r for r in poverty_rates(column.indices.to_numpy(), codes, unit_names=names)}
            approved = [
                (review, rates[review.commune.code]) for review in reviews if review.commune.code in rates
            ]
            reviews_figures_write(approved, user=user, is_demo=True)
            timings["indicators"] = time.perf_counter() - step
    except IntegrityError as problem:
        raise InvalidValueError(
            f"Không ghi được sổ minh họa của {province.name} (đã hủy toàn bộ): {problem}".rstrip()
        ) from None
    timings["total"] = time.perf_counter() - started
    return SyntheticLoad(
        province=province.name,
        communes=len(communes),
        households=table.num_rows,
        people=people,
        reviews=len(approved),
        observations=5 * len(approved),
        replaced_households=replaced,
        timings=timings,
    )


def _reasons(
    income: np.ndarray,
    count: np.ndarray,
    urban: np.ndarray,
    codes: np.ndarray,
    year: int,
    indicators: tuple[str, ...],
) -> pa.Array:
    """The core's reason for each household: :func:`classify` once per (living standard, area, count)
    on one household of the group, its income's words then replaced by each household's own."""
    group = (codes.astype(np.int64) * 2 + urban.astype(np.int64)) * 32 + count.astype(np.int64)
    _, first, inverse = np.unique(group, return_index=True, return_inverse=True)
    heads, tails = [], []
    for row in first.tolist():
        said = money(int(income[row]))
        reason = classify(
            HouseholdSurvey(
                int(income[row]),
                AreaType.URBAN if urban[row] else AreaType.RURAL,
                frozenset(indicators[: int(count[row])]),
            ),
            year,
        ).reason
        head, found, tail = reason.partition(said)
        assert found, reason
        heads.append(head)
        tails.append(tail)
    amounts, back = np.unique(income, return_inverse=True)
    words = pa.array([money(int(a)) for a in amounts.tolist()]).take(pa.array(back))
    where = pa.array(inverse)
    joined: pa.Array = pc.binary_join_element_wise(
        pa.array(heads).take(where), words, pa.array(tails).take(where), ""
    )
    return joined


def _remove_previous(communes: list[int]) -> int:
    """Delete an earlier illustrative registry of these communes, its reviews and their figures."""
    marks = ",".join("%s" for _ in communes)
    synthetic = f"SELECT id FROM {_HOUSEHOLD} WHERE commune_id IN ({marks}) AND code LIKE %s AND address = %s"
    ours: list[Any] = [*communes, f"{CODE_PREFIX}%", ILLUSTRATIVE_NOTE]
    reviews = (
        f"SELECT DISTINCT review_id FROM {_DECISION} d JOIN auth_user u ON u.id = d.decided_by_id "
        f"JOIN {_REVIEW} r ON r.id = d.review_id WHERE u.username = %s AND r.commune_id IN ({marks})"
    )
    observations = (
        f"SELECT id FROM {Observation._meta.db_table} WHERE is_demo = %s AND source = 'registry' "
        f"AND comment LIKE %s AND unit_id IN ({marks}) "
        f"AND id NOT IN (SELECT observation_id FROM {ProposedChange._meta.db_table})"
    )
    demo: list[Any] = [True, f"{ILLUSTRATIVE_LABEL}.%", *communes]
    by_system: list[Any] = [SYSTEM_USER, *communes]
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {ObservationRevision._meta.db_table} WHERE observation_id IN ({observations})", demo
        )
        cursor.execute(f"DELETE FROM {Observation._meta.db_table} WHERE id IN ({observations})", demo)
        cursor.execute(reviews, by_system)
        earlier = [int(row[0]) for row in cursor.fetchall()]  # at most one per commune and year
        cursor.execute(f"DELETE FROM {_ASSESSMENT} WHERE household_id IN ({synthetic})", ours)
        if earlier:
            chosen = ",".join("%s" for _ in earlier)
            for table, column in ((_ASSESSMENT, "review_id"), (_DECISION, "review_id"), (_REVIEW, "id")):
                cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({chosen})", earlier)
        cursor.execute(f"DELETE FROM {_PERSON} WHERE household_id IN ({synthetic})", ours)
        cursor.execute(f"DELETE FROM {_HOUSEHOLD} WHERE id IN ({synthetic})", ours)
        deleted: int = cursor.rowcount
        return deleted


def _now_text() -> str:
    """The current time as the database takes it in text."""
    now = timezone.now()
    stored = connection.ops.adapt_datetimefield_value(now)
    return stored if isinstance(stored, str) else now.isoformat()


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return int(cursor.fetchone()[0])


def _load(table: str, data: pa.Table, constants: dict[str, str]) -> None:
    """Write ``data`` and the same ``constants`` on every row into ``table``: one ``COPY`` on
    PostgreSQL, ``executemany`` in batches on SQLite (the constants written in the statement)."""
    if connection.vendor == "postgresql":
        for name, value in constants.items():
            data = data.append_column(
                name, pa.array(np.full(data.num_rows, value, dtype=object), pa.string())
            )
        buffer = io.BytesIO()
        pacsv.write_csv(data, buffer, pacsv.WriteOptions(include_header=False, quoting_style="all_valid"))
        columns = ", ".join(data.column_names)
        with connection.cursor() as wrapper:
            with wrapper.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
            if "id" in data.column_names:
                wrapper.cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )
        return
    literals = ", ".join("'" + value.replace("'", "''") + "'" for value in constants.values())
    sql = (
        f"INSERT INTO {table} ({', '.join([*data.column_names, *constants])}) "
        f"VALUES ({', '.join(['%s'] * data.num_columns)}{', ' if constants else ''}{literals})"
    )
    rows: Any
    with connection.cursor() as cursor:
        for batch in data.to_batches(max_chunksize=200_000):
            rows = zip(*(column.to_pylist() for column in batch.columns), strict=True)
            cursor.executemany(sql, rows)


def _write_households(households: pa.Table, communes: list[AdministrativeUnit]) -> int:
    first = _next_id(_HOUSEHOLD)
    ids = households["household_id"].to_numpy()
    index = households["commune_code"].combine_chunks().indices.to_numpy()
    data = pa.table(
        {
            "id": pa.array(ids + (first - 1)),
            "commune_id": pa.array(np.array([c.pk for c in communes], dtype=np.int64)[index]),
            "code": pc.binary_join_element_wise(
                CODE_PREFIX,
                pc.utf8_lpad(pc.cast(households["household_id"], pa.string()), width=7, padding="0"),
                "",
            ),
            "area": households["area"].combine_chunks().dictionary_decode(),
        }
    )
    now = _now_text()
    _load(_HOUSEHOLD, data, {"created_at": now, "updated_at": now, "address": ILLUSTRATIVE_NOTE})
    return first


def _write_people(
    people: pa.Table, households: pa.Table, communes: list[AdministrativeUnit], first: int
) -> int:
    """The members; a generated personal id another person already holds is left out (with its reason)."""
    n = people.num_rows
    pids = people["person_id"].combine_chunks()
    held = _held_ids()
    clash = pc.is_in(pids, value_set=held) if len(held) else pa.array(np.zeros(n, dtype=bool))
    personal_id = pc.if_else(clash, pa.scalar(None, pa.string()), pids)
    no_id = pc.if_else(
        clash, f"{ILLUSTRATIVE_LABEL}: số định danh tổng hợp trùng với người đã có trong sổ", ""
    )
    household = people["household_id"].to_numpy()
    commune_index = households["commune_code"].combine_chunks().indices.to_numpy()[household - 1]
    commune_codes = pa.array([c.code for c in communes]).take(pa.array(commune_index))
    born = pc.strftime(people["birth_date"], format="%Y-%m-%d")
    match_key = person_match_keys(
        people["full_name"].combine_chunks(), people["birth_date"].combine_chunks(), commune_codes
    )
    disability = np.full(n, "", dtype=object)
    categories = people["categories"].combine_chunks()
    flat = categories.flatten().to_numpy(zero_copy_only=False)
    owner = np.repeat(np.arange(n), np.diff(categories.offsets.to_numpy()))
    for code, label in DISABILITY.items():
        for row in owner[flat == code].tolist():
            disability[row] = encrypted_text(f"{label} ({ILLUSTRATIVE_LABEL})")
    data = pa.table(
        {
            "household_id": pa.array(household + (first - 1)),
            "full_name": people["full_name"],
            "birth_date": born,
            "sex": people["sex"].combine_chunks().dictionary_decode(),
            "personal_id": personal_id,
            "no_id_reason": no_id,
            "match_key": match_key,
            "disability": pa.array(disability, pa.string()),
        }
    )
    now = _now_text()
    constants = {
        "created_at": now,
        "updated_at": now,
        "birth_precision": "day",
        "relation": "",
        "health_notes": "",
    }
    _load(_PERSON, data.sort_by("personal_id"), constants)
    return int(n)


def _held_ids() -> pa.Array:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT personal_id FROM {_PERSON} WHERE personal_id IS NOT NULL")
        return pa.array([row[0] for row in cursor.fetchall()], pa.string())


def _write_reviews(
    communes: list[AdministrativeUnit], year: int, basis: str, user: User
) -> list[PovertyReview]:
    """One approved (frozen) review per commune, each with its approval by the system user."""
    now = timezone.now()
    reviews = PovertyReview.objects.bulk_create(
        [PovertyReview(commune=c, year=year, state="approved", basis=basis, frozen_at=now) for c in communes]
    )
    ReviewDecision.objects.bulk_create(
        [ReviewDecision(review=r, action="approve", decided_by=user, reason=DECISION) for r in reviews]
    )
    return reviews


def _write_assessments(
    registry: object,
    codes: np.ndarray,
    reasons: pa.Array,
    reviews: list[PovertyReview],
    first: int,
    year: int,
) -> None:
    households: pa.Table = registry.households  # type: ignore[attr-defined]
    indicators: tuple[str, ...] = registry.indicator_codes  # type: ignore[attr-defined]
    masks = households["deprivation_mask"].to_numpy()
    distinct, inverse = np.unique(masks, return_inverse=True)
    as_json = np.array([_json(int(m), indicators) for m in distinct.tolist()], dtype=object)
    review_ids = np.array([r.pk for r in reviews], dtype=np.int64)
    index = households["commune_code"].combine_chunks().indices.to_numpy()
    values = np.array([s.value for s in LivingStandard], dtype=object)
    data = pa.table(
        {
            "review_id": pa.array(review_ids[index]),
            "household_id": pa.array(households["household_id"].to_numpy() + (first - 1)),
            "income_per_person_month": households["income_per_person_month"],
            "area": households["area"].combine_chunks().dictionary_decode(),
            "deprivations": pa.array(as_json[inverse], pa.string()),
            "standard": pa.array(values[codes], pa.string()),
            "reason": reasons,
        }
    )
    now = _now_text()
    _load(_ASSESSMENT, data, {"created_at": now, "updated_at": now})


def _json(mask: int, indicators: Iterable[str]) -> str:
    import json

    return json.dumps(sorted(c for bit, c in enumerate(indicators) if mask >> bit & 1), ensure_ascii=False)
