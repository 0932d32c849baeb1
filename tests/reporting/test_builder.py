"""build_report: the content of a report from hand-made facts (no database)."""

from datetime import date

from tests.reporting.factories import report_facts

from planwatch.domain.vocabulary import Status
from planwatch.reporting import render_docx, render_xlsx
from planwatch.reporting.builder import build_report
from planwatch.reporting.content import (
    BlockStyle,
    Paragraph,
    ReviewKind,
    SenderState,
    SenderTimeliness,
    TableBlock,
    Timeliness,
)


def _texts(section_index: int, **overrides: object) -> list[str]:
    content = build_report(report_facts(**overrides))
    return [b.text for b in content.sections[section_index].blocks if isinstance(b, Paragraph)]


def test_the_header_names_todays_coordinator_and_leaves_the_number_to_the_clerk() -> None:
    content = build_report(report_facts())

    header = content.header
    assert (header.body.parent, header.body.name) == ("UBND TỈNH AN GIANG", "SỞ NỘI VỤ")
    assert header.number_line.startswith("Số:")
    assert header.number_line.endswith("/BC-SNV")
    assert header.place_date == "An Giang, ngày 20 tháng 11 năm 2026"
    assert header.type_name == "BÁO CÁO"
    assert header.summary == (
        "Kết quả thực hiện Kế hoạch số 219/KH-UBND ngày 08/07/2024 của UBND tỉnh Kiên Giang năm 2026"
    )


def test_the_five_sections_of_a_yearly_report() -> None:
    content = build_report(report_facts())

    assert [s.heading for s in content.sections] == [
        "I. TÌNH HÌNH TRIỂN KHAI",
        "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
    ]


def test_without_a_reporting_round_section_one_says_so_and_invents_nothing() -> None:
    section = build_report(report_facts()).sections[0]

    texts = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    assert any("Năm 2026 chưa có đợt báo cáo nào của Kế hoạch số 219/KH-UBND" in text for text in texts)
    assert not any("đơn vị phải gửi" in text for text in texts)
    assert not any(isinstance(b, TableBlock) for b in section.blocks)


def test_a_reporting_round_is_counted_and_listed_missing_senders_first() -> None:
    timeliness = Timeliness(
        deadline=date(2026, 11, 15),
        senders=(
            SenderTimeliness("Sở Y tế tỉnh An Giang", "Sở Y tế", SenderState.ON_TIME, date(2026, 11, 10)),
            SenderTimeliness("Sở Xây dựng tỉnh An Giang", "Sở Xây dựng", SenderState.MISSING),
            SenderTimeliness("Sở Nội vụ tỉnh An Giang", "Sở LĐTBXH", SenderState.LATE, date(2026, 11, 20)),
        ),
    )

    content = build_report(report_facts(timeliness=timeliness))

    blocks = content.sections[0].blocks
    assert any(
        isinstance(b, Paragraph)
        and "(hạn 15/11/2026) có 3 đơn vị phải gửi: 1 đơn vị gửi đúng hạn, 1 đơn vị gửi trễ hạn,"
        " 1 đơn vị chưa gửi"
        in b.text
        for b in blocks
    )
    table = next(b for b in blocks if isinstance(b, TableBlock))
    assert [row[3] for row in table.rows] == ["Chưa gửi", "Trễ hạn", "Đúng hạn"]
    assert table.rows[1][1:] == ("Sở Nội vụ tỉnh An Giang", "Sở LĐTBXH", "Trễ hạn", "20/11/2026")


def test_tasks_and_duties_name_todays_agencies_and_the_documents() -> None:
    texts = _texts(0)

    assert any("chủ trì: Sở Nội vụ tỉnh An Giang (trước đây là Sở Lao động" in text for text in texts)
    assert any(
        text.startswith("- Hằng năm: Báo cáo hằng năm") and "trước ngày 15/11" in text for text in texts
    )


def test_section_two_has_one_sentence_per_target_under_its_group() -> None:
    blocks = build_report(report_facts()).sections[1].blocks

    items = [b.text for b in blocks if isinstance(b, Paragraph) and b.style is BlockStyle.ITEM]
    bullets = [b.text for b in blocks if isinstance(b, Paragraph) and b.style is BlockStyle.BULLET]
    assert items == ["1. Phát triển nguồn nhân lực", "2. Trợ giúp xã hội và giảm nghèo", "3. Nhà ở"]
    assert len(bullets) == 4
    assert "- Tỷ lệ hộ nghèo đa chiều năm 2026 là 1,1 %, đạt mục tiêu dưới 2 % đến năm 2030." in bullets


def test_the_assessment_lists_targets_needing_action_worst_first_then_counts() -> None:
    section = build_report(report_facts()).sections[2]

    texts = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    off_track = [t for t in texts if t.startswith("- ")]
    assert [t.split(" (")[0] for t in off_track] == [
        "- Xây dựng căn hộ nhà ở xã hội",
        "- Tỷ lệ lao động qua đào tạo",
    ]
    assert texts.index("1. Các chỉ tiêu cần tập trung chỉ đạo, đẩy nhanh tiến độ") < texts.index(
        "2. Tổng hợp theo mức đánh giá"
    )
    table = next(b for b in section.blocks if isinstance(b, TableBlock))
    assert table.rows == (
        ("Đã đạt", "1", "25,0"),
        ("Cần đẩy nhanh", "1", "25,0"),
        ("Đi lùi", "1", "25,0"),
        ("Chưa có số liệu", "1", "25,0"),
        ("Tổng số", "4", "100,0"),
    )


def test_without_narratives_directions_and_proposals_are_left_for_the_coordinator() -> None:
    sections = build_report(report_facts()).sections

    for section in sections[3:]:
        assert [b.style for b in section.blocks if isinstance(b, Paragraph)] == [BlockStyle.PLACEHOLDER]


def test_recipients_are_the_body_reported_to_the_monitoring_agencies_and_the_archive() -> None:
    content = build_report(report_facts())

    assert content.recipients == (
        "- UBND tỉnh An Giang (để báo cáo);",
        "- Sở Giáo dục và Đào tạo tỉnh An Giang;",
        "- Sở Nông nghiệp và Môi trường tỉnh An Giang;",
        "- Sở Xây dựng tỉnh An Giang;",
        "- Lưu: VT, ….",
    )
    assert content.header.body.signature == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_the_annex_has_one_row_per_target_grouped_and_numbered_through() -> None:
    annex = build_report(report_facts()).annex

    assert annex.heading == "Phụ lục I"
    assert annex.years == (2025, 2026)
    assert [(g.number, g.title) for g in annex.groups] == [
        ("I", "Phát triển nguồn nhân lực"),
        ("II", "Trợ giúp xã hội và giảm nghèo"),
        ("III", "Nhà ở"),
    ]
    assert [(r.number, r.key) for r in annex.rows] == [(1, "t5"), (2, "t12"), (3, "t42"), (4, "t43")]
    poverty = annex.rows[1]
    assert (poverty.goal, poverty.values, poverty.status) == ("< 2 (2030)", (1.5, 1.1), Status.ACHIEVED)
    assert poverty.responsible == "Sở Nông nghiệp và Môi trường tỉnh An Giang (trước đây là Sở LĐTBXH)"


def test_charts_are_drawn_for_the_targets_off_track_only() -> None:
    content = build_report(report_facts())

    assert [c.title for c in content.charts] == [
        "1. Tỷ lệ lao động qua đào tạo",
        "3. Xây dựng căn hộ nhà ở xã hội",
    ]
    assert content.charts_heading == "Phụ lục II"


def test_a_five_year_review_starts_no_earlier_than_the_plan_and_shows_each_status_change() -> None:
    content = build_report(report_facts(review=ReviewKind.FIVE_YEAR))

    assert content.annex.years == (2024, 2025, 2026)
    assert content.annex.is_review
    assert content.header.summary == (
        "Sơ kết 5 năm thực hiện Kế hoạch số 219/KH-UBND ngày 08/07/2024 của UBND tỉnh Kiên Giang"
        " (giai đoạn 2024–2026)"
    )
    texts = [b.text for b in content.sections[1].blocks if isinstance(b, Paragraph)]
    assert any(
        "Đánh giá qua các năm: từ Chậm tiến độ (2025) chuyển sang Cần đẩy nhanh (2026)." in t for t in texts
    )
    assert content.file_stem == "Bao-cao-219-KH-UBND-2026-so-ket-5-nam"


def test_a_later_review_covers_five_years() -> None:
    content = build_report(report_facts(year=2028, review=ReviewKind.FIVE_YEAR))

    assert content.annex.years == (2024, 2025, 2026, 2027, 2028)


def test_illustrative_figures_are_flagged_in_the_content_and_said_in_section_one() -> None:
    content = build_report(report_facts(is_demo=True))

    assert content.is_demo
    assert all(chart.is_demo for chart in content.charts)
    assert any("số liệu minh họa" in t for t in _texts(0, is_demo=True))


def test_a_document_without_targets_still_makes_a_complete_report() -> None:
    content = build_report(report_facts(targets=(), raw_values=()))

    assert [b.text for b in content.sections[1].blocks if isinstance(b, Paragraph)] == [
        "Văn bản không có chỉ tiêu định lượng."
    ]
    assert (content.annex.rows, content.charts) == ((), ())
    assert render_docx(content)[:2] == b"PK"
    assert render_xlsx(content)[:2] == b"PK"
