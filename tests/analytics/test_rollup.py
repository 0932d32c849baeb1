"""Commune totals with their completeness, on the real units of An Giang (issue #12, point 3)."""

import pytest

from planwatch.analytics.rollup import carry_forward, roll_up, roll_up_rate, roll_up_tree
from planwatch.catalogue.country import load_country, new_code, old_code
from planwatch.domain.vocabulary import UnitLevel

COUNTRY = load_country()
AN_GIANG_COMMUNES = sorted(
    u.code for u in COUNTRY.units if u.level is UnitLevel.COMMUNE and u.parent == new_code("91")
)


def test_102_commune_figures_sum_to_an_giang_and_101_show_as_incomplete() -> None:
    assert len(AN_GIANG_COMMUNES) == 102
    figures = dict.fromkeys(AN_GIANG_COMMUNES, 10.0)

    whole = roll_up(figures, AN_GIANG_COMMUNES)
    del figures[AN_GIANG_COMMUNES[0]]
    partial = roll_up(figures, AN_GIANG_COMMUNES)

    assert (whole.value, whole.completeness) == (1020.0, "102/102 xã đã báo cáo")
    assert whole.describe() == "1.020 (đủ 102/102 xã)"
    assert (partial.total, partial.value, partial.missing) == (1010.0, None, (AN_GIANG_COMMUNES[0],))
    assert partial.describe() == "1.010 — chỉ 101/102 xã đã báo cáo, chưa phải số của cả địa bàn"


def test_old_structure_rolls_up_commune_to_district_to_province() -> None:
    parents = {u.code: u.parent for u in COUNTRY.units if u.valid_to is not None}
    kien_giang = old_code("91")
    communes = [code for code, parent in parents.items() if parents.get(parent or "") == kien_giang]
    assert len(communes) == 143
    figures = dict.fromkeys(communes, 1.0)

    province = roll_up_tree(figures, parents, kien_giang)
    district = roll_up_tree(figures, parents, old_code("912"))  # huyện Kiên Hải

    assert (province.value, province.expected) == (143.0, 143)
    assert district.is_complete
    assert 0 < district.expected < 143


def test_old_figures_carry_into_the_new_communes_with_divided_ones_by_their_share() -> None:
    commune_events = [
        s
        for s in COUNTRY.successions
        if s.successors[0].removeprefix("vn34-").isdigit() and len(s.successors[0]) > 8
    ]
    old_communes = {p for s in commune_events for p in s.predecessors}
    figures = dict.fromkeys(old_communes, 100.0)

    carried = carry_forward(figures, commune_events, COUNTRY.shares)

    # Nothing is lost or made up: the new communes hold exactly what the old ones reported.
    assert sum(r.total for r in carried.values()) == pytest.approx(100.0 * len(old_communes))
    assert all(r.is_complete for r in carried.values())
    divided = COUNTRY.shares[0]
    without_it = {code: v for code, v in figures.items() if code != divided.predecessor}
    assert carry_forward(without_it, commune_events, COUNTRY.shares)[divided.successor].value is None


def test_a_rate_is_recomputed_from_numerator_and_denominator_never_averaged() -> None:
    members = ["a", "b"]
    poor = {"a": 10.0, "b": 90.0}
    households = {"a": 1000.0, "b": 1000.0}

    rate = roll_up_rate(poor, households, members)
    incomplete = roll_up_rate(poor, {"a": 1000.0}, members)

    assert rate.value == pytest.approx(5.0)
    assert incomplete.value is None
