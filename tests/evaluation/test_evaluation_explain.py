"""explain(): one Vietnamese sentence, numbers with a decimal comma and a thousands dot."""

import pytest

from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Assessment, Comparator, TargetKind
from planwatch.evaluation import BaselinePoint, TargetSpec, evaluate, explain


def said(
    spec: TargetSpec,
    figures: list[tuple[int, float | Assessment]],
    baseline: BaselinePoint | None = None,
    as_of: int | None = None,
    unit: str | None = None,
) -> str:
    observations = [Observation(year, value) for year, value in figures]
    return explain(spec, evaluate(spec, observations, baseline, as_of), unit)


TRAINED_LABOUR = TargetSpec(Comparator.EQ, 55.0, 2030, unit="%")
POOR_HOUSEHOLDS = TargetSpec(Comparator.LT, 2.0, 2030, unit="%")


def test_worked_example_reads_observed_against_required_growth() -> None:
    # given / when: a share moves in points: (52,5 - 51,5) / 2 = 0,5 against (55 - 51,5) / 7 = 0,5
    sentence = said(TRAINED_LABOUR, [(2025, 52.5)], BaselinePoint(2023, 51.5), unit="%")

    # then
    assert sentence == (
        "Đúng tiến độ: bình quân tăng 0,5 điểm phần trăm/năm, cần 0,5 điểm phần trăm/năm để đạt 55 % năm 2030"
    )


def test_a_share_measured_relatively_says_so() -> None:
    # given the share's unit only given to explain(): CAGRi = 0,966 %, CAGRT = 0,944 %
    spec = TargetSpec(Comparator.EQ, 55.0, 2030)

    # when
    sentence = said(spec, [(2025, 52.5)], BaselinePoint(2023, 51.5), unit="%")

    # then
    assert sentence == (
        "Đúng tiến độ: bình quân tăng 0,97 %/năm (tương đối), cần 0,94 %/năm (tương đối) để đạt 55 % năm 2030"
    )


def test_achieved_names_the_figure_and_the_target() -> None:
    # given / when
    sentence = said(POOR_HOUSEHOLDS, [(2026, 1.1)], unit="%")

    # then
    assert sentence == "Đã đạt: 1,1 % năm 2026, mục tiêu dưới 2 % đến năm 2030"


def test_falling_indicator_says_giam() -> None:
    # given 3 % (2023) to 2,9 % (2025): -0,05 points a year against (2 - 3) / 7 = -0,14
    # when
    sentence = said(POOR_HOUSEHOLDS, [(2025, 2.9)], BaselinePoint(2023, 3.0), unit="%")

    # then
    assert sentence == (
        "Chậm tiến độ: bình quân giảm 0,05 điểm phần trăm/năm, cần 0,14 điểm phần trăm/năm"
        " để đạt dưới 2 % năm 2030"
    )


def test_movement_the_wrong_way_names_both_verbs() -> None:
    # given 3 % (2023) up to 3,1 % (2025): +0,05 points a year
    # when
    sentence = said(POOR_HOUSEHOLDS, [(2025, 3.1)], BaselinePoint(2023, 3.0), unit="%")

    # then
    assert sentence == (
        "Đi lùi: bình quân tăng 0,05 điểm phần trăm/năm, cần giảm 0,14 điểm phần trăm/năm"
        " để đạt dưới 2 % năm 2030"
    )


def test_needs_acceleration() -> None:
    # given ">= 200" by 2030 from 100 (2020), 127,63 in 2025: CAGRi = 5 %, CAGRT = 2^0.1 - 1 = 7,18 %
    spec = TargetSpec(Comparator.GE, 200.0, 2030)

    # when
    sentence = said(spec, [(2025, 127.62815625)], BaselinePoint(2020, 100.0))

    # then
    assert sentence == "Cần đẩy nhanh: bình quân tăng 5 %/năm, cần 7,18 %/năm để đạt tối thiểu 200 năm 2030"


def test_annual_target_shows_thousands_with_a_dot() -> None:
    # given
    spec = TargetSpec(Comparator.GE, 35_000.0, 2030, kind=TargetKind.ANNUAL)

    # when
    sentence = said(spec, [(2024, 36_000.0), (2025, 33_000.0)], unit="lượt")

    # then
    assert sentence == (
        "Không đạt: 33.000 lượt năm 2025 (đạt 1/2 năm có số liệu),"
        " mục tiêu hằng năm tối thiểu 35.000 lượt đến năm 2030"
    )


def test_maintain_target_lists_failing_years() -> None:
    # given
    spec = TargetSpec(Comparator.LT, 2.0, 2030, kind=TargetKind.MAINTAIN)

    # when
    sentence = said(spec, [(2024, 1.8), (2025, 2.1), (2026, 2.4)], unit="%")

    # then
    assert sentence == "Không đạt: chưa đạt trong năm 2025, 2026, mục tiêu duy trì dưới 2 % đến năm 2030"


def test_cumulative_target_compares_yearly_averages() -> None:
    # given 200 + 250 = 450 homes in 2 years; 1500 in 7 years needs 214,29 a year
    spec = TargetSpec(Comparator.GE, 1_500.0, 2030, kind=TargetKind.CUMULATIVE, start_year=2024)

    # when
    sentence = said(spec, [(2024, 200.0), (2025, 250.0)], unit="căn hộ")

    # then
    assert sentence == (
        "Đúng tiến độ: lũy kế 450 căn hộ sau 2 năm, bình quân 225 căn hộ/năm,"
        " cần 214,29 căn hộ/năm để đạt tối thiểu 1.500 căn hộ năm 2030"
    )


def test_cumulative_target_achieved_gives_the_total() -> None:
    # given
    spec = TargetSpec(Comparator.GE, 1_500.0, 2030, kind=TargetKind.CUMULATIVE, start_year=2024)

    # when
    sentence = said(spec, [(2024, 800.0), (2025, 750.5)], unit="căn hộ")

    # then
    assert sentence == (
        "Đã đạt: lũy kế 1.550,5 căn hộ đến năm 2025, mục tiêu lũy kế tối thiểu 1.500 căn hộ đến năm 2030"
    )


def test_level_target_says_the_grade() -> None:
    # given
    spec = TargetSpec(Comparator.LEVEL, 3.0, 2030, kind=TargetKind.LEVEL)

    # when
    sentence = said(spec, [(2025, 2.0)])

    # then
    assert sentence == "Đang thực hiện: mức 2 năm 2025, mục tiêu mức 3 đến năm 2030"


def test_qualitative_target_says_the_assessment() -> None:
    # given
    spec = TargetSpec(Comparator.QUALITATIVE, None, 2030, kind=TargetKind.QUALITATIVE)

    # when
    sentence = said(spec, [(2025, Assessment.PARTIAL)])

    # then
    assert sentence == "Đang thực hiện: đánh giá năm 2025 là đạt một phần, mục tiêu hoàn thành đến năm 2030"


@pytest.mark.parametrize(
    ("spec", "as_of", "expected"),
    [
        (TRAINED_LABOUR, 2026, "Chưa có số liệu đến năm 2026: mục tiêu đạt 55 % đến năm 2030"),
        (TRAINED_LABOUR, None, "Chưa có số liệu: mục tiêu đạt 55 % đến năm 2030"),
        (
            TargetSpec(Comparator.GE, 35_000.0, None, kind=TargetKind.ANNUAL),
            2026,
            "Chưa có số liệu năm 2026: mục tiêu hằng năm tối thiểu 35.000 %",
        ),
    ],
)
def test_no_data(spec: TargetSpec, as_of: int | None, expected: str) -> None:
    # given / when
    sentence = said(spec, [], as_of=as_of, unit="%")

    # then
    assert sentence == expected


def test_insufficient_data() -> None:
    # given / when
    sentence = said(TRAINED_LABOUR, [(2025, 52.5)], unit="%")

    # then
    assert sentence == (
        "Chưa đủ dữ liệu: 52,5 % năm 2025, chưa đủ để đánh giá tiến độ so với mục tiêu đạt 55 % đến năm 2030"
    )


def test_missed_without_unit() -> None:
    # given ">= 200" by 2030, 180,25 in 2030
    spec = TargetSpec(Comparator.GE, 200.0, 2030)

    # when
    sentence = said(spec, [(2030, 180.25)], BaselinePoint(2020, 100.0))

    # then
    assert sentence == "Không đạt: 180,25 năm 2030, mục tiêu tối thiểu 200 đến năm 2030"
