"""Figures in sentences: comparators, units, and the numbers that are not targets (own sentences)."""

from __future__ import annotations

import pytest

from planwatch.extraction import extract_text
from planwatch.extraction.quantities import find_quantities


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("tỷ lệ che phủ rừng duy trì ổn định trên 12%", [(">", 12.0, "%")]),
        ("tỷ lệ hộ nghèo giảm xuống dưới 1,5%", [("<", 1.5, "%")]),
        ("mỗi năm tạo việc làm cho ít nhất 20.000 lao động", [(">=", 20000.0, "lao động")]),
        ("mật độ thuê bao không quá 3 điểm truy cập", [("<=", 3.0, "điểm")]),
        ("GRDP bình quân đầu người khoảng 150 triệu đồng", [("~", 150.0, "triệu đồng")]),
        ("thu nhập từ 115 - 120 triệu đồng", [("range", 115.0, "triệu đồng")]),
        ("tốc độ tăng năng suất lao động bình quân 7,2%/năm", [("=", 7.2, "%/năm")]),
        ("giải quyết việc làm từ 25.000 người trở lên", [(">=", 25000.0, "người")]),
        ("diện tích sàn nhà ở bình quân 31.7 m2 sàn/người", [("=", 31.7, "m2 sàn/người")]),
    ],
)
def test_comparators_and_units(sentence: str, expected: list[tuple[str, float, str]]) -> None:
    assert [(q.comparator, q.value, q.unit) for q in find_quantities(sentence)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "theo khoản 3 Điều 15 Nghị định số 45/2023/NĐ-CP ngày 12/6/2023",  # legal references and dates
        "giai đoạn 2026 - 2030, tầm nhìn đến năm 2045",  # years
        "hỗ trợ trẻ em dưới 6 tuổi và trẻ từ 3 đến 5 tuổi",  # ages
        "số giường bệnh trên 10.000 dân",  # a per-capita base
        "Hội nghị đề ra 05 nhóm giải pháp và 3 khâu đột phá",  # counts of headings
        "sau 10 năm thực hiện, tổ chức 2 lần mỗi năm",  # durations and frequencies
        "theo mục (2) của phụ lục",  # enumeration marks
    ],
)
def test_numbers_that_are_not_targets(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_a_task_section_full_of_numbers_gives_no_target() -> None:
    # given tasks with award quotas, a scoring threshold, a formula, an achieved figure and legal articles
    text = (
        "III. NHIỆM VỤ VÀ GIẢI PHÁP\n"
        "1. Mỗi năm khen thưởng 15 tập thể và 40 cá nhân có thành tích xuất sắc.\n"
        "2. Đơn vị đạt từ 90 điểm trở lên được xếp loại xuất sắc, dưới 50 điểm là không đạt.\n"
        "3. Chỉ số được tính bằng tổng điểm thành phần nhân với 0,4 cộng 25.\n"
        "4. Năm 2024 toàn tỉnh đã đạt 78% số xã có điểm phục vụ bưu chính.\n"
        "5. Thực hiện theo Điều 7, khoản 2 Điều 9 Luật Thống kê năm 2015.\n"
    )
    # when extracted, then no target is proposed
    assert extract_text(text).documents[0].targets == ()


def test_a_promise_in_the_task_section_is_a_target() -> None:
    # given a task bullet that promises a share with "phấn đấu"
    text = "III. NHIỆM VỤ\n- Đẩy mạnh số hóa hồ sơ, phấn đấu đến năm 2027 có 90% hồ sơ được số hóa.\n"
    # when extracted
    target = extract_text(text).documents[0].targets[0]
    # then it is a target for its stated year
    assert (target.comparator, target.value, target.target_year) == ("=", 90, 2027)


def test_lists_are_split_but_a_single_group_is_not() -> None:
    # given a target list with an enumerated subject and a long beneficiary group
    text = (
        "2. Mục tiêu cụ thể đến năm 2030\n"
        "- 100% trường học, bệnh viện, chợ có điểm thu gom rác thải phân loại; 100% người khuyết tật nặng, "
        "người cao tuổi neo đơn thuộc hộ nghèo được trợ giúp xã hội.\n"
    )
    # when extracted
    indicators = [t.indicator for t in extract_text(text).documents[0].targets]
    # then the three places are three targets and the beneficiary group is one
    assert indicators == [
        "Trường học có điểm thu gom rác thải phân loại",
        "Bệnh viện có điểm thu gom rác thải phân loại",
        "Chợ có điểm thu gom rác thải phân loại",
        "Người khuyết tật nặng, người cao tuổi neo đơn thuộc hộ nghèo được trợ giúp xã hội",
    ]


def test_subpopulations_and_shared_predicates() -> None:
    # given shares by area sharing one predicate
    text = (
        "2. Mục tiêu đến năm 2035\n- 98% hộ ở thành thị và 85% hộ ở nông thôn được dùng điện lưới quốc gia.\n"
    )
    # when extracted
    targets = extract_text(text).documents[0].targets
    # then each area is a target with its scope, the predicate shared, for the 2035 horizon
    assert [(t.indicator, t.scope, t.value, t.target_year) for t in targets] == [
        ("Hộ được dùng điện lưới quốc gia", "Thành thị", 98, 2035),
        ("Hộ được dùng điện lưới quốc gia", "Nông thôn", 85, 2035),
    ]
