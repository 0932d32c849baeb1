"""The rollup engine against small hierarchies worked out by hand."""

import pyarrow as pa
import pytest

from planwatch.analytics.engine import (
    FIRST_DAY,
    LAST_DAY,
    OBSERVATIONS,
    RollupEngine,
    Rule,
    Total,
    ratio_scale,
    totals,
)
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


def test_the_engine_reads_its_own_copy_and_replaces_rows_by_id():
    engine = RollupEngine(threads=1)
    engine.load_hierarchy(_old_structure())
    rows = _observations([(COUNT, "", C1, "2024", 10.0), (COUNT, "", C2, "2024", 5.0)])
    engine.keep(rows.append_column("id", pa.array([1, 2], pa.int64())))
    first = {t.unit: t.value for t in totals(engine.rollup(None, RULES))}
    changed = _observations([(COUNT, "", C2, "2024", 8.0)]).append_column("id", pa.array([2], pa.int64()))
    engine.keep(changed, replacing=[2])
    second = {t.unit: t.value for t in totals(engine.rollup(None, RULES))}
    assert (first[DISTRICT_A], second[DISTRICT_A]) == (15.0, 18.0)


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
