"""Each construction of issue #14, from invented sentences: candidates anywhere, vetoes, ranges,
multipliers, value lists, milestones, yearly targets, scope, agencies, unit qualifiers, confidence."""

from __future__ import annotations

import pytest

from planwatch.extraction import extract_text, validate_extraction
from planwatch.extraction.model import ExtractedTarget
from planwatch.extraction.quantities import find_quantities
from planwatch.extraction.targets import veto

HEAD = "KẾ HOẠCH\nThực hiện chương trình phát triển nông thôn của huyện Cù Lao\n\n"


def _targets(body: str) -> list[ExtractedTarget]:
    extraction = extract_text(HEAD + body)
    assert validate_extraction(extraction.to_json()) == []
    return [t for d in extraction.documents for t in d.targets]


def _brief(body: str) -> list[tuple[str, float | None, str | None]]:
    return [(t.comparator, t.value, t.unit) for t in _targets(body)]


# --- ranges, multipliers, "từ N" -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("độ che phủ cây xanh đạt 25-30%", ("range", 25.0, 30.0, "%")),
        ("tăng trưởng bình quân 6,5-7%/năm", ("range", 6.5, 7.0, "%/năm")),
        ("thu nhập đạt 4.700-5.000 USD/người", ("range", 4700.0, 5000.0, "USD")),
        ("xây dựng ít nhất 2 - 3 mô hình", ("range", 2.0, 3.0, "mô hình")),
        ("số lượt khách tăng gấp 4 lần", ("=", 4.0, None, "lần")),
        ("từ 40% hợp tác xã có sản phẩm chủ lực", (">=", 40.0, None, "%")),
    ],
)
def test_ranges_multipliers_and_from(sentence: str, expected: tuple[str, float, float | None, str]) -> None:
    (quantity,) = find_quantities(sentence)
    assert (quantity.comparator, quantity.value, quantity.value_max, quantity.unit) == expected


def test_date_ranges_and_year_spans_are_not_values() -> None:
    assert find_quantities("Tuần lễ hưởng ứng (03 - 09/4) trong giai đoạn 2026-2030") == []


def test_a_change_from_one_level_to_another_is_not_at_least() -> None:
    assert [(q.comparator, q.value) for q in find_quantities("nâng tỷ lệ từ 20% lên 35%")] == [
        ("=", 20.0),
        ("=", 35.0),
    ]


def test_a_range_reaches_the_json_with_its_upper_bound() -> None:
    (target,) = _targets("II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n- Tỷ lệ hộ dùng điện mặt trời đạt 12-15%.\n")
    data = target.to_json()
    assert (data["comparator"], data["value"], data["value_max"]) == ("range", 12, 15)


# --- several values in one sentence ------------------------------------------------------------------


def test_each_value_of_a_list_names_its_subject_after_it() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Phấn đấu 60% trạm bơm, 70% kênh mương nội đồng và 85% cống đầu mối được kiên cố hóa.\n"
    )
    assert [(t.value, t.indicator.split(" ")[0]) for t in targets] == [
        (60.0, "Trạm"),
        (70.0, "Kênh"),
        (85.0, "Cống"),
    ]
    assert all("kiên cố hóa" in t.indicator for t in targets)


def test_a_full_share_and_a_share_above_a_floor_in_one_sentence() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Tổ chức tập huấn an toàn thực phẩm cho 100% bếp ăn tập thể và trên 60% quán ăn đường phố.\n"
    )
    assert [(t.comparator, t.value, t.indicator) for t in targets] == [
        ("=", 100.0, "Bếp ăn tập thể"),
        (">", 60.0, "Quán ăn đường phố"),
    ]


def test_two_grades_of_one_subject_are_two_targets() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- 100% trường học đạt kiểm định mức 1 và 80% trường học đạt kiểm định mức 2.\n"
    )
    assert [t.value for t in targets] == [100.0, 80.0]
    assert "mức 1" in targets[0].indicator
    assert "mức 2" in targets[1].indicator


def test_a_count_inside_the_indicator_of_a_share_stays_there() -> None:
    (target,) = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n- 100% trạm y tế xã có ít nhất 01 bác sĩ làm việc thường xuyên.\n"
    )
    assert (target.value, target.unit) == (100.0, "%")
    assert "01 bác sĩ" in target.quote


# --- years: milestones, a year after the value, periods, yearly targets ------------------------------


def test_milestone_years_of_one_indicator() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ\n"
        "- Giai đoạn 2026-2027\n"
        "+ 40% hồ sơ đất đai được số hóa.\n"
        "- Giai đoạn 2028-2030\n"
        "+ 90% hồ sơ đất đai được số hóa.\n"
    )
    assert [(t.value, t.target_year) for t in targets] == [(40.0, 2027), (90.0, 2030)]


def test_a_year_written_after_the_value() -> None:
    (target,) = _targets("II. MỤC TIÊU CỤ THỂ\n- Tỷ lệ chợ đạt chuẩn văn minh đạt 45% vào năm 2028.\n")
    assert (target.value, target.target_year) == (45.0, 2028)


def test_a_yearly_target_is_annual() -> None:
    (target,) = _targets("II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n- Hằng năm, số hộ nghèo giảm trên 2%.\n")
    assert (target.comparator, target.value, target.frequency) == (">", 2.0, "annual")
    assert target.unit == "% (mức giảm)"


# --- scope and responsible agency ----------------------------------------------------------------------


def test_urban_and_rural_values_carry_their_scope() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Tỷ lệ rác thải được thu gom ở đô thị đạt 98% và ở nông thôn đạt 85%.\n"
    )
    assert [(t.value, t.scope) for t in targets] == [(98.0, "Đô thị"), (85.0, "Nông thôn")]


def test_a_leading_place_is_the_scope_of_the_values() -> None:
    (target,) = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Đối với các xã miền núi, đến năm 2030, 75% thôn bản có nhà văn hóa đạt chuẩn.\n"
    )
    assert (target.value, target.scope) == (75.0, "Các xã miền núi")


def test_a_place_leading_an_item_is_the_scope_of_all_its_targets() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Tại thành phố Cù Lao, độ che phủ cây xanh đô thị đạt tối thiểu 15%; chất lượng nước mặt "
        "được duy trì ở mức tốt. Tỷ lệ nước thải được xử lý đạt 70%.\n"
    )
    assert [(t.comparator, t.value, t.scope) for t in targets] == [
        (">=", 15.0, "Thành phố Cù Lao"),
        ("qualitative", None, "Thành phố Cù Lao"),
        ("=", 70.0, "Thành phố Cù Lao"),
    ]
    assert not targets[0].indicator.lower().startswith("tại")


def test_a_place_lead_with_its_members_in_brackets_keeps_them() -> None:
    (target,) = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Đối với các huyện ven biển (bao gồm: Cù Lao, Bãi Dài), tỷ lệ hộ dùng nước sạch đạt 95%.\n"
    )
    assert (target.value, target.scope) == (95.0, "Các huyện ven biển (Cù Lao, Bãi Dài)")
    assert target.indicator.startswith("Tỷ lệ hộ dùng nước sạch")


def test_a_group_that_is_not_a_place_is_no_scope() -> None:
    (target,) = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Đối với doanh nghiệp nhỏ và vừa, tỷ lệ sử dụng hóa đơn điện tử đạt 100%.\n"
    )
    assert target.scope is None


def test_a_province_named_in_the_indicator_is_its_scope_as_the_plan_titles_it() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Nồng độ bụi mịn tại Đà Nẵng giảm 10% so với năm 2024.\n"
        "- Chất lượng không khí tại Huế và các tỉnh, thành phố trên cả nước được duy trì ở mức tốt.\n"
        "III. NHIỆM VỤ\n"
        "- Phối hợp với thành phố Đà Nẵng trong quan trắc không khí.\n"
    )
    assert [t.scope for t in targets] == [
        "Thành phố Đà Nẵng",
        "Huế và các tỉnh, thành phố trên cả nước",
    ]


def test_a_rank_is_at_most_and_each_place_is_a_scope() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Chỉ số năng lực cạnh tranh của tỉnh thuộc nhóm 5 tỉnh dẫn đầu khu vực miền Trung và "
        "nhóm 20 tỉnh dẫn đầu cả nước.\n"
    )
    assert [(t.comparator, t.value, t.unit, t.scope) for t in targets] == [
        ("<=", 5.0, "thứ hạng", "Khu vực miền Trung"),
        ("<=", 20.0, "thứ hạng", "Cả nước"),
    ]


def test_a_quota_under_an_agency_duty_names_that_agency() -> None:
    targets = _targets(
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Nông nghiệp và Môi trường:\n"
        "- Hướng dẫn các xã bảo đảm 100% cơ sở giết mổ được kiểm soát vệ sinh thú y.\n"
    )
    assert [(t.value, t.responsible) for t in targets] == [(100.0, "Sở Nông nghiệp và Môi trường")]


def test_an_agency_item_without_a_colon_and_a_dash_lead_name_the_owners_of_their_quotas() -> None:
    targets = _targets(
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "b) Ủy ban nhân dân các xã chịu trách nhiệm triển khai Kế hoạch trên địa bàn, cụ thể:\n"
        "- Bảo đảm 100% trường học có nhà vệ sinh đạt chuẩn.\n"
        "- Ủy ban nhân dân xã Bãi Dài và Ủy ban nhân dân xã Cù Lao cần tập trung các nhiệm vụ sau:\n"
        "+ Bảo đảm 100% chợ có điểm thu gom rác thải.\n"
        "- Bảo đảm 100% trạm y tế có bác sĩ.\n"
    )
    assert [t.responsible for t in targets] == [
        "Ủy ban nhân dân các xã",
        "Ủy ban nhân dân xã Bãi Dài và Ủy ban nhân dân xã Cù Lao",
        "Ủy ban nhân dân các xã",
    ]


def test_a_table_with_a_unit_and_a_result_column_names_the_agency() -> None:
    table = (
        "PHỤ LỤC\n|\nTT\n|\nChỉ tiêu\n|\nĐơn vị\n|\nKết quả\n|\nCơ quan chủ trì\n|\n|\n"
        "I\n|\nGiai đoạn 2026-2028\n|\n|\n|\n|\n|\n"
        "1\n|\nTỷ lệ bến xe khách có camera giám sát\n|\n%\n|\n90%\n|\nSở Xây dựng\n|\n|\n"
    )
    (target,) = _targets(table)
    assert (target.value, target.unit, target.target_year, target.responsible) == (
        90.0,
        "%",
        2028,
        "Sở Xây dựng",
    )


def test_a_table_whose_value_sits_in_a_text_cell_is_read_cell_by_cell() -> None:
    table = (
        "PHỤ LỤC\n|\nSTT\n|\nCơ quan chủ trì\n|\nNội dung nhiệm vụ\n|\nSản phẩm\n|\nThời hạn\n|\n|\n"
        "1\n|\nSở Công Thương\n|\nPhát triển chợ đầu mối nông sản\n|\n"
        "- Có ít nhất 03 chợ đầu mối được nâng cấp.\n|\nGiai đoạn 2026 - 2029\n|\n|\n"
    )
    (target,) = _targets(table)
    assert (target.comparator, target.value, target.target_year, target.responsible) == (
        ">=",
        3.0,
        2029,
        "Sở Công Thương",
    )
    assert target.reason == "figure in a table cell"


def test_the_lead_agency_column_after_the_content_names_the_agency_of_the_row() -> None:
    table = (
        "PHỤ LỤC\n|\nSTT\n|\nTên nhiệm vụ\n|\nNội dung chính\n|\nCơ quan chủ trì\n|\nCơ quan phối hợp\n|\n"
        "Thời gian thực hiện\n|\n|\n"
        "1\n|\nNâng cấp chợ nông thôn\n|\n- Có ít nhất 04 chợ xã được nâng cấp.\n|\n"
        "UBND huyện Cù Lao và\nUBND các xã\n|\n- Sở Công Thương;\n- Sở Tài chính.\n|\n"
        "Giai đoạn 2026 - 2028\n|\n|\n"
        "2\n|\nXây dựng điểm thu gom\n|\n- Có ít nhất 10 điểm thu gom rác được xây dựng.\n|\n"
        "Sở Nông nghiệp và Môi trường\n|\n- UBND các xã.\n|\nGiai đoạn 2026 - 2027\n|\n|\n"
    )
    assert [(t.value, t.responsible) for t in _targets(table)] == [
        (4.0, "UBND huyện Cù Lao và UBND các xã"),
        (10.0, "Sở Nông nghiệp và Môi trường"),
    ]


# --- units keep their qualifier --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("kinh tế biển đóng góp 15% GRDP", "% GRDP"),
        ("chi cho khoa học ít nhất 2% ngân sách", "% ngân sách"),
        ("năng suất lao động tăng 6%/năm", "%/năm"),
        ("nồng độ bụi mịn dưới 30 μg/m3", "μg/m3"),
    ],
)
def test_units_keep_their_qualifier(sentence: str, unit: str) -> None:
    assert [q.unit for q in find_quantities(sentence)] == [unit]


# --- candidates anywhere ----------------------------------------------------------------------------


def test_a_task_paragraph_without_phan_dau_still_gives_its_quota() -> None:
    targets = _targets(
        "III. NHIỆM VỤ, GIẢI PHÁP\n"
        "1. Nâng tỷ lệ học sinh được học bơi an toàn tối thiểu 70%.\n"
        "2. Số hóa toàn bộ sổ hộ tịch lưu trữ tại các xã; bàn giao cho Trung tâm dữ liệu tỉnh.\n"
    )
    assert [(t.comparator, t.value) for t in targets] == [(">=", 70.0), ("=", 100.0)]
    assert targets[1].value_text == "toàn bộ"
    assert targets[1].indicator.startswith("Sổ hộ tịch")


def test_a_dated_end_state_in_a_task_paragraph_is_a_qualitative_target() -> None:
    (target,) = _targets(
        "III. NHIỆM VỤ, GIẢI PHÁP\n- Đến năm 2029, hệ thống cảnh báo lũ quét được hoàn thiện và vận hành.\n"
    )
    assert (target.comparator, target.target_year) == ("qualitative", 2029)


def test_end_states_in_a_target_list_are_qualitative_targets() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Hoàn thiện bản đồ số về hạ tầng thủy lợi của huyện.\n"
        "- Hình thành chuỗi liên kết tiêu thụ lúa gạo hữu cơ.\n"
        "- Tiếp tục tuyên truyền về tiết kiệm nước.\n"
    )
    assert [t.comparator for t in targets] == ["qualitative", "qualitative"]


def test_a_time_limit_is_at_most() -> None:
    (target,) = _targets("II. MỤC TIÊU\n- Người bị nạn được sơ cứu trong 12 giờ kể từ khi có thông tin.\n")
    assert (target.comparator, target.value, target.unit) == ("<=", 12.0, "giờ")


# --- vetoes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "reason"),
    [
        ("Hiện có 45 hợp tác xã đang hoạt động", "situation"),
        ("Tổng kinh phí dự kiến 35 tỷ đồng", "cost"),
        ("Tặng giấy khen cho 12 tập thể", "award"),
        ("Đơn vị đạt 85 điểm trở lên được xếp loại khá", "scoring"),
        ("Chỉ số bằng tổng điểm x 0,5", "formula"),
        ("Căn cứ Điều 12 của Luật Đất đai", "legal"),
        ("Lắp đặt đường truyền 100 Mbps", "specification"),
        ("Báo cáo trong thời hạn 07 ngày", "time limit"),
        ("Liên hệ điện thoại: 0290 123 456", "website"),
    ],
)
def test_context_vetoes_a_figure_outside_target_sections(clause: str, reason: str) -> None:
    assert veto(clause) == reason


def test_a_smartphone_is_no_phone_number() -> None:
    (target,) = _targets("II. MỤC TIÊU CỤ THỂ\n- Tỷ lệ người dân có điện thoại thông minh trên 85%.\n")
    assert (target.comparator, target.value) == (">", 85.0)


def test_award_quotas_are_not_targets_even_in_a_target_list() -> None:
    targets = _targets(
        "II. NỘI DUNG THI ĐUA\nCác tập thể hoàn thành các chỉ tiêu cụ thể như sau:\n"
        "- 90% hộ gia đình đạt danh hiệu gia đình văn hóa.\n- Tặng bằng khen cho 10 tập thể tiêu biểu.\n"
    )
    assert [(t.value, t.indicator) for t in targets] == [(90.0, "Hộ gia đình đạt danh hiệu gia đình văn hóa")]


def test_a_lead_in_sentence_without_a_colon_lists_targets() -> None:
    targets = _targets(
        "I. NỘI DUNG\nMục tiêu của Kế hoạch là giảm tỷ lệ trẻ em suy dinh dưỡng thấp còi xuống dưới 12%; "
        "95% trẻ em dưới 1 tuổi được tiêm chủng đầy đủ; 100% trạm y tế xã có bác sĩ.\n"
    )
    assert [(t.comparator, t.value) for t in targets] == [("<", 12.0), ("=", 95.0), ("=", 100.0)]
    assert targets[0].indicator == "Giảm tỷ lệ trẻ em suy dinh dưỡng thấp còi"
    assert targets[1].reason == "figure in a target section"


def test_conditions_definitions_and_present_states_are_not_targets() -> None:
    assert (
        _targets(
            "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
            "- Hiện nay, toàn huyện có khoảng 120 trang trại, trong đó có 15 trang trại đạt chuẩn.\n"
            "- Phát cảnh báo khi mực nước vượt trên 4 mét.\n"
            "- Các kho lạnh lớn (>500 m2) được kiểm tra định kỳ.\n"
        )
        == []
    )


def test_a_footnote_in_a_task_section_gives_no_target() -> None:
    assert _targets("III. NHIỆM VỤ, GIẢI PHÁP\n[3] Trong đó có trên 35% lao động nữ tham gia.\n") == []


# --- restatements, confidence and reason --------------------------------------------------------------


def test_a_target_restated_in_the_task_section_is_kept_once() -> None:
    filler = "Tăng cường phối hợp giữa các cơ quan chuyên môn trong công tác kiểm tra, giám sát. " * 5
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Tối thiểu 65% diện tích lúa áp dụng quy trình canh tác giảm phát thải.\n\n"
        f"III. NHIỆM VỤ, GIẢI PHÁP\n1. {filler}\n"
        "2. Phấn đấu tối thiểu 65% diện tích lúa của huyện áp dụng quy trình canh tác giảm phát thải.\n"
    )
    assert [(t.comparator, t.value) for t in targets] == [(">=", 65.0)]


def test_every_target_says_how_sure_and_why() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n- Tỷ lệ hộ dùng nước sạch đạt 95%.\n\n"
        "III. NHIỆM VỤ, GIẢI PHÁP\n1. Bảo đảm 100% trường học có nhà vệ sinh đạt chuẩn.\n"
    )
    sure, doubtful = targets
    assert sure.confidence is not None
    assert doubtful.confidence is not None
    assert sure.confidence > doubtful.confidence
    assert sure.reason == "figure in a target section"
    assert doubtful.reason == "quota in a tasks section"
    assert {"confidence", "reason"} <= set(doubtful.to_json())


def test_the_area_closing_each_subject_of_a_value_list_is_its_scope() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- 97% nước thải y tế đô thị, 80% nước thải y tế nông thôn được xử lý đạt quy chuẩn.\n"
    )
    assert [(t.value, t.scope) for t in targets] == [(97.0, "Đô thị"), (80.0, "Nông thôn")]
    assert all(t.indicator == "Nước thải y tế được xử lý đạt quy chuẩn" for t in targets)


def test_a_duty_repeating_a_target_in_its_own_words_is_merged_into_it() -> None:
    filler = "Tăng cường phối hợp giữa các cơ quan chuyên môn trong công tác kiểm tra, giám sát. " * 5
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- 100% xe buýt nội tỉnh sử dụng nhiên liệu sạch, thân thiện môi trường.\n\n"
        f"IV. TỔ CHỨC THỰC HIỆN\n1. Sở Xây dựng:\n- {filler}\n"
        "- Bảo đảm 100% xe buýt nội tỉnh của các tuyến sử dụng nhiên liệu sạch vào năm 2030.\n"
    )
    assert [(t.value, t.responsible) for t in targets] == [(100.0, "Sở Xây dựng")]


def test_a_place_that_has_a_count_is_the_scope_of_that_count() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Toàn tỉnh có 300 điểm sinh hoạt văn hóa cộng đồng. Trong đó, huyện Mỹ Lộc có tối thiểu "
        "40 điểm sinh hoạt văn hóa cộng đồng.\n"
    )
    assert [(t.comparator, t.value, t.scope) for t in targets] == [
        ("=", 300.0, "Toàn tỉnh"),
        (">=", 40.0, "Huyện Mỹ Lộc"),
    ]
    assert all(t.indicator.startswith("Điểm sinh hoạt văn hóa") for t in targets)


def test_a_comparator_before_a_list_of_counts_applies_to_each() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Thành lập ít nhất 30 tổ hợp tác, 12 hợp tác xã dịch vụ nông nghiệp; trên 80% xã và 100% thị trấn "
        "có điểm thu gom bao bì thuốc bảo vệ thực vật.\n"
    )
    assert [(t.comparator, t.value) for t in targets] == [
        (">=", 30.0),
        (">=", 12.0),
        (">", 80.0),
        ("=", 100.0),
    ]


def test_year_on_year_improvement_and_thorough_handling_are_end_states() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Đối với các thị trấn, chỉ số hài lòng của người dân năm sau cao hơn năm trước.\n"
        "- Các điểm ngập úng cục bộ trong nội thị được xử lý dứt điểm.\n"
        "- Hình thành và đưa vào hoạt động sàn giao dịch nông sản trực tuyến của huyện.\n"
    )
    assert [(t.comparator, t.frequency) for t in targets] == [
        ("qualitative", "annual"),
        ("qualitative", None),
        ("qualitative", None),
    ]
    assert targets[0].indicator.startswith("Chỉ số hài lòng của người dân")
    assert targets[1].indicator.startswith("Các điểm ngập úng cục bộ")
    assert targets[2].indicator.startswith("Sàn giao dịch nông sản")


def test_men_and_women_are_scopes_like_areas() -> None:
    targets = _targets(
        "II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030\n"
        "- Tỷ lệ lao động có việc làm ổn định ở nam đạt 72% và ở nữ đạt 66%.\n"
    )
    assert [(t.value, t.scope, t.indicator) for t in targets] == [
        (72.0, "Nam", "Tỷ lệ lao động có việc làm ổn định"),
        (66.0, "Nữ", "Tỷ lệ lao động có việc làm ổn định"),
    ]


def test_an_allocation_table_gives_each_place_its_figures() -> None:
    table = (
        "PHỤ LỤC\nCHỈ TIÊU PHÂN BỔ CHO CÁC XÃ NĂM 2027\n|\nTT\n|\nTên xã\n|\n"
        "Số nhà văn hóa xây mới (nhà)\n|\nTỷ lệ hộ dùng nước sạch (%)\n|\n|\n"
        "1\n|\nXã Tân Phú\n|\n4\n|\n97\n|\n|\n"
        "2\n|\nXã Long Điền\n|\n2\n|\n92,5\n|\n|\n"
    )
    targets = _targets(table)
    assert [(t.scope, t.indicator, t.value, t.unit, t.target_year) for t in targets] == [
        ("Xã Tân Phú", "Số nhà văn hóa xây mới", 4.0, "nhà", 2027),
        ("Xã Tân Phú", "Tỷ lệ hộ dùng nước sạch", 97.0, "%", 2027),
        ("Xã Long Điền", "Số nhà văn hóa xây mới", 2.0, "nhà", 2027),
        ("Xã Long Điền", "Tỷ lệ hộ dùng nước sạch", 92.5, "%", 2027),
    ]
    assert {t.reason for t in targets} == {"allocation table row"}
