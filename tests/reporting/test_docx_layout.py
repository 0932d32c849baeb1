"""The docx report opened with python-docx: the layout of Nghị định 30/2020, header texts, fonts, the
annex and the demo label."""

import io
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from tests.reporting.factories import report_facts

from planwatch.reporting import build_report, render_docx
from planwatch.reporting.content import DEMO_BANNER

FONT = "Times New Roman"


@pytest.fixture(scope="module")
def demo_document() -> Any:
    return Document(io.BytesIO(render_docx(build_report(report_facts(is_demo=True)))))


@pytest.fixture(scope="module")
def document() -> Any:
    return Document(io.BytesIO(render_docx(build_report(report_facts()))))


def _all_runs(document: Any) -> list[Any]:
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                runs += [run for paragraph in cell.paragraphs for run in paragraph.runs]
    return runs


def _header_texts(header: Any) -> str:
    return "\n".join(p.text for p in header.paragraphs)


def _mm(length: int) -> float:
    """A length in millimetres to 0.1 mm (Word stores twentieths of a point)."""
    return round(length / Mm(1), 1)


def test_pages_are_a4_with_the_decree_margins(document: Any) -> None:
    body, annex = document.sections[0], document.sections[1]

    assert (_mm(body.page_width), _mm(body.page_height)) == (210.0, 297.0)
    margins = (body.top_margin, body.bottom_margin, body.left_margin, body.right_margin)
    assert [_mm(m) for m in margins] == [20.0, 20.0, 30.0, 15.0]
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert (_mm(annex.page_width), _mm(annex.page_height)) == (297.0, 210.0)


def test_body_text_is_times_new_roman_14_justified_with_a_first_line_indent(document: Any) -> None:
    normal = document.styles["Normal"]

    assert normal.font.name == FONT
    assert normal.font.size == Pt(14)
    layout = normal.paragraph_format
    assert (layout.alignment, layout.first_line_indent, layout.space_after) == (
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        Cm(1.27),
        Pt(6),
    )


def test_every_style_and_run_uses_times_new_roman_in_every_script_slot(document: Any) -> None:
    fonts = document.styles.element.findall(f".//{qn('w:rFonts')}")

    assert fonts
    for element in fonts:
        assert {element.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {FONT}
        assert element.get(qn("w:asciiTheme")) is None
    assert {run.font.name for run in _all_runs(document)} <= {None, FONT}


def test_the_header_table_has_the_issuing_body_and_the_national_title(document: Any) -> None:
    table = document.tables[0]

    left = [p.text for p in table.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in table.cell(0, 1).paragraphs if p.text]
    assert left == ["UBND TỈNH AN GIANG", "SỞ NỘI VỤ"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert table.cell(0, 0).paragraphs[1].runs[0].bold
    assert not table.cell(0, 0).paragraphs[0].runs[0].bold
    assert table.cell(1, 0).text.replace(" ", "") == "Số:/BC-SNV"
    date_run = table.cell(1, 1).paragraphs[0].runs[0]
    assert (date_run.text, date_run.italic) == ("An Giang, ngày 20 tháng 11 năm 2026", True)


def test_the_type_name_summary_sections_and_signature(document: Any) -> None:
    texts = [p.text for p in document.paragraphs]

    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].bold
    assert (
        "Kết quả thực hiện Kế hoạch số 219/KH-UBND ngày 08/07/2024 của UBND tỉnh Kiên Giang năm 2026" in texts
    )
    headings = [t for t in texts if t[:3] in ("I. ", "II.", "III", "IV.", "V. ")]
    assert headings == [
        "I. TÌNH HÌNH TRIỂN KHAI",
        "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
    ]
    signature = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    received = signature.cell(0, 0).paragraphs[0].runs[0]
    assert (received.bold, received.italic, received.font.size) == (True, True, Pt(12))
    assert signature.cell(0, 0).paragraphs[-1].text == "- Lưu: VT, …."
    assert [p.text for p in signature.cell(0, 1).paragraphs if p.text][:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


def test_page_numbers_are_in_the_header_but_not_on_the_first_page(document: Any) -> None:
    for section in document.sections:
        assert section.different_first_page_header_footer
        assert 'w:instr="PAGE"' in section.header._element.xml
        assert "PAGE" not in section.first_page_header._element.xml
    annex = document.sections[1]._sectPr.find(qn("w:pgNumType"))
    assert annex.get(qn("w:start")) == "1"


def test_the_annex_has_its_heading_and_one_row_per_target_with_vietnamese_numbers(document: Any) -> None:
    heading = next(p for p in document.paragraphs if p.text == "Phụ lục I")
    table = document.tables[-1]

    assert (heading.runs[0].bold, heading.runs[0].font.size) == (True, Pt(14))
    assert [c.text for c in table.rows[0].cells] == [
        "TT",
        "Chỉ tiêu",
        "ĐVT",
        "Mục tiêu",
        "Cơ sở (năm gốc)",
        "Thực hiện năm 2025",
        "Thực hiện năm 2026",
        "Đánh giá",
        "Đơn vị theo dõi",
    ]
    targets = [[c.text for c in row.cells] for row in table.rows[1:] if row.cells[0].text.isdigit()]
    groups = [row.cells[0].text for row in table.rows[1:] if not row.cells[0].text.isdigit()]
    assert [row[0] for row in targets] == ["1", "2", "3", "4"]
    assert groups == ["I", "II", "III"]
    assert targets[0][2:8] == ["%", "80 (2030)", "60\n(2023)", "63", "64", "Cần đẩy nhanh"]
    assert targets[1][5:8] == ["1,5", "1,1", "Đã đạt"]
    assert targets[2][5:7] == ["200", "150"]


def test_off_track_targets_are_charted_in_the_second_annex(document: Any) -> None:
    assert any(p.text == "Phụ lục II" for p in document.paragraphs)
    assert len(document.inline_shapes) == 2


def test_illustrative_figures_put_the_label_on_every_page_of_every_section(demo_document: Any) -> None:
    for section in demo_document.sections:
        assert DEMO_BANNER in _header_texts(section.header)
        assert DEMO_BANNER in _header_texts(section.first_page_header)


def test_real_figures_carry_no_demo_label(document: Any) -> None:
    for section in document.sections:
        assert DEMO_BANNER not in _header_texts(section.header) + _header_texts(section.first_page_header)
