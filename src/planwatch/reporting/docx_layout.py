"""Lay a report out as a Word document in the format of Nghị định 30/2020/NĐ-CP, Phụ lục I (domain.md §6).

A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman everywhere (set on
every style, East Asian and complex-script slots included, so no theme font leaks in); body 14 pt
justified with a 1.27 cm first-line indent and 6 pt after; page numbers centred in the top margin,
none on the first page. Phụ lục I (every target) is a landscape section with its own page numbers;
Phụ lục II holds the charts of the targets off track. Illustrative figures put ``SỐ LIỆU MINH HỌA``
in the header of every page of every section.
"""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from planwatch.reporting.chart import chart_pngs
from planwatch.reporting.content import (
    DEMO_BANNER,
    AnnexRow,
    AnnexTable,
    BlockStyle,
    Paragraph,
    ReportContent,
    Section,
    TableBlock,
)
from planwatch.reporting.wording import cell_text

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TABLE_SIZE = 12
TABLE_STYLE = "Table Text"
TABLE_STYLE_ID = "TableText"
DEMO_RED = RGBColor(0xB3, 0x26, 0x1E)
A4_SHORT, A4_LONG = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH_CM = 16.5  # 210 − 30 − 15 mm
LANDSCAPE_TEXT_WIDTH_CM = 25.2  # 297 − 30 − 15 mm

Doc = Any  # python-docx ships no type information for its objects


def render_docx(content: ReportContent) -> bytes:
    """The report as a .docx file.

    Args:
        content: what ``build_report`` made.

    Returns:
        The bytes of the Word file.
    """
    document = Document()
    _set_styles(document)
    document.core_properties.title = content.header.summary
    document.core_properties.language = "vi-VN"
    document.core_properties.author = "planwatch"
    section = document.sections[0]
    _page_setup(section, landscape=False)
    _headers(section, content.is_demo, restart=False)
    _header_table(document, content)
    _title(document, content)
    for part in content.sections:
        _section(document, part)
    _signature(document, content)
    _annex(document, content)
    if content.charts:
        _charts(document, content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- styles and pages -----------------------------------------------------------------------------


def _set_fonts(element: Any) -> None:
    """Times New Roman in every font slot of a run-properties element."""
    fonts = element.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element.insert(0, fonts)
    _times(fonts)


def _times(fonts: Any) -> None:
    """Times New Roman in every slot of an ``rFonts`` element, theme fonts (which would win) removed."""
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _set_language(run_properties: Any) -> None:
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), "vi-VN")


def _set_styles(document: Doc) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(run_defaults)
    _set_language(run_defaults)
    for style in styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            _set_fonts(style.element.get_or_add_rPr())
            if style.type is not WD_STYLE_TYPE.TABLE:
                style.font.color.rgb = RGBColor(0, 0, 0)
    for fonts in styles.element.iter(qn("w:rFonts")):  # table styles' conditional parts too
        _times(fonts)
    normal = styles["Normal"]
    normal.font.size = BODY_SIZE
    paragraph = normal.paragraph_format
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.first_line_indent = Cm(1.27)
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(6)
    paragraph.line_spacing = 1.0
    table_text = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.style_id = TABLE_STYLE_ID
    table_text.base_style = normal
    _set_fonts(table_text.element.get_or_add_rPr())
    table_text.font.size = Pt(TABLE_SIZE)
    table_text.paragraph_format.first_line_indent = Cm(0)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _page_setup(section: Doc, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _headers(section: Doc, is_demo: bool, *, restart: bool) -> None:
    """Page number centred in the top margin except on the first page; the demo label on every page."""
    section.different_first_page_header_footer = True
    for header in (section.header, section.first_page_header):
        header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    _plain(number, WD_ALIGN_PARAGRAPH.CENTER)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    number._p.append(field)
    first = section.first_page_header.paragraphs[0]
    _plain(first, WD_ALIGN_PARAGRAPH.CENTER)
    if is_demo:
        for header in (section.header, section.first_page_header):
            paragraph = header.add_paragraph() if header is section.header else header.paragraphs[0]
            _plain(paragraph, WD_ALIGN_PARAGRAPH.CENTER)
            run = paragraph.add_run(DEMO_BANNER)
            run.bold = True
            run.font.size = Pt(12)
            run.font.color.rgb = DEMO_RED
    if restart:
        page_numbers = OxmlElement("w:pgNumType")
        page_numbers.set(qn("w:start"), "1")
        section._sectPr.append(page_numbers)


# --- paragraphs -----------------------------------------------------------------------------------


def _plain(paragraph: Doc, alignment: Any = WD_ALIGN_PARAGRAPH.CENTER, *, after: float = 0) -> Doc:
    """A paragraph without the body's indent, for headers, tables and the signature."""
    layout = paragraph.paragraph_format
    layout.alignment = alignment
    layout.first_line_indent = Cm(0)
    layout.space_after = Pt(after)
    return paragraph


_NUMBER_AND_SIGN = re.compile(r"(\d) (%|‰)")


def _add_run(
    paragraph: Doc, text: str, *, size: float | None = None, bold: bool = False, italic: bool = False
) -> Doc:
    # "99,5 %" never wraps between the number and its sign.
    run = paragraph.add_run(_NUMBER_AND_SIGN.sub("\\1\u00a0\\2", text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size is not None:
        run.font.size = Pt(size)
    return run


def _rule(container: Doc, width_cm: float, available_cm: float, *, first: bool = False) -> None:
    """A short horizontal rule, centred: an empty 2 pt paragraph with a bottom border."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    _plain(paragraph)
    indent = Cm(max(0.0, (available_cm - width_cm) / 2))
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.line_spacing = Pt(2)
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    properties.append(borders)
    _add_run(paragraph, "", size=2)


def _text_width_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """A rough printed width of Times New Roman text (about half an em per character)."""
    return len(text) * size_pt * (0.5 if bold else 0.46) * 2.54 / 72


# Advance widths of Times New Roman in em, by kind of character (capitals and wide letters are wider).
_WIDE = set("MWmw%@")


def _word_width_cm(word: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of one word, erring on the wide side: a column at least this wide never
    breaks it."""
    ems = 0.0
    for char in word:
        if char in _WIDE:
            ems += 0.95
        elif char.isupper():
            ems += 0.74
        elif char in ".,;:'/()-|!i l":
            ems += 0.33
        else:
            ems += 0.52
    return ems * size_pt * (1.06 if bold else 1.0) * 2.54 / 72


CELL_PADDING_CM = 0.45  # Word's and LibreOffice's default left and right cell margins, with slack


def _longest_word_cm(texts: list[str], size_pt: float, *, bold: bool = False) -> float:
    words = [word for text in texts for word in text.split()]
    return max((_word_width_cm(w, size_pt, bold=bold) for w in words), default=0.0) + CELL_PADDING_CM


def _no_borders(table: Doc) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _widths(table: Doc, widths_cm: list[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _header_table(document: Doc, content: ReportContent) -> None:
    """Issuing body left, national title right; then the number line and the place and date."""
    header, body = content.header, content.header.body
    left_cm = 7.8 if body.party else 6.3  # "ĐẢNG BỘ TỈNH AN GIANG" on one line at 14 pt
    right_cm = TEXT_WIDTH_CM - left_cm
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    _widths(table, [left_cm, right_cm])
    left, right = table.cell(0, 0), table.cell(0, 1)
    lines = left.paragraphs[0]
    _plain(lines)
    size = 14 if body.party else 13  # Hướng dẫn 36-HD/VPTW: the committee's lines in 14 pt
    if body.parent:
        _add_run(lines, body.parent, size=size)
        lines = _plain(left.add_paragraph())
    for index, line in enumerate(body.name.split("\n")):
        paragraph = lines if index == 0 else _plain(left.add_paragraph())
        _add_run(paragraph, line, size=size, bold=True)
    if body.party:
        # Hướng dẫn 36-HD/VPTW: a star under the committee's name; the Party's name underlined, alone.
        star = _plain(left.add_paragraph())
        _add_run(star, "*", size=14)
        national = _plain(right.paragraphs[0])
        _add_run(national, body.national_title[0], size=15, bold=True).underline = True
    else:
        _rule(left, left_cm / 3, left_cm)
        title, motto_text = body.national_title
        national = _plain(right.paragraphs[0])
        _add_run(national, title, size=13, bold=True)
        motto = _plain(right.add_paragraph())
        _add_run(motto, motto_text, size=14, bold=True)
        _rule(right, _text_width_cm(motto_text, 14, bold=True), right_cm)
    number = _plain(table.cell(1, 0).paragraphs[0], after=6)
    number.paragraph_format.space_before = Pt(6)
    _add_run(number, header.number_line, size=size)
    date = _plain(table.cell(1, 1).paragraphs[0], after=6)
    date.paragraph_format.space_before = Pt(6)
    _add_run(date, header.place_date, size=14, italic=True)


def _title(document: Doc, content: ReportContent) -> None:
    kind = _plain(document.add_paragraph())
    kind.paragraph_format.space_before = Pt(18)
    _add_run(kind, content.header.type_name, size=14, bold=True)
    summary = _plain(document.add_paragraph())
    _add_run(summary, content.header.summary, size=14, bold=True)
    _rule(document, 4.0, TEXT_WIDTH_CM)
    document.add_paragraph()


def _section(document: Doc, section: Section) -> None:
    heading = document.add_paragraph()
    heading.paragraph_format.keep_with_next = True
    _add_run(heading, section.heading, bold=True)
    for block in section.blocks:
        if isinstance(block, TableBlock):
            _small_table(document, block)
        else:
            _block(document, block)


def _block(document: Doc, block: Paragraph) -> None:
    paragraph = document.add_paragraph()
    if block.style is BlockStyle.ITEM:
        paragraph.paragraph_format.keep_with_next = True
    _add_run(
        paragraph,
        block.text,
        bold=block.style is BlockStyle.ITEM,
        italic=block.style in (BlockStyle.POINT, BlockStyle.PLACEHOLDER),
    )


def _cell_text(
    cell: Doc, text: str, *, bold: bool = False, italic: bool = False, center: bool = False
) -> Doc:
    paragraph = cell.paragraphs[0]
    # Set by id: python-docx looks a style name up among every style on each assignment (slow).
    paragraph._p.style = TABLE_STYLE_ID
    if center:
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = _add_run(paragraph, line, bold=bold, italic=italic)
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def _repeat_header(row: Doc) -> None:
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def _small_table(document: Doc, block: TableBlock) -> None:
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if block.widths:
        total = sum(block.widths)
        _widths(table, [TEXT_WIDTH_CM * width / total for width in block.widths])
    for cell, heading in zip(table.rows[0].cells, block.headers, strict=True):
        _cell_text(cell, heading, bold=True, center=True)
    _repeat_header(table.rows[0])
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            _cell_text(cell, value, center=index > 0 and len(value) < 12)
    document.add_paragraph()


def _signature(document: Doc, content: ReportContent) -> None:
    """``Nơi nhận`` left (12 pt bold italic, entries 11 pt); the signature capitals right."""
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [7.5, TEXT_WIDTH_CM - 7.5])
    left, right = table.cell(0, 0), table.cell(0, 1)
    heading = _plain(left.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    _add_run(heading, "Nơi nhận:", size=12, bold=True, italic=True)
    for entry in content.recipients:
        paragraph = _plain(left.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT)
        _add_run(paragraph, entry, size=11)
    for index, line in enumerate(content.header.body.signature):
        paragraph = _plain(right.paragraphs[0] if index == 0 else right.add_paragraph())
        _add_run(paragraph, line, size=14, bold=True)
    for _ in range(4):
        _plain(right.add_paragraph())
    signer = _plain(right.add_paragraph())
    _add_run(signer, content.signer, size=14, bold=True)


# --- annexes --------------------------------------------------------------------------------------


def _annex_heading(document: Doc, heading: str, title: str, subtitle: str | None) -> None:
    paragraph = _plain(document.add_paragraph())
    _add_run(paragraph, heading, size=14, bold=True)
    paragraph = _plain(document.add_paragraph())
    _add_run(paragraph, title, size=14, bold=True)
    if subtitle:
        paragraph = _plain(document.add_paragraph(), after=6)
        _add_run(paragraph, subtitle, size=13, italic=True)
    _rule(document, 4.0, LANDSCAPE_TEXT_WIDTH_CM)


def _annex_columns(annex: AnnexTable) -> tuple[list[str], list[float]]:
    """The headings and the widths of Phụ lục I: every column at least as wide as its longest word
    (so no word and no number is broken across lines), the indicator column taking what is left."""
    year_width = 2.0 if not annex.is_review else 1.9
    headings = ["TT", "Chỉ tiêu", "ĐVT", "Mục tiêu", annex.baseline_heading]
    widths = [1.0, 0.0, 1.4, 2.4, 1.8]
    headings += list(annex.year_headings)
    widths += [year_width] * len(annex.years)
    headings += ["Đánh giá", "Đơn vị theo dõi"]
    widths += [2.5, 3.9 if not annex.is_review else 3.2]
    cells = [_annex_texts(row, annex) for row in annex.rows]
    for column in range(len(headings)):
        if column == 1:
            continue
        texts = [texts[column] for texts in cells]
        needed = max(
            _longest_word_cm(texts, TABLE_SIZE),
            _longest_word_cm([headings[column]], TABLE_SIZE, bold=True),
        )
        if column == 0:  # the groups' Roman numbers, bold
            needed = max(needed, _longest_word_cm([g.number for g in annex.groups], TABLE_SIZE, bold=True))
        widths[column] = max(widths[column], needed)
    widths[1] = max(4.0, LANDSCAPE_TEXT_WIDTH_CM - sum(widths))
    return headings, widths


def _annex(document: Doc, content: ReportContent) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=True)
    _headers(section, content.is_demo, restart=True)
    annex = content.annex
    _annex_heading(document, annex.heading, annex.title, annex.subtitle)
    headings, widths = _annex_columns(annex)
    group_rows = sum(1 for group in annex.groups if group.number)
    table = document.add_table(rows=1 + group_rows + len(annex.rows), cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        _cell_text(cell, heading, bold=True, center=True)
    _repeat_header(table.rows[0])
    index = 1
    for group in annex.groups:
        if group.number:
            cells = table.rows[index].cells
            _cell_text(cells[0], group.number, bold=True, center=True)
            merged = cells[1].merge(cells[-1])
            _cell_text(merged, group.title, bold=True)
            index += 1
        for row in group.rows:
            _annex_row(table.rows[index].cells, row, annex)
            index += 1


def _annex_texts(row: AnnexRow, annex: AnnexTable) -> list[str]:
    """The cells of a row; an estimate in a year whose heading says "Thực hiện" is marked "(ước)"."""
    is_review = annex.is_review
    baseline = ""
    if row.baseline_value is not None:
        baseline = cell_text(row.baseline_value) + (f"\n({row.baseline_year})" if row.baseline_year else "")
    texts = [str(row.number), row.indicator, row.unit or "", row.goal, baseline]
    estimated = row.estimated or (False,) * len(row.values)
    for year, value, status, estimate in zip(annex.years, row.values, row.history, estimated, strict=True):
        text = cell_text(value)
        if text and estimate and year not in annex.estimated_years:
            text += "\n(ước)"
        if is_review:
            text = f"{text}\n{status.label}" if text else status.label
        texts.append(text)
    texts += [row.status.label, row.responsible]
    return texts


def _annex_row(cells: Any, row: AnnexRow, annex: AnnexTable) -> None:
    texts = _annex_texts(row, annex)
    for position, (cell, text) in enumerate(zip(cells, texts, strict=True)):
        _cell_text(cell, text, center=position not in (1, len(texts) - 1))
    status_cell = cells[len(texts) - 2]
    _shade(status_cell, row.status.colour, row.status.text_colour)


def _shade(cell: Doc, fill: str, text_colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)
    for run in cell.paragraphs[0].runs:
        run.font.color.rgb = RGBColor.from_string(text_colour.lstrip("#").upper())


def _charts(document: Doc, content: ReportContent) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=False)
    _headers(section, content.is_demo, restart=True)
    paragraph = _plain(document.add_paragraph())
    _add_run(paragraph, content.charts_heading, size=14, bold=True)
    paragraph = _plain(document.add_paragraph(), after=6)
    _add_run(paragraph, content.charts_title, size=14, bold=True)
    _rule(document, 4.0, TEXT_WIDTH_CM)
    for image in chart_pngs(content.charts):
        picture = _plain(document.add_paragraph(), after=12)
        picture.paragraph_format.keep_together = True
        picture.add_run().add_picture(io.BytesIO(image), width=Cm(16))
