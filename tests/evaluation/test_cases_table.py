"""The table of hand-computed cases (issue #15): every kind and comparator, and the cases an official
raised, each with the status, the pace ratio R and the sentence docs/evaluation.md gives.

Every number is worked out in the case's comment from the formulas of docs/evaluation.md: a share
(unit ``%``) moves in percentage points per year, any other unit by its compound annual growth rate.
The indicators are made up for the tests; no sentence comes from a plan.
"""

from dataclasses import dataclass, field

import pytest

from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Assessment, Comparator, Direction, Status, TargetKind
from planwatch.evaluation import BaselinePoint, TargetSpec, evaluate, explain

UP, DOWN, UNKNOWN = Direction.UP, Direction.DOWN, Direction.UNKNOWN
A, PART = Assessment.ACHIEVED, Assessment.PARTIAL


@dataclass(frozen=True)
class Case:
    name: str
    spec: TargetSpec
    figures: tuple[tuple[int, float | Assessment], ...]
    status: Status
    ratio: float | None
    sentence: str
    baseline: BaselinePoint | None = None
    as_of: int | None = None
    extra: dict[str, object] = field(default_factory=dict)


def spec(
    comparator: Comparator,
    value: float | None,
    year: int | None,
    unit: str | None = None,
    direction: Direction = UNKNOWN,
    **more: object,
) -> TargetSpec:
    return TargetSpec(comparator, value, year, unit=unit, direction=direction, **more)  # type: ignore[arg-type]


CASES = [
    # --- state targets: the pace ----------------------------------------------------------------------
    Case(
        # (52,5 − 51,5) / 2 = 0,5 pt/yr against (55 − 51,5) / 7 = 0,5 pt/yr: R = 1
        "worked example, a share in points",
        spec(Comparator.EQ, 55.0, 2030, "%", UP),
        ((2025, 52.5),),
        Status.ON_TRACK,
        1.0,
        "Đúng tiến độ: bình quân tăng 0,5 điểm phần trăm/năm, cần 0,5 điểm phần trăm/năm"
        " để đạt 55 % năm 2030",
        BaselinePoint(2023, 51.5),
    ),
    Case(
        # −0,05 pt/yr against (2 − 3) / 7 = −0,142857: R = (−1)(−0,05) / 0,142857 = 0,35
        "a rate to lower, slowly",
        spec(Comparator.LT, 2.0, 2030, "%", DOWN),
        ((2025, 2.9),),
        Status.LIMITED_PROGRESS,
        0.35,
        "Chậm tiến độ: bình quân giảm 0,05 điểm phần trăm/năm, cần 0,14 điểm phần trăm/năm"
        " để đạt dưới 2 % năm 2030",
        BaselinePoint(2023, 3.0),
    ),
    Case(
        # +0,05 pt/yr: R = (−1)(0,05) / 0,142857 = −0,35
        "a rate to lower, going up",
        spec(Comparator.LT, 2.0, 2030, "%", DOWN),
        ((2025, 3.1),),
        Status.DETERIORATING,
        -0.35,
        "Đi lùi: bình quân tăng 0,05 điểm phần trăm/năm, cần giảm 0,14 điểm phần trăm/năm"
        " để đạt dưới 2 % năm 2030",
        BaselinePoint(2023, 3.0),
    ),
    Case(
        # CAGRi = 1,27628^(1/5) − 1 = 5 %; CAGRT = 2^(1/10) − 1 = 7,1773 %; R = 0,69664
        "a count that must double, too slow",
        spec(Comparator.GE, 200.0, 2030),
        ((2025, 127.62815625),),
        Status.NEEDS_ACCELERATION,
        0.69664,
        "Cần đẩy nhanh: bình quân tăng 5 %/năm, cần 7,18 %/năm để đạt tối thiểu 200 năm 2030",
        BaselinePoint(2020, 100.0),
    ),
    Case(
        # CAGRi = (74/73)^(1/2) − 1 = 0,68259 %; CAGRT = (75,5/73)^(1/7) − 1 = 0,48217 %; R = 1,41566;
        # |74 − 75,5| = 1,5 is more than ±0,5 year: not yet "about 75,5"
        "life expectancy about 75,5, one and a half years short",
        spec(Comparator.APPROX, 75.5, 2030, "tuổi", UP),
        ((2025, 74.0),),
        Status.ON_TRACK,
        1.41566,
        "Đúng tiến độ: bình quân tăng 0,68 %/năm, cần 0,48 %/năm để đạt khoảng 75,5 tuổi năm 2030",
        BaselinePoint(2023, 73.0),
    ),
    Case(
        # points (2023, 70), (2024, 72), (2025, 76): slope 3/yr, at 2030 90,67 years > 85: not extrapolated;
        # CAGRi = (76/70)^(1/2) − 1 = 4,1984 %; CAGRT = (80/70)^(1/7) − 1 = 1,9262 %; R = 2,17963
        "a trend that would leave the plausible band",
        spec(Comparator.EQ, 80.0, 2030, "tuổi", UP, lower_limit=40.0, upper_limit=85.0),
        ((2024, 72.0), (2025, 76.0)),
        Status.ON_TRACK,
        2.17963,
        "Đúng tiến độ: bình quân tăng 4,2 %/năm, cần 1,93 %/năm để đạt 80 tuổi năm 2030;"
        " không thể ngoại suy xu hướng này đến năm 2030 (vượt giới hạn hợp lý của chỉ tiêu)",
        BaselinePoint(2023, 70.0),
        extra={"projected": None, "trend_beyond_limits": True},
    ),
    Case(
        # 3 pt/yr against (99 − 90) / 7 = 1,285714: R = 2,33333; the line reaches 111 % in 2030 > 100 %
        "a share whose trend would pass 100 %",
        spec(Comparator.GE, 99.0, 2030, "%", UP, lower_limit=0.0, upper_limit=100.0),
        ((2025, 96.0),),
        Status.ON_TRACK,
        2.33333,
        "Đúng tiến độ: bình quân tăng 3 điểm phần trăm/năm, cần 1,29 điểm phần trăm/năm để đạt tối thiểu"
        " 99 % năm 2030; không thể ngoại suy xu hướng này đến năm 2030 (vượt giới hạn hợp lý của chỉ tiêu)",
        BaselinePoint(2023, 90.0),
        extra={"projected": None, "trend_beyond_limits": True},
    ),
    Case(
        # the line through (2023, 73) and (2025, 74) reads 76,5 in 2030: inside the band, given
        "a projection inside the band is given",
        spec(Comparator.GE, 78.0, 2030, "tuổi", UP, lower_limit=40.0, upper_limit=85.0),
        ((2025, 74.0),),
        # CAGRi = 0,68259 %; CAGRT = (78/73)^(1/7) − 1 = 0,95091 %; R = 0,71784
        Status.NEEDS_ACCELERATION,
        0.71784,
        "Cần đẩy nhanh: bình quân tăng 0,68 %/năm, cần 0,95 %/năm để đạt tối thiểu 78 tuổi năm 2030",
        BaselinePoint(2023, 73.0),
        extra={"projected": 76.5, "trend_beyond_limits": False},
    ),
    # --- state targets: met, missed, not judged ------------------------------------------------------
    Case(
        # 97 % → 98 % against "đạt 95 %", the indicator going up: met, and already met at the baseline;
        # R = 0,5 / |(95 − 97) / 7| = 1,75
        "kindergarten enrolment already above its target",
        spec(Comparator.EQ, 95.0, 2030, "%", UP),
        ((2025, 98.0),),
        Status.ACHIEVED,
        1.75,
        "Đã đạt: 98 % năm 2025, giữ vững từ năm 2023 (khi đã đạt 97 %); mục tiêu đạt 95 % đến năm 2030",
        BaselinePoint(2023, 97.0),
    ),
    Case(
        # the mirror for an indicator going down: 8 % → 9 % against "đạt 10 %": met (≤ 10), held;
        # R = (−1)(0,5) / |(10 − 8) / 7| = −1,75 (moving towards the limit, yet still within it)
        "a rate to keep low, already below its target",
        spec(Comparator.EQ, 10.0, 2030, "%", DOWN),
        ((2025, 9.0),),
        Status.ACHIEVED,
        -1.75,
        "Đã đạt: 9 % năm 2025, giữ vững từ năm 2023 (khi đã đạt 8 %); mục tiêu đạt 10 % đến năm 2030",
        BaselinePoint(2023, 8.0),
    ),
    Case(
        # no reference point: R None
        "below the cap",
        spec(Comparator.LT, 2.0, 2030, "%", DOWN),
        ((2026, 1.1),),
        Status.ACHIEVED,
        None,
        "Đã đạt: 1,1 % năm 2026, mục tiêu dưới 2 % đến năm 2030",
    ),
    Case(
        # 5 ≤ 5; R = |(5 − 8) / 5| / |(5 − 8) / 10| = 0,6 / 0,3 = 2
        "at most, met at equality",
        spec(Comparator.LE, 5.0, 2030, "%", DOWN),
        ((2025, 5.0),),
        Status.ACHIEVED,
        2.0,
        "Đã đạt: 5 % năm 2025, mục tiêu không quá 5 % đến năm 2030",
        BaselinePoint(2020, 8.0),
    ),
    Case(
        # 10 > 10 is false and 2025 is the target year; CAGRi = CAGRT = 2^(1/5) − 1: R = 1
        "above, not met at equality when due",
        spec(Comparator.GT, 10.0, 2025),
        ((2025, 10.0),),
        Status.MISSED,
        1.0,
        "Không đạt: 10 năm 2025, mục tiêu trên 10 đến năm 2025",
        BaselinePoint(2020, 5.0),
    ),
    Case(
        # no target year: no pace can be judged; CAGRi is reported, R is not
        "no target year",
        spec(Comparator.GE, 200.0, None),
        ((2025, 150.0),),
        Status.IN_PROGRESS,
        None,
        "Đang thực hiện: 150 năm 2025, mục tiêu tối thiểu 200",
        BaselinePoint(2020, 100.0),
    ),
    Case(
        "one figure and no baseline",
        spec(Comparator.GE, 200.0, 2030),
        ((2025, 120.0),),
        Status.INSUFFICIENT_DATA,
        None,
        "Chưa đủ dữ liệu: 120 năm 2025, chưa đủ để đánh giá tiến độ so với mục tiêu tối thiểu 200"
        " đến năm 2030",
    ),
    Case(
        "no figure yet",
        spec(Comparator.GE, 200.0, 2030),
        (),
        Status.NO_DATA,
        None,
        "Chưa có số liệu đến năm 2025: mục tiêu tối thiểu 200 đến năm 2030",
        as_of=2025,
    ),
    # --- "khoảng": tolerance per unit ------------------------------------------------------------------
    Case(
        # |75,1 − 75,5| = 0,4 ≤ 0,5 year; CAGRi = (75,1/73)^(1/2) − 1 = 1,42816 %, CAGRT = 0,48220 %:
        # R = 2,96172
        "life expectancy within half a year",
        spec(Comparator.APPROX, 75.5, 2030, "tuổi", UP),
        ((2025, 75.1),),
        Status.ACHIEVED,
        2.96172,
        "Đã đạt: 75,1 tuổi năm 2025, mục tiêu khoảng 75,5 tuổi đến năm 2030",
        BaselinePoint(2023, 73.0),
    ),
    Case(
        # |79,2 − 80| = 0,8 ≤ 1 percentage point; R = (19,2 / 5) / (20 / 10) = 1,92
        "a share within one point",
        spec(Comparator.APPROX, 80.0, 2030, "%"),
        ((2025, 79.2),),
        Status.ACHIEVED,
        1.92,
        "Đã đạt: 79,2 % năm 2025, mục tiêu khoảng 80 % đến năm 2030",
        BaselinePoint(2020, 60.0),
    ),
    Case(
        # no unit of the table: 2 % of 1.000 = 20; |985 − 1.000| = 15
        "a count within 2 %",
        spec(Comparator.APPROX, 1000.0, 2030, "căn hộ", UP),
        ((2025, 985.0),),
        Status.ACHIEVED,
        None,
        "Đã đạt: 985 căn hộ năm 2025, mục tiêu khoảng 1.000 căn hộ đến năm 2030",
    ),
    Case(
        # no better side known: 2,5 is 0,4 past "khoảng 2,1" (± 0,1): neither met nor on its way
        "fertility past the rate, no better side",
        spec(Comparator.APPROX, 2.1, 2030, "con/phụ nữ"),
        ((2025, 2.5),),
        Status.IN_PROGRESS,
        # CAGRi = (2,5/2)^(1/5) − 1 = 4,56396 %; CAGRT = (2,1/2)^(1/10) − 1 = 0,48909 %; R = 9,33145
        9.33145,
        "Đang thực hiện: 2,5 con/phụ nữ năm 2025, vượt ra ngoài khoảng mục tiêu;"
        " mục tiêu khoảng 2,1 con/phụ nữ đến năm 2030",
        BaselinePoint(2020, 2.0),
    ),
    # --- ranges ------------------------------------------------------------------------------------------
    Case(
        # 115 ≤ 117,5 ≤ 120; CAGRi = 1,175^(1/5) − 1 = 3,2779 %; CAGRT = 1,15^(1/5) − 1 = 2,8346 %;
        # R = 1,15640
        "income inside its band",
        spec(Comparator.RANGE, 115.0, 2025, "triệu đồng", UP, value_max=120.0),
        ((2025, 117.5),),
        Status.ACHIEVED,
        1.1564,
        "Đã đạt: 117,5 triệu đồng năm 2025, mục tiêu từ 115 đến 120 triệu đồng đến năm 2025",
        BaselinePoint(2020, 100.0),
    ),
    Case(
        # 110 < 115 in the target year; CAGRi = 1,1^(1/5) − 1 = 1,9245 %; R = 0,67893
        "income below its band when due",
        spec(Comparator.RANGE, 115.0, 2025, "triệu đồng", UP, value_max=120.0),
        ((2025, 110.0),),
        Status.MISSED,
        0.67893,
        "Không đạt: 110 triệu đồng năm 2025, mục tiêu từ 115 đến 120 triệu đồng đến năm 2025",
        BaselinePoint(2020, 100.0),
    ),
    Case(
        # above the band of an indicator going up: more than planned is met;
        # R = (1,25^(1/5) − 1) / (1,15^(1/5) − 1) = 4,56396 % / 2,83458 % = 1,61005
        "income above its band, more being better",
        spec(Comparator.RANGE, 115.0, 2025, "triệu đồng", UP, value_max=120.0),
        ((2025, 125.0),),
        Status.ACHIEVED,
        1.61005,
        "Đã đạt: 125 triệu đồng năm 2025, mục tiêu từ 115 đến 120 triệu đồng đến năm 2025",
        BaselinePoint(2020, 100.0),
    ),
    Case(
        # above the band with no better side known, 2030 still ahead: passed, not met
        "above a band with no better side",
        spec(Comparator.RANGE, 115.0, 2030, "triệu đồng", value_max=120.0),
        ((2025, 125.0),),
        Status.IN_PROGRESS,
        # CAGRi = 4,56396 %; CAGRT = 1,15^(1/10) − 1 = 1,40743 %; R = 3,24275
        3.24275,
        "Đang thực hiện: 125 triệu đồng năm 2025, vượt ra ngoài khoảng mục tiêu;"
        " mục tiêu từ 115 đến 120 triệu đồng đến năm 2030",
        BaselinePoint(2020, 100.0),
    ),
    Case(
        # towards the lower bound: CAGRi = 1,05^(1/5) − 1 = 0,98058 %; CAGRT = 1,40743 %; R = 0,69672
        "on the way to a band, too slowly",
        spec(Comparator.RANGE, 115.0, 2030, "triệu đồng", UP, value_max=120.0),
        ((2025, 105.0),),
        Status.NEEDS_ACCELERATION,
        0.69672,
        "Cần đẩy nhanh: bình quân tăng 0,98 %/năm, cần 1,41 %/năm để đạt từ 115 đến 120 triệu đồng năm 2030",
        BaselinePoint(2020, 100.0),
    ),
    Case(
        # from above the band (no better side: the baseline says down), towards 1,2 %:
        # (1,4 − 1,6) / 5 = −0,04 pt/yr against (1,2 − 1,6) / 10 = −0,04: R = 1
        "coming down into a band",
        spec(Comparator.RANGE, 1.0, 2030, "%", value_max=1.2),
        ((2025, 1.4),),
        Status.ON_TRACK,
        1.0,
        "Đúng tiến độ: bình quân giảm 0,04 điểm phần trăm/năm, cần 0,04 điểm phần trăm/năm"
        " để đạt từ 1 đến 1,2 % năm 2030",
        BaselinePoint(2020, 1.6),
    ),
    Case(
        # a range with one bound is not quantified: its figure is shown, no pace is judged
        "a range missing its upper bound",
        spec(Comparator.RANGE, 115.0, 2030, "triệu đồng", UP),
        ((2025, 117.0),),
        Status.INSUFFICIENT_DATA,
        None,
        "Chưa đủ dữ liệu: 117 triệu đồng năm 2025, chưa đủ để đánh giá tiến độ so với mục tiêu"
        " chưa có giá trị định lượng đến năm 2030",
    ),
    # --- grades and assessments -------------------------------------------------------------------------
    Case(
        "HDI group 1 for group 2, lower being better",
        spec(Comparator.LEVEL, 2.0, 2030, "nhóm", DOWN, kind=TargetKind.LEVEL),
        ((2025, 1.0),),
        Status.ACHIEVED,
        None,
        "Đã đạt: nhóm 1 năm 2025, mục tiêu nhóm 2 đến năm 2030",
    ),
    Case(
        "HDI group 3 for group 2",
        spec(Comparator.LEVEL, 2.0, 2030, "nhóm", DOWN, kind=TargetKind.LEVEL),
        ((2025, 3.0),),
        Status.IN_PROGRESS,
        None,
        "Đang thực hiện: nhóm 3 năm 2025, mục tiêu nhóm 2 đến năm 2030",
    ),
    Case(
        "a grade to raise, short when due",
        spec(Comparator.LEVEL, 3.0, 2030, "mức độ", kind=TargetKind.LEVEL),
        ((2030, 2.0),),
        Status.MISSED,
        None,
        "Không đạt: mức 2 năm 2030, mục tiêu mức 3 đến năm 2030",
    ),
    Case(
        "an end-state reached",
        spec(Comparator.QUALITATIVE, None, 2030, kind=TargetKind.QUALITATIVE),
        ((2025, A),),
        Status.ACHIEVED,
        None,
        "Đã đạt: đánh giá năm 2025 là đạt, mục tiêu hoàn thành đến năm 2030",
    ),
    Case(
        "an end-state partly reached when due",
        spec(Comparator.QUALITATIVE, None, 2030, kind=TargetKind.QUALITATIVE),
        ((2030, PART),),
        Status.MISSED,
        None,
        "Không đạt: đánh giá năm 2030 là đạt một phần, mục tiêu hoàn thành đến năm 2030",
    ),
    # --- yearly flows, levels kept, totals --------------------------------------------------------------
    Case(
        "a yearly flow short this year",
        spec(Comparator.GE, 35000.0, 2030, "lượt", UP, kind=TargetKind.ANNUAL),
        ((2024, 36000.0), (2025, 33000.0)),
        Status.MISSED,
        None,
        "Không đạt: 33.000 lượt năm 2025 (đạt 1/2 năm có số liệu), mục tiêu hằng năm tối thiểu 35.000 lượt"
        " đến năm 2030",
    ),
    Case(
        "a yearly flow without this year's figure",
        spec(Comparator.GE, 35000.0, 2030, "lượt", UP, kind=TargetKind.ANNUAL),
        ((2024, 36000.0),),
        Status.NO_DATA,
        None,
        "Chưa có số liệu năm 2026: mục tiêu hằng năm tối thiểu 35.000 lượt đến năm 2030",
        as_of=2026,
    ),
    Case(
        # 2,05 is within ± 0,1 of 2,1; 1,75 is not: replacement fertility is a rate, 1,75 accepted
        "replacement fertility not kept",
        spec(Comparator.APPROX, 2.1, 2030, "con/phụ nữ", kind=TargetKind.MAINTAIN),
        ((2024, 2.05), (2025, 1.75)),
        Status.MISSED,
        None,
        "Không đạt: chưa đạt trong năm 2025, mục tiêu duy trì khoảng 2,1 con/phụ nữ đến năm 2030",
    ),
    Case(
        "a rate kept under its cap every year",
        spec(Comparator.LT, 2.0, 2030, "%", DOWN, kind=TargetKind.MAINTAIN),
        ((2024, 1.5), (2025, 1.8)),
        Status.ACHIEVED,
        None,
        "Đã đạt: 1,8 % năm 2025 (đạt 2/2 năm có số liệu), mục tiêu duy trì dưới 2 % đến năm 2030",
    ),
    Case(
        # S = 350 over 2 years against 1.500 over 7: R = 175 / 214,2857 = 0,81667
        "a total built too slowly",
        spec(Comparator.EQ, 1500.0, 2030, "căn hộ", UP, kind=TargetKind.CUMULATIVE, start_year=2024),
        ((2024, 200.0), (2025, 150.0)),
        Status.NEEDS_ACCELERATION,
        0.81667,
        "Cần đẩy nhanh: lũy kế 350 căn hộ sau 2 năm, bình quân 175 căn hộ/năm, cần 214,29 căn hộ/năm"
        " để đạt 1.500 căn hộ năm 2030",
    ),
    Case(
        # S = 110 > 100 before 2030: yearly flows never fall, so the cap is missed for good;
        # R = (110 / 2) / (100 / 7) = 3,85
        "a total over its cap",
        spec(Comparator.LE, 100.0, 2030, "ha", kind=TargetKind.CUMULATIVE, start_year=2024),
        ((2024, 60.0), (2025, 50.0)),
        Status.MISSED,
        3.85,
        "Không đạt: lũy kế 110 ha đến năm 2025, mục tiêu lũy kế không quá 100 ha đến năm 2030",
    ),
]


def test_the_table_covers_every_kind_and_comparator() -> None:
    assert len(CASES) >= 30
    assert {c.spec.comparator for c in CASES} == set(Comparator)
    assert {c.spec.kind for c in CASES} == set(TargetKind)
    assert {c.status for c in CASES} == set(Status)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_gives_its_hand_computed_status_ratio_and_sentence(case: Case) -> None:
    # given the target and its figures
    observations = [Observation(year, value) for year, value in case.figures]

    # when
    evaluation = evaluate(case.spec, observations, case.baseline, case.as_of)

    # then
    assert evaluation.status is case.status
    if case.ratio is None:
        assert evaluation.ratio is None
    else:
        assert evaluation.ratio == pytest.approx(case.ratio, abs=1e-4)
    assert explain(case.spec, evaluation) == case.sentence
    for name, expected in case.extra.items():
        assert getattr(evaluation, name) == (
            pytest.approx(expected) if isinstance(expected, float) else expected
        )


ENGLISH = {
    "worked example, a share in points": (
        "On track: rising 0,5 percentage points a year on average; it needs 0,5 percentage points a year"
        " to reach 55 % by 2030"
    ),
    "a rate to lower, going up": (
        "Going backwards: rising 0,05 percentage points a year on average; it needs to fall 0,14 percentage"
        " points a year to be below 2 % by 2030"
    ),
    "kindergarten enrolment already above its target": (
        "Achieved: 98 % in 2025, held since 2023, when it was already 97 %; target: reach 95 % by 2030"
    ),
    "income inside its band": (
        "Achieved: 117,5 million dong in 2025, target: between 115 and 120 million dong by 2025"
    ),
    "HDI group 1 for group 2, lower being better": "Achieved: group 1 in 2025, target: group 2 by 2030",
    "replacement fertility not kept": (
        "Missed: not met in 2025, target: hold about 2,1 children per woman by 2030"
    ),
    "a yearly flow short this year": (
        "Missed: 33.000 times in 2025 (met in 1 of 2 years with figures), target: at least 35.000 times every"
        " year by 2030"
    ),
    "no figure yet": "No figures yet up to 2025; target: at least 200 by 2030",
}


@pytest.mark.parametrize("name", sorted(ENGLISH))
def test_the_same_case_reads_in_english(name: str) -> None:
    case = next(c for c in CASES if c.name == name)
    observations = [Observation(year, value) for year, value in case.figures]

    evaluation = evaluate(case.spec, observations, case.baseline, case.as_of)

    assert explain(case.spec, evaluation, language="en") == ENGLISH[name]
