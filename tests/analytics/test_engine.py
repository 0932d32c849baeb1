"""The rollup engine against small hierarchies worked out by hand, and the real units of Việt Nam."""

from datetime import date

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.analytics.engine import (
    FIRST_DAY,
    LAST_DAY,
    OBSERVATIONS,
    RollupEngine,
    Rule,
    Total,
    continued_shares,
    day_number,
    ratio_scale,
    totals,
)
from planwatch.catalogue.country import old_code
from planwatch.domain.vocabulary import Aggregation

COUNTRY, PROVINCE, DISTRICT_A, DISTRICT_B = 1, 2, 3, 4
C1, C2, C3 = 11, 12, 13  # C1, C2 in district A; C3 in district B
COUNT, POOR, HOUSEHOLDS, POVERTY_RATE, LIFE, POPULATION, GRADE = 100, 101, 102, 103, 104, 105, 106

RULES = [
    Rule(COUNT, Aggregation.SUM),
    Rule(POOR, Aggregation.SUM),
    Rule(HOUSEHOLDS, Aggregation.SUM),
    Rule(POVERTY_RATE, Aggregation.RATIO, numerator=POOR, denominator=HOUSEHOLDS, scale=100.0),
    Rule(LIFE, Aggregation.WEIGHTED_MEAN, weight=POPULATION),
    Rule(POPULATION, Aggregation.SUM),
    Rule(GRADE, Aggregation.NONE),
]


def _units(rows: list[tuple[int, int | None, str, int, int]]) -> pa.Table:
    unit, parent, level, alive_from, alive_to = zip(*rows, strict=True)
    return pa.table(
        {"unit": unit, "parent": parent, "level": level, "alive_from": alive_from, "alive_to": alive_to}
    )


def _old_structure() -> pa.Table:
    """Communes in districts in a province in the country, all alive throughout."""
    return _units(
        [
            (COUNTRY, None, "country", FIRST_DAY, LAST_DAY),
            (PROVINCE, COUNTRY, "province", FIRST_DAY, LAST_DAY),
            (DISTRICT_A, PROVINCE, "district", FIRST_DAY, LAST_DAY),
            (DISTRICT_B, PROVINCE, "district", FIRST_DAY, LAST_DAY),
            (C1, DISTRICT_A, "commune", FIRST_DAY, LAST_DAY),
            (C2, DISTRICT_A, "commune", FIRST_DAY, LAST_DAY),
            (C3, DISTRICT_B, "commune", FIRST_DAY, LAST_DAY),
        ]
    )


def _observations(rows: list[tuple[int, str, int, str, float]]) -> pa.Table:
    if not rows:
        return OBSERVATIONS.empty_table()
    series, disaggregation, unit, period, value = zip(*rows, strict=True)
    ends = [int(p[:4]) * 10000 + 1214 for p in period]
    return pa.table(
        {
            "series": series,
            "disaggregation": disaggregation,
            "unit": unit,
            "period": period,
            "period_end": ends,
            "value": value,
        }
    ).cast(OBSERVATIONS)


def _rollup(units: pa.Table, observations: pa.Table, memberships: pa.Table | None = None) -> dict:
    engine = RollupEngine(threads=1)
    engine.load_hierarchy(units, memberships)
    return {
        (t.series, t.disaggregation, t.unit, t.period): t for t in totals(engine.rollup(observations, RULES))
    }


def test_a_count_is_summed_to_every_level_with_how_many_communes_reported():
    got = _rollup(
        _old_structure(),
        _observations(
            [(COUNT, "", C1, "2024", 10.0), (COUNT, "", C2, "2024", 5.0), (COUNT, "", C3, "2024", 7.0)]
        ),
    )
    assert got[(COUNT, "", DISTRICT_A, "2024")] == Total(COUNT, "", DISTRICT_A, "2024", 15.0, 2, 2)
    assert got[(COUNT, "", DISTRICT_B, "2024")].value == 7.0
    assert got[(COUNT, "", PROVINCE, "2024")] == Total(COUNT, "", PROVINCE, "2024", 22.0, 3, 3)
    assert got[(COUNT, "", COUNTRY, "2024")].value == 22.0
    assert got[(COUNT, "", COUNTRY, "2024")].complete


def test_a_ratio_is_recomputed_from_its_summed_elements_never_averaged():
    # C1: 10 poor of 100 households (10 %); C3: 90 of 900 ... no: 9 of 900 (1 %). The mean of the
    # rates would be 5,5 %; the province's rate is 19 / 1.000 = 1,9 %.
    got = _rollup(
        _old_structure(),
        _observations(
            [
                (POOR, "", C1, "2024", 10.0),
                (HOUSEHOLDS, "", C1, "2024", 100.0),
                (POOR, "", C2, "2024", 0.0),
                (HOUSEHOLDS, "", C2, "2024", 0.0),
                (POOR, "", C3, "2024", 9.0),
                (HOUSEHOLDS, "", C3, "2024", 900.0),
            ]
        ),
    )
    assert got[(POVERTY_RATE, "", PROVINCE, "2024")].value == pytest.approx(1.9)
    assert got[(POVERTY_RATE, "", DISTRICT_A, "2024")].value == pytest.approx(10.0)
    assert got[(POVERTY_RATE, "", PROVINCE, "2024")].complete


def test_a_weighted_mean_weighs_each_commune_by_its_weight_element():
    got = _rollup(
        _old_structure(),
        _observations(
            [
                (LIFE, "", C1, "2024", 70.0),
                (POPULATION, "", C1, "2024", 1000.0),
                (LIFE, "", C2, "2024", 76.0),
                (POPULATION, "", C2, "2024", 3000.0),
                (LIFE, "", C3, "2024", 80.0),
                (POPULATION, "", C3, "2024", 4000.0),
            ]
        ),
    )
    # (70×1.000 + 76×3.000) / 4.000 = 74,5; with C3: (70.000 + 228.000 + 320.000) / 8.000 = 77,25
    assert got[(LIFE, "", DISTRICT_A, "2024")].value == pytest.approx(74.5)
    assert got[(LIFE, "", PROVINCE, "2024")].value == pytest.approx(77.25)


def test_a_total_from_an_incomplete_set_says_so_and_an_indicator_of_rule_none_is_never_rolled_up():
    got = _rollup(
        _old_structure(),
        _observations(
            [(COUNT, "", C1, "2024", 10.0), (COUNT, "", C3, "2024", 7.0), (GRADE, "", C1, "2024", 3.0)]
        ),
    )
    province = got[(COUNT, "", PROVINCE, "2024")]
    assert (province.value, province.reported, province.expected, province.complete) == (17.0, 2, 3, False)
    assert got[(COUNT, "", DISTRICT_B, "2024")].complete
    assert not got[(COUNT, "", DISTRICT_A, "2024")].complete
    assert not any(key[0] == GRADE for key in got)


def test_disaggregations_and_periods_are_kept_apart():
    got = _rollup(
        _old_structure(),
        _observations(
            [
                (COUNT, "", C1, "2024", 10.0),
                (COUNT, "urban", C1, "2024", 4.0),
                (COUNT, "rural", C1, "2024", 6.0),
                (COUNT, "urban", C2, "2024", 1.0),
                (COUNT, "", C1, "2025", 12.0),
            ]
        ),
    )
    assert got[(COUNT, "", DISTRICT_A, "2024")].value == 10.0
    assert got[(COUNT, "urban", DISTRICT_A, "2024")].value == 5.0
    assert got[(COUNT, "rural", DISTRICT_A, "2024")].value == 6.0
    assert got[(COUNT, "", DISTRICT_A, "2025")].value == 12.0


def test_the_new_communes_count_in_the_former_province_they_continue_and_reach_the_country_once():
    # Before 1/7/2025: old province P (district A: C1, C2). After: new province N with commune C9,
    # which continues P. P's 2025 figure comes from C9 through the mapping, but only N's reaches
    # the country.
    old, new, c9 = 20, 21, 19
    units = _units(
        [
            (COUNTRY, None, "country", FIRST_DAY, LAST_DAY),
            (old, COUNTRY, "province", FIRST_DAY, 20250630),
            (DISTRICT_A, old, "district", FIRST_DAY, 20250630),
            (C1, DISTRICT_A, "commune", FIRST_DAY, 20250630),
            (C2, DISTRICT_A, "commune", FIRST_DAY, 20250630),
            (new, COUNTRY, "province", 20250701, LAST_DAY),
            (c9, new, "commune", 20250701, LAST_DAY),
        ]
    )
    memberships = pa.table({"unit": [c9], "parent": [old], "share": [0.5]})
    got = _rollup(
        units,
        _observations(
            [(COUNT, "", C1, "2024", 3.0), (COUNT, "", C2, "2024", 4.0), (COUNT, "", c9, "2025", 20.0)]
        ),
        memberships,
    )
    assert got[(COUNT, "", old, "2024")].value == 7.0
    assert got[(COUNT, "", COUNTRY, "2024")].value == 7.0
    assert got[(COUNT, "", old, "2025")].value == 10.0  # half of C9 lay in the former province
    assert got[(COUNT, "", new, "2025")] == Total(COUNT, "", new, "2025", 20.0, 1, 1)
    assert got[(COUNT, "", COUNTRY, "2025")].value == 20.0
    assert got[(COUNT, "", COUNTRY, "2025")].expected == 1  # C1 and C2 no longer existed


def test_the_engine_keeps_sums_and_a_recount_replaces_what_a_write_changed():
    engine = RollupEngine(threads=1)
    engine.load_hierarchy(_old_structure())
    engine.load(_observations([(COUNT, "", C1, "2024", 10.0), (COUNT, "", C2, "2024", 5.0)]), RULES)
    first = {t.unit: t.value for t in totals(engine.rollup())}
    changed = _observations([(COUNT, "", C2, "2024", 8.0)])
    engine.recount(_observations([(COUNT, "", C1, "2024", 10.0), (COUNT, "", C2, "2024", 8.0)]), changed)
    second = {t.unit: t.value for t in totals(engine.rollup())}
    assert (first[DISTRICT_A], second[DISTRICT_A]) == (15.0, 18.0)
    assert second[PROVINCE] == 18.0


@pytest.mark.parametrize(
    ("unit", "scale"),
    [
        ("%", 100.0),
        ("người/10.000 dân", 10000.0),
        ("ca/100.000 trẻ đẻ sống", 100000.0),
        ("năm", 1.0),
        (None, 1.0),
    ],
)
def test_a_ratio_is_read_in_the_scale_of_its_unit(unit, scale):
    assert ratio_scale(unit) == scale


# --- a recount after writes gives what counting everything again gives --------------------------

_PLACES = [C1, C2, C3, 14, 15]
_SERIES = [COUNT, POOR, HOUSEHOLDS, LIFE, POPULATION]
_KEY = st.tuples(
    st.sampled_from(_SERIES),
    st.sampled_from(["", "urban"]),
    st.sampled_from(_PLACES),
    st.sampled_from(["2024", "2025"]),
)


def _mapped_structure() -> tuple[pa.Table, pa.Table]:
    """The old structure, plus two communes of a new province; one continues the province whole, the
    other is split 0,3 / 0,7 between it and an area (a former territory kept for statistics)."""
    area, new = 5, 6
    units = _units(
        [
            (COUNTRY, None, "country", FIRST_DAY, LAST_DAY),
            (PROVINCE, COUNTRY, "province", FIRST_DAY, 20241231),
            (DISTRICT_A, PROVINCE, "district", FIRST_DAY, 20241231),
            (DISTRICT_B, PROVINCE, "district", FIRST_DAY, 20241231),
            (C1, DISTRICT_A, "commune", FIRST_DAY, LAST_DAY),
            (C2, DISTRICT_A, "commune", FIRST_DAY, LAST_DAY),
            (C3, DISTRICT_B, "commune", FIRST_DAY, LAST_DAY),
            (area, COUNTRY, "area", FIRST_DAY, LAST_DAY),
            (new, COUNTRY, "province", 20250101, LAST_DAY),
            (14, new, "commune", 20250101, LAST_DAY),
            (15, new, "commune", 20250101, LAST_DAY),
        ]
    )
    memberships = pa.table(
        {"unit": [14, 15, 15], "parent": [PROVINCE, PROVINCE, area], "share": [1.0, 0.3, 0.7]}
    )
    return units, memberships


def _figures(store: dict[tuple[int, str, int, str], float]) -> pa.Table:
    return _observations([(s, d, u, p, v) for (s, d, u, p), v in sorted(store.items())])


def _keys(rows: list[tuple[int, str, int, str]]) -> pa.Table:
    return _observations([(s, d, u, p, 0.0) for s, d, u, p in rows])


def _as_dict(table: pa.Table) -> dict:
    return {(t.series, t.disaggregation, t.unit, t.period): t for t in totals(table)}


@settings(max_examples=60, deadline=None)
@given(
    first=st.dictionaries(_KEY, st.floats(0, 1000, allow_nan=False).map(lambda v: round(v, 3)), max_size=40),
    writes=st.lists(
        st.lists(
            st.tuples(_KEY, st.none() | st.floats(0, 1000, allow_nan=False).map(lambda v: round(v, 3))),
            max_size=6,
        ),
        max_size=4,
    ),
)
def test_a_recount_of_the_touched_cells_gives_the_totals_of_a_count_from_scratch(first, writes):
    units, memberships = _mapped_structure()
    kept = RollupEngine(threads=1)
    kept.load_hierarchy(units, memberships)
    kept.load(_figures(first), RULES)
    store = dict(first)
    for batch in writes:
        for key, value in batch:  # None: the figure is deleted or no longer counted
            if value is None:
                store.pop(key, None)
            else:
                store[key] = value
        touched = [key for key, _ in batch]
        needed = kept.needed_series({key[0] for key in touched})
        near = set(kept.same_cell({key[2] for key in touched}))
        read = {k: v for k, v in store.items() if k[0] in needed and k[2] in near}
        kept.recount(_figures(read), _keys(touched))
    scratch = RollupEngine(threads=1)
    scratch.load_hierarchy(units, memberships)
    scratch.load(_figures(store), RULES)
    got, want = _as_dict(kept.rollup()), _as_dict(scratch.rollup())
    assert got.keys() == want.keys()
    for key, total in want.items():
        assert (got[key].reported, got[key].expected) == (total.reported, total.expected)
        if total.value is None:  # a ratio over a zero denominator
            assert got[key].value is None
        else:
            assert got[key].value == pytest.approx(total.value, rel=1e-9, abs=1e-6)


def test_the_sums_survive_a_snapshot_and_are_refused_with_another_hierarchy(tmp_path):
    units, memberships = _mapped_structure()
    engine = RollupEngine(threads=1)
    engine.load_hierarchy(units, memberships)
    figures = _observations(
        [(COUNT, "", C1, "2024", 3.0), (COUNT, "", 15, "2025", 10.0), (LIFE, "", 14, "2025", 70.0)]
    )
    engine.load(figures, RULES)
    engine.save(tmp_path / "sums.npz", {"seen": 7})
    reopened = RollupEngine(threads=1)
    reopened.load_hierarchy(units, memberships)
    assert reopened.open(tmp_path / "sums.npz") == {"seen": 7}
    assert _as_dict(reopened.rollup()) == _as_dict(engine.rollup())
    assert _as_dict(reopened.rollup())[(COUNT, "", PROVINCE, "2025")].value == pytest.approx(3.0)
    other = RollupEngine(threads=1)
    other.load_hierarchy(_old_structure())
    assert other.open(tmp_path / "sums.npz") is None
    assert other.open(tmp_path / "missing.npz") is None


# --- the real units of Việt Nam (folded from the former analytics.rollup) -----------------------


@pytest.fixture(scope="module")
def country():
    from planwatch.catalogue.country import load_country

    return load_country()


def _country_engine(country) -> tuple[RollupEngine, dict[str, int]]:
    """Every unit of the country (old and new structure) in an engine, ids numbered by code."""
    ids = {u.code: i + 1 for i, u in enumerate(sorted(country.units, key=lambda u: u.code))}
    units = pa.table(
        {
            "unit": [ids[u.code] for u in country.units],
            "parent": [ids.get(u.parent) if u.parent else None for u in country.units],
            "level": [u.level.value for u in country.units],
            "alive_from": [day_number(u.valid_from, default=FIRST_DAY) for u in country.units],
            "alive_to": [day_number(u.valid_to, default=LAST_DAY) for u in country.units],
        }
    )
    engine = RollupEngine(threads=1)
    engine.load_hierarchy(units)
    return engine, ids


def test_the_old_communes_of_kien_giang_add_up_through_their_districts(country):
    engine, ids = _country_engine(country)
    kien_giang, kien_hai = old_code("91"), old_code("912")
    parents = {u.code: u.parent for u in country.units}
    communes = [c for c, p in parents.items() if p and parents.get(p) == kien_giang]
    assert len(communes) == 143
    got = _as_dict(
        engine.rollup(_observations([(COUNT, "", ids[c], "2024", 1.0) for c in communes[1:]]), RULES)
    )
    province = got[(COUNT, "", ids[kien_giang], "2024")]
    assert (province.value, province.reported, province.expected, province.complete) == (
        142.0,
        142,
        143,
        False,
    )
    district = got[(COUNT, "", ids[kien_hai], "2024")]
    assert 0 < district.expected < 143
    assert district.complete == (communes[0] not in {c for c, p in parents.items() if p == kien_hai})


def test_a_commune_of_a_divided_one_counts_in_each_former_province_by_its_share_as_an_assumption(country):
    parents = {u.code: u.parent for u in country.units}
    provinces = {u.code for u in country.units if u.level.value == "province" and u.valid_to is not None}

    def former(code: str) -> str | None:
        while code is not None and code not in provinces:
            code = parents.get(code)
        return code

    old = {p for s in country.successions for p in s.predecessors}
    parts = continued_shares(country.successions, country.shares, {c: f for c in old if (f := former(c))})
    by_commune: dict[str, float] = {}
    for commune, _, part, assumed in parts:
        by_commune[commune] = by_commune.get(commune, 0.0) + part
        assert assumed == (part < 1.0)
    # Nothing is lost or made up: each new commune counts whole, across the territories it continues.
    assert len(by_commune) > 3000
    assert all(total == pytest.approx(1.0) for total in by_commune.values())


def test_the_parts_of_a_commune_follow_the_recorded_shares_of_its_divided_predecessors():
    from planwatch.domain.model import UnitShare, UnitSuccession
    from planwatch.domain.vocabulary import SuccessionKind

    # New commune N: the whole of old commune A (former province P) and 60 % of old commune B
    # (former province Q); B's other 40 % went to M, wholly in Q.
    made = [
        UnitSuccession(SuccessionKind.MERGE, ("a", "b"), ("n",), date(2025, 7, 1), "test"),
        UnitSuccession(SuccessionKind.SPLIT, ("b",), ("m",), date(2025, 7, 1), "test"),
    ]
    shares = [UnitShare("b", "n", 0.6, "area", True), UnitShare("b", "m", 0.4, "area", True)]
    parts = continued_shares(made, shares, {"a": "p", "b": "q"})
    assert parts == [
        ("m", "q", 1.0, False),
        ("n", "p", pytest.approx(1 / 1.6), True),
        ("n", "q", pytest.approx(0.6 / 1.6), True),
    ]
    # N's figure of 160 counts 100 in P and 60 in Q, marked as estimates; M's counts whole in Q.
    units = _units(
        [
            (COUNTRY, None, "country", FIRST_DAY, LAST_DAY),
            (31, COUNTRY, "province", 20250701, LAST_DAY),
            (32, None, "province", FIRST_DAY, 20250630),
            (33, None, "province", FIRST_DAY, 20250630),
            (11, 31, "commune", 20250701, LAST_DAY),
            (12, 31, "commune", 20250701, LAST_DAY),
        ]
    )
    ids = {"n": 11, "m": 12, "p": 32, "q": 33}
    memberships = pa.table(
        {
            "unit": [ids[c] for c, *_ in parts],
            "parent": [ids[f] for _, f, *_ in parts],
            "share": [float(s) for _, _, s, _ in parts],
            "assumed": [a for *_, a in parts],
        }
    )
    engine = RollupEngine(threads=1)
    engine.load_hierarchy(units, memberships)
    table = engine.rollup(
        _observations([(COUNT, "", 11, "2025", 160.0), (COUNT, "", 12, "2025", 50.0)]), RULES
    )
    got = {(r["unit"]): (r["value"], r["assumed"]) for r in table.to_pylist()}
    assert got[32] == (pytest.approx(100.0), True)
    assert got[33] == (pytest.approx(110.0), True)
    assert got[31] == (pytest.approx(210.0), False)


def test_a_damaged_snapshot_is_not_read(tmp_path):
    engine = RollupEngine(threads=1)
    engine.load_hierarchy(_old_structure())
    (tmp_path / "cut.npz").write_bytes(b"PK\x03\x04 not a whole file")
    (tmp_path / "text.npz").write_text("not a snapshot")
    assert engine.open(tmp_path / "cut.npz") is None
    assert engine.open(tmp_path / "text.npz") is None


def test_figures_counted_a_few_communes_at_a_time_give_the_totals_of_one_count():
    units, memberships = _mapped_structure()
    rows = [
        (series, dis, unit, period, float(series + unit + len(dis) + int(period)))
        for series in _SERIES
        for dis in ("", "urban")
        for unit in _PLACES
        for period in ("2024", "2025")
        if unit in (C1, C2, C3) or period == "2025"  # the new communes exist from 2025
    ]
    whole = RollupEngine(threads=1)
    whole.load_hierarchy(units, memberships)
    whole.load(_observations(rows), RULES)
    parts = RollupEngine(threads=1)
    parts.load_hierarchy(units, memberships)
    parts.reset(RULES)
    for group in ({C1, C2}, {C3}, {14, 15}):  # each part holds every series of its communes
        parts.add(_observations([r for r in rows if r[2] in group]))
    assert _as_dict(parts.rollup()) == _as_dict(whole.rollup())
    life = _as_dict(parts.rollup())[(LIFE, "", PROVINCE, "2024")]
    assert life.reported == 3
