"""A report an official can sign (issue #16): narratives credited to their agencies, estimates said as
such, the territory and today's agencies named, the base column filled, the review comparing the
start and end of the period with the causes given, and the Party's header for a Tỉnh ủy."""

import io
from dataclasses import replace

from docx import Document
from tests.reporting.factories import housing, report_facts, trained_labour

from planwatch.domain.vocabulary import Status
from planwatch.evaluation import BaselinePoint
from planwatch.reporting import build_report, render_docx
from planwatch.reporting.builder import territory_phrase, with_todays_agencies
from planwatch.reporting.content import (
    BlockStyle,
    DutyFacts,
    Narrative,
    NarrativePart,
    Paragraph,
    ReviewKind,
    TableBlock,
    YearResult,
)
from planwatch.reporting.narratives import narrative_template
from planwatch.reporting.wording import issuing_body, target_sentence


def _texts(section: object) -> list[str]:
    return [b.text for b in section.blocks if isinstance(b, Paragraph)]  # type: ignore[attr-defined]


def test_each_agencys_parts_are_assembled_under_their_headings_and_credited() -> None:
    facts = report_facts(
        narratives=(
            Narrative(
                "Sở Y tế tỉnh An Giang",
                NarrativePart.SHORTCOMINGS,
                "- Thiếu bác sĩ ở tuyến xã.\nVì lương thấp.",
            ),
            Narrative("Sở Nội vụ tỉnh An Giang", NarrativePart.DIRECTIONS, "- Mở thêm lớp dạy nghề."),
            Narrative("Sở Y tế tỉnh An Giang", NarrativePart.PROPOSALS, "- Tăng biên chế trạm y tế."),
            Narrative("Sở Y tế tỉnh An Giang", NarrativePart.RESULTS, "Khám chữa bệnh ổn định."),
        )
    )
    sections = build_report(facts).sections

    assessment = sections[2].blocks
    shortcomings = [b for b in assessment if isinstance(b, Paragraph)]
    heading = next(
        i for i, b in enumerate(shortcomings) if b.text.endswith("Tồn tại, hạn chế và nguyên nhân")
    )
    assert [(b.text, b.style) for b in shortcomings[heading + 1 :]] == [
        ("Sở Y tế tỉnh An Giang:", BlockStyle.POINT),
        ("- Thiếu bác sĩ ở tuyến xã.", BlockStyle.BULLET),
        ("Vì lương thấp.", BlockStyle.BODY),
    ]
    assert _texts(sections[3]) == ["Sở Nội vụ tỉnh An Giang:", "- Mở thêm lớp dạy nghề."]
    assert sections[3].heading == "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027"
    assert _texts(sections[4]) == ["Sở Y tế tỉnh An Giang:", "- Tăng biên chế trạm y tế."]
    assert "Sở Y tế tỉnh An Giang:" in _texts(sections[1])
    assert "Khám chữa bệnh ổn định." in _texts(sections[1])


def test_the_template_prefills_what_the_figures_say_and_leaves_the_causes_to_the_agency() -> None:
    targets = [trained_labour(), housing()]

    results = narrative_template(NarrativePart.RESULTS, targets, 2026)
    shortcomings = narrative_template(NarrativePart.SHORTCOMINGS, targets, 2026)
    directions = narrative_template(NarrativePart.DIRECTIONS, targets, 2026)

    assert f"- {target_sentence(trained_labour(), 2026)}" in results.splitlines()
    assert "Tỷ lệ lao động qua đào tạo: cần đẩy nhanh" in shortcomings
    assert "Nguyên nhân: …" in shortcomings
    assert "Tập trung đẩy nhanh chỉ tiêu Tỷ lệ lao động qua đào tạo" in directions
    assert "năm 2027" in directions


def test_an_estimated_figure_is_said_to_be_one_in_the_sentence_the_annex_and_section_one() -> None:
    estimated = trained_labour(estimated_years=frozenset({2026}))
    facts = report_facts(targets=(estimated, housing()))
    content = build_report(facts)

    assert "ước thực hiện năm 2026 là 64 %" in target_sentence(estimated, 2026)
    assert "năm 2026 là 150 căn hộ" in target_sentence(housing(), 2026)
    assert "ước thực hiện" not in target_sentence(housing(), 2026)
    data = " ".join(_texts(content.sections[0]))
    assert "Trong 2 chỉ tiêu có số liệu năm 2026, 1 chỉ tiêu là số ước thực hiện" in data
    all_estimated = build_report(report_facts(targets=(estimated,)))
    assert all_estimated.annex.year_headings == ("Thực hiện năm 2025", "Ước thực hiện năm 2026")
    cells = [
        [c.text for c in row.cells]
        for row in Document(io.BytesIO(render_docx(content))).tables[-1].rows
        if row.cells[0].text.isdigit()
    ]
    assert cells[0][6] == "64\n(ước)"  # an estimate in a year of results is marked in its cell
    assert "(ước)" not in cells[1][6]


def test_the_territory_and_the_predecessor_area_are_stated() -> None:
    facts = report_facts()
    content = build_report(facts)

    assert territory_phrase(facts) == "địa bàn tỉnh Kiên Giang (cũ), nay thuộc tỉnh An Giang"
    assert any(
        "Phạm vi báo cáo: địa bàn tỉnh Kiên Giang (cũ), nay thuộc tỉnh An Giang" in t
        for t in _texts(content.sections[0])
    )
    assert content.annex.subtitle.endswith("địa bàn tỉnh Kiên Giang (cũ), nay thuộc tỉnh An Giang)")
    same = replace(facts, document=replace(facts.document, province="An Giang"))
    assert territory_phrase(same) == "địa bàn tỉnh An Giang"


def test_todays_agencies_are_named_with_the_former_name_in_brackets() -> None:
    facts = report_facts(
        duties=(
            DutyFacts(
                what="Sở Lao động - Thương binh và Xã hội tổng hợp ý kiến của UBND các huyện, thành phố",
                frequency=report_facts().duties[0].frequency,
                deadline=None,
                to="UBND tỉnh",
                via="Sở Lao động - Thương binh và Xã hội",
                via_today="Sở Nội vụ tỉnh An Giang",
            ),
        )
    )

    text = with_todays_agencies(facts.duties[0].what, facts)
    short = with_todays_agencies("gửi qua Sở LĐTBXH để tổng hợp", facts)

    assert text == (
        "Sở Nội vụ tỉnh An Giang (trước đây là Sở Lao động - Thương binh và Xã hội) tổng hợp ý kiến của"
        " UBND cấp xã (trước đây là UBND các huyện, thành phố)"
    )
    assert short == "gửi qua Sở Nội vụ tỉnh An Giang (trước đây là Sở LĐTBXH) để tổng hợp"
    deployment = " ".join(_texts(build_report(facts).sections[0]))
    assert "Sở Lao động - Thương binh và Xã hội tổng hợp" not in deployment


def test_the_base_column_shows_a_year_even_without_a_stated_baseline() -> None:
    unstated = housing(
        baseline=None,
        results=(
            YearResult(2026, Status.DETERIORATING, 2026, 150.0, reference_year=2024, reference_value=120.0),
        ),
    )
    rows = build_report(report_facts(targets=(trained_labour(), unstated))).annex.rows

    assert (rows[0].baseline_value, rows[0].baseline_year) == (60.0, 2023)  # the stated one
    assert (rows[1].baseline_value, rows[1].baseline_year) == (120.0, 2024)  # the first figure


def test_the_review_compares_start_and_end_of_every_target_with_the_cause_given() -> None:
    trained = trained_labour(
        baseline=BaselinePoint(2022, 60.0),
        causes=((2026, "Doanh nghiệp ít tuyển lao động qua đào tạo."),),
        results=(
            YearResult(2024, Status.LIMITED_PROGRESS, 2023, 60.0),
            YearResult(2025, Status.LIMITED_PROGRESS, 2025, 63.0),
            YearResult(2026, Status.NEEDS_ACCELERATION, 2026, 64.0),
        ),
    )
    facts = report_facts(review=ReviewKind.FIVE_YEAR, targets=(trained, housing()))
    blocks = build_report(facts).sections[2].blocks
    table = next(
        b for b in blocks if isinstance(b, TableBlock) and "Nguyên nhân (cơ quan báo cáo)" in b.headers
    )

    assert table.headers[2:4] == ("Đầu kỳ (2024)", "Cuối kỳ (2026)")
    assert len(table.rows) == 2
    assert table.rows[0][2:4] == ("60 % (2022)", "64 % (2026)")
    assert table.rows[0][-1] == "Doanh nghiệp ít tuyển lao động qua đào tạo."
    assert table.rows[1][-1] == "Chưa nêu"


def test_a_party_committee_report_has_the_party_header() -> None:
    body = issuing_body("Tỉnh ủy An Giang", "An Giang")
    content = build_report(report_facts(coordinator="Tỉnh ủy An Giang"))
    header = Document(io.BytesIO(render_docx(content))).tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text]

    assert (body.parent, body.name, body.party) == ("ĐẢNG BỘ TỈNH AN GIANG", "TỈNH ỦY", True)
    assert content.header.number_line.replace(" ", "") == "Số-BC/TU"
    assert left == ["ĐẢNG BỘ TỈNH AN GIANG", "TỈNH ỦY", "*"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert header.cell(0, 1).paragraphs[0].runs[0].underline
    assert header.cell(1, 0).text.startswith("Số ")
    assert header.cell(1, 0).text.endswith("-BC/TU")
    assert "CỘNG HÒA" not in " ".join(right)
    assert content.header.body.signature == ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")


def test_a_state_body_keeps_the_state_header() -> None:
    content = build_report(report_facts())

    assert content.header.body.national_title == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    )
    assert content.header.number_line.startswith("Số: ")
    assert content.header.number_line.endswith("/BC-SNV")
