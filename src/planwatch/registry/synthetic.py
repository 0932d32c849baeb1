"""A deterministic synthetic registry (households and people) for benches and demos — illustrative only.

Nothing here describes real people: incomes, deprivations, members, names, ids and categories are drawn
from a seeded ``numpy`` generator, the same seed giving the same tables. Both tables carry the schema
metadata ``planwatch.illustrative = "true"`` and a note, so nothing downstream can take them for data.

Shape (plausible, not calibrated): incomes per person per month log-normal per area (rural median
4,2 million đ, urban 7 million, σ 0,6 — a few % at or below the 2022–2026 lines); 1–6 members, 3,7 on
average; deprivations more frequent in households near the line; a 12-digit personal id per person
that matches their birth year and sex (Thông tư 59/2021/TT-BCA), unique; a few % of people in an
assistance category their age allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from planwatch.registry.identity import province_codes
from planwatch.registry.rules import AreaType, poverty_standard_for

ILLUSTRATIVE_LABEL = "Số liệu minh họa"
ILLUSTRATIVE_NOTE = f"{ILLUSTRATIVE_LABEL}: sổ hộ tổng hợp ngẫu nhiên, không phải người thật"
ILLUSTRATIVE = {b"planwatch.illustrative": b"true", b"planwatch.note": ILLUSTRATIVE_NOTE.encode()}
SIZES = np.array([1, 2, 3, 4, 5, 6])
SIZE_SHARES = np.array([0.06, 0.14, 0.22, 0.30, 0.18, 0.10])  # mean 3,7 people
MEDIAN_INCOME = {AreaType.RURAL: 4_200_000, AreaType.URBAN: 7_000_000}
SIGMA = 0.6
# Illustrative names (no package lists Vietnamese names); combinations only, no real person meant.
FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
)
MIDDLE = {0: ("Văn", "Hữu", "Đức", "Minh", "Quang"), 1: ("Thị", "Ngọc", "Thu", "Thanh", "Mai")}
GIVEN: tuple[str, ...] = (
    *("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Lan", "Linh", "Long"),
    *("Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"),
)
# (category code, age from, age below, share of the people of that age)
CATEGORIES = (
    ("tre_em_khong_nguon_nuoi_duong", 0, 16, 0.003),
    ("khuyet_tat_nang", 0, 200, 0.012),
    ("khuyet_tat_dac_biet_nang", 0, 200, 0.004),
    ("tu_80_khong_luong_huu", 80, 200, 0.6),
    ("cao_tuoi_ngheo_khong_nguoi_phung_duong", 60, 200, 0.004),
)


@dataclass(frozen=True)
class SyntheticRegistry:
    """``households``: household_id, commune_code, area, income_per_person_month, deprivation_mask
    (bit i = the i-th indicator of the year's standard lacking), deprivation_count, members.
    ``people``: person_id (12 digits), household_id, full_name, birth_date, sex (nam/nu), categories."""

    households: pa.Table
    people: pa.Table
    seed: int
    reference_date: date
    indicator_codes: tuple[str, ...]

    def deprivations(self, mask: int) -> frozenset[str]:
        """The indicator codes a ``deprivation_mask`` stands for (bit i: ``indicator_codes[i]``)."""
        return frozenset(code for bit, code in enumerate(self.indicator_codes) if int(mask) >> bit & 1)


def _ages(rng: np.random.Generator, count: int) -> npt.NDArray[np.int64]:
    shares = np.where(np.arange(100) < 60, 1.0, np.exp(-(np.arange(100) - 60) / 9.0))
    return rng.choice(100, size=count, p=shares / shares.sum())


def _names(rng: np.random.Generator, sex: npt.NDArray[np.int8]) -> pa.Array:
    family = pa.array(FAMILY).take(pa.array(rng.integers(0, len(FAMILY), sex.size)))
    middle_pool = pa.array(MIDDLE[0] + MIDDLE[1])
    middle = middle_pool.take(pa.array(rng.integers(0, 5, sex.size) + 5 * sex.astype(np.int64)))
    given = pa.array(GIVEN).take(pa.array(rng.integers(0, len(GIVEN), sex.size)))
    return pc.binary_join_element_wise(family, middle, given, " ")


def _person_ids(
    rng: np.random.Generator, birth_years: npt.NDArray[np.int64], sex: npt.NDArray[np.int8], id_province: str
) -> pa.Array:
    codes = np.array([int(c) for c in province_codes()], dtype=np.int64)
    province = np.where(rng.random(sex.size) < 0.9, int(id_province), rng.choice(codes, sex.size))
    digit = 2 * ((birth_years - 1900) // 100) + sex
    head = province * 1000 + digit * 100 + birth_years % 100  # the first 6 digits
    order = np.argsort(head, kind="stable")
    sorted_head = head[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_head)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, sorted_head.size]))
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size) - group_start
    shift = (head * 2_654_435_761) % 1_000_000  # a per-group shift, so serials do not all start alike
    serial = (rank * 7919 + shift) % 1_000_000  # a bijection of 0..999 999: unique within the group
    number = head * 1_000_000 + serial
    return pc.utf8_lpad(pc.cast(pa.array(number), pa.string()), width=12, padding="0")


def synthetic_registry(
    communes: Sequence[tuple[str, AreaType]],
    *,
    households: int,
    seed: int = 42,
    reference_date: date = date(2025, 10, 1),
    id_province: str = "001",
) -> SyntheticRegistry:
    """A seeded synthetic registry of ``households`` households spread over ``communes``.

    Args:
        communes: (planwatch commune code, area type) pairs.
        households: how many households.
        seed: the generator's seed: same seed, same tables.
        reference_date: the day the ages are taken (the review's day).
        id_province: the 3-digit birth-registration code most people's ids carry (90 %).

    Raises:
        ValueError: no commune, fewer than 1 household, or an unknown province code.
    """
    if not communes or households < 1:
        raise ValueError("cần ít nhất một xã và một hộ để tạo sổ hộ minh họa")
    if id_province not in province_codes():
        raise ValueError(f"'{id_province}' không phải mã tỉnh nơi đăng ký khai sinh")
    rng = np.random.default_rng(seed)
    indicators = tuple(i.code for i in poverty_standard_for(reference_date.year).indicators)
    line = poverty_standard_for(reference_date.year).income_line

    commune_index = rng.integers(0, len(communes), households)
    urban_of_commune = np.array([area is AreaType.URBAN for _, area in communes])
    urban = urban_of_commune[commune_index]
    median = np.where(urban, MEDIAN_INCOME[AreaType.URBAN], MEDIAN_INCOME[AreaType.RURAL])
    income = np.round(median * rng.lognormal(0.0, SIGMA, households), -3).astype(np.int64)
    near_line = income <= 1.2 * np.where(urban, line[AreaType.URBAN], line[AreaType.RURAL])
    lacking = rng.random((households, len(indicators))) < np.where(near_line, 0.25, 0.05)[:, None]
    mask = (lacking * (1 << np.arange(len(indicators)))).sum(axis=1).astype(np.uint16)
    members = rng.choice(SIZES, size=households, p=SIZE_SHARES).astype(np.int8)

    codes = pa.array([code for code, _ in communes]).dictionary_encode()
    areas = pa.array([area.value for _, area in communes]).dictionary_encode()
    household_ids = np.arange(1, households + 1, dtype=np.int64)
    household_table = pa.table(
        {
            "household_id": household_ids,
            "commune_code": pa.DictionaryArray.from_arrays(commune_index.astype(np.int32), codes.dictionary),
            "area": pa.DictionaryArray.from_arrays(
                np.asarray(areas.indices)[commune_index].astype(np.int32), areas.dictionary
            ),
            "income_per_person_month": income,
            "deprivation_mask": mask,
            "deprivation_count": lacking.sum(axis=1).astype(np.int8),
            "members": members,
        }
    ).replace_schema_metadata(ILLUSTRATIVE)

    people = int(members.sum())
    person_household = np.repeat(household_ids, members)
    sex = rng.integers(0, 2, people).astype(np.int8)
    ages = _ages(rng, people)
    first = np.r_[0, np.cumsum(members)[:-1]]
    ages[first] = rng.integers(20, 85, households)  # each household's first member is an adult
    reference = np.datetime64(reference_date, "D")
    birth = reference - (ages * 365.25 + rng.integers(0, 365, people)).astype("timedelta64[D]")
    birth_years = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    born = birth.astype("datetime64[D]")
    ages = _age_on(born, reference)  # from the dates, so a category fits the age on the day

    chosen = np.full(people, -1, dtype=np.int64)
    draw = rng.random(people)
    for index, (_, low, below, share) in enumerate(CATEGORIES):
        fits = (chosen < 0) & (ages >= low) & (ages < below) & (draw < share)
        chosen[fits] = index
        draw = rng.random(people)
    has = chosen >= 0
    offsets = np.r_[0, np.cumsum(has)].astype(np.int32)
    values = pa.array([c[0] for c in CATEGORIES]).take(pa.array(chosen[has]))
    people_table = pa.table(
        {
            "person_id": _person_ids(rng, birth_years, sex, id_province),
            "household_id": person_household,
            "full_name": _names(rng, sex),
            "birth_date": pa.array(born),
            "sex": pa.DictionaryArray.from_arrays(sex.astype(np.int32), pa.array(["nam", "nu"])),
            "categories": pa.ListArray.from_arrays(pa.array(offsets), values),
        }
    ).replace_schema_metadata(ILLUSTRATIVE)
    return SyntheticRegistry(
        households=household_table,
        people=people_table,
        seed=seed,
        reference_date=reference_date,
        indicator_codes=indicators,
    )


def _age_on(born: npt.NDArray[np.datetime64], day: np.datetime64) -> npt.NDArray[np.int64]:
    """Whole years of age on ``day`` for each birth date (as :func:`assistance.age_on`)."""

    def parts(values: npt.NDArray[np.datetime64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        months = values.astype("datetime64[M]")
        month_day = (months.astype(np.int64) % 12) * 100 + (values - months).astype(np.int64)
        return values.astype("datetime64[Y]").astype(np.int64), month_day

    years, month_day = parts(born)
    day_year, day_month_day = parts(np.asarray([day], dtype="datetime64[D]"))
    ages: npt.NDArray[np.int64] = day_year[0] - years - (month_day > day_month_day[0]).astype(np.int64)
    return ages
