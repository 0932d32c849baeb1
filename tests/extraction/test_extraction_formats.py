"""The same plan as txt, docx and pdf extracts to the same targets (corpus file 001, converted here)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from planwatch.extraction import extract_file
from planwatch.extraction.model import Extraction

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _plan(corpus: Path) -> Path:
    matches = sorted(corpus.glob("001_*.txt"))
    assert matches, "corpus file 001 is missing"
    return matches[0]


def _targets(extraction: Extraction) -> list[tuple[str, str, float | None, int | None, str | None]]:
    return [
        (t.indicator, t.comparator, t.value, t.target_year, t.responsible)
        for d in extraction.documents
        for t in d.targets
    ]


def test_docx_made_from_the_plan_gives_the_same_targets(corpus: Path, tmp_path: Path) -> None:
    # given corpus plan 001 written to Word, one paragraph per line of the text export
    source = _plan(corpus)
    document = docx.Document()
    for line in source.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "plan.docx"
    document.save(str(path))
    # when both are extracted, then the targets are the same
    assert _targets(extract_file(path)) == _targets(extract_file(source))


def test_pdf_made_from_the_plan_gives_the_same_targets(corpus: Path, tmp_path: Path) -> None:
    # given corpus plan 001 printed to a pdf with a text layer (a Unicode font with Vietnamese glyphs)
    if not FONT.is_file():
        pytest.fail(f"font for the pdf test not found: {FONT}")
    pdfmetrics.registerFont(TTFont("PlanSans", str(FONT)))
    source = _plan(corpus)
    path = tmp_path / "plan.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    y = height - 40
    for line in source.read_text(encoding="utf-8").split("\n"):
        if y < 40:
            page.showPage()
            y = height - 40
        page.setFont("PlanSans", 8)
        page.drawString(30, y, line)
        y -= 11
    page.save()
    # when both are extracted, then the targets are the same
    assert _targets(extract_file(path)) == _targets(extract_file(source))
