"""The Vietnamese wording of a report: date line, promises, one sentence per target, issuing body."""

from datetime import date

import pytest
from tests.reporting.factories import housing, partial_housing_assessment, target_facts, trained_labour

from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Comparator, Status, TargetKind
from planwatch.reporting.content import YearResult
from planwatch.reporting.wording import (
    abbreviation,
    goal_cell,
    history_phrase,
    issuing_body,
    place_date_line,
    roman,
    target_sentence,
    with_former_name,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "An Giang, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "An Giang, ngày 28 tháng 02 năm 2026"),
        (date(2024, 7, 8), "An Giang, ngày 08 tháng 7 năm 2024"),
        (date(2026, 11, 15), "An Giang, ngày 15 tháng 11 năm 2026"),
    ],
)
def test_the_date_line_pads_days_below_10_and_months_below_3(day: date, expected: str) -> None:
    assert place_date_line("An Giang", day) == expected


def test_an_achieved_target_reads_as_the_issue_example() -> None:
    sentence = target_sentence(target_facts(), 2026)

    assert sentence == "Tỷ lệ hộ nghèo đa chiều năm 2026 là 1,1 %, đạt mục tiêu dưới 2 % đến năm 2030."


def test_a_target_needing_acceleration_says_how_far_it_is_and_where_it_leads() -> None:
    sentence = target_sentence(trained_labour(), 2026)

    assert sentence == (
        "Tỷ lệ lao động qua đào tạo năm 2026 là 64 %, cần đẩy nhanh để đạt mục tiêu 80 % đến năm 2030"
        " (đã thực hiện 20 % chặng đường từ năm gốc; theo đà hiện nay năm 2030 ước đạt 74,6 %)."
    )


def test_the_latest_year_is_named_when_the_report_year_has_no_figure() -> None:
    target = target_facts(
        observations=(Observation(2025, 1.5),),
        results=(YearResult(2026, Status.ACHIEVED, 2025, 1.5),),
    )

    sentence = target_sentence(target, 2026)

    assert sentence.startswith("Tỷ lệ hộ nghèo đa chiều năm 2025 (số liệu gần nhất) là 1,5 %, đạt")


def test_a_target_without_figures_says_so_and_states_its_goal() -> None:
    target = target_facts(observations=(), results=(YearResult(2026, Status.NO_DATA),))

    assert target_sentence(target, 2026) == (
        "Tỷ lệ hộ nghèo đa chiều: chưa có số liệu năm 2026; mục tiêu dưới 2 % đến năm 2030."
    )


def test_a_cumulative_target_reports_its_running_total_with_thousands_dots() -> None:
    sentence = target_sentence(housing(), 2026)

    assert sentence.startswith(
        "Xây dựng căn hộ nhà ở xã hội năm 2026 là 150 căn hộ, lũy kế từ năm 2024 đạt 350 căn hộ, đi lùi"
    )
    assert "mục tiêu lũy kế 1.500 căn hộ đến năm 2030" in sentence


def test_a_qualitative_target_is_worded_with_its_assessment() -> None:
    sentence = target_sentence(partial_housing_assessment(), 2026)

    assert sentence == (
        "Xoá bỏ tình trạng nhà tạm, nhà dột nát: năm 2026 được đánh giá đạt một phần,"
        " đang thực hiện mục tiêu hoàn thành đến năm 2030."
    )


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "< 2 (2030)"),
        ({"comparator": Comparator.EQ, "value": 99.5}, "99,5 (2030)"),
        (
            {"comparator": Comparator.GE, "value": 35000.0, "kind": TargetKind.ANNUAL},
            "≥ 35.000 hằng năm (2030)",
        ),
        (
            {"comparator": Comparator.EQ, "value": 1500.0, "kind": TargetKind.CUMULATIVE},
            "Lũy kế 1.500 (2030)",
        ),
        ({"comparator": Comparator.LEVEL, "value": 2.0, "kind": TargetKind.LEVEL}, "Mức 2 (2030)"),
        ({"comparator": Comparator.QUALITATIVE, "value": None}, "Hoàn thành (2030)"),
        ({"target_year": None}, "< 2"),
    ],
)
def test_the_annex_goal_cell(overrides: dict[str, object], expected: str) -> None:
    assert goal_cell(target_facts(**overrides)) == expected


def test_a_department_issues_under_its_peoples_committee_and_signs_for_its_director() -> None:
    body = issuing_body("Sở Nội vụ tỉnh An Giang", "An Giang")

    assert (body.parent, body.name, body.abbreviation, body.place) == (
        "UBND TỈNH AN GIANG",
        "SỞ NỘI VỤ",
        "SNV",
        "An Giang",
    )
    assert body.signature == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_a_peoples_committee_issues_in_its_own_name() -> None:
    body = issuing_body("Ủy ban nhân dân tỉnh An Giang", "An Giang")

    assert (body.parent, body.name, body.abbreviation) == (None, "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG", "UBND")
    assert body.signature == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sở Giáo dục và Đào tạo", "SGDĐT"),
        ("Sở Nông nghiệp và Môi trường", "SNNMT"),
        ("Sở Lao động - Thương binh và Xã hội", "SLĐTBXH"),
        ("UBND tỉnh Kiên Giang", "UBND"),
    ],
)
def test_abbreviations_for_the_number_line(name: str, expected: str) -> None:
    assert abbreviation(name) == expected


@pytest.mark.parametrize(
    ("now", "named", "expected"),
    [
        ("Sở Nội vụ tỉnh An Giang", "Sở LĐTBXH", "Sở Nội vụ tỉnh An Giang (trước đây là Sở LĐTBXH)"),
        ("Sở Xây dựng tỉnh An Giang", "Sở Xây dựng", "Sở Xây dựng tỉnh An Giang"),
        ("Sở Y tế tỉnh An Giang", "Sở Y tế tỉnh Kiên Giang", "Sở Y tế tỉnh An Giang"),
        (None, "UBND các huyện, thành phố", "UBND các huyện, thành phố"),
    ],
)
def test_an_agency_keeps_its_former_name_only_when_another_body_took_over(
    now: str | None, named: str, expected: str
) -> None:
    assert with_former_name(now, named) == expected


def test_a_status_change_over_a_review() -> None:
    statuses = [(2024, Status.NO_DATA), (2025, Status.LIMITED_PROGRESS), (2026, Status.ON_TRACK)]

    assert history_phrase(statuses) == "từ Chậm tiến độ (2025) chuyển sang Đúng tiến độ (2026)"


def test_roman_numerals_for_groups() -> None:
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
