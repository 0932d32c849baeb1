"""Consolidated reports (issue #6): content built from evaluations, laid out as docx, xlsx and pdf.

- ``content``: the frozen dataclasses: ``ReportFacts`` (what the web layer assembles) and
  ``ReportContent`` (what the renderers lay out);
- ``builder.build_report``: facts -> content (sections I–IV, Phụ lục I and II, Nơi nhận);
- ``wording``: the Vietnamese sentences, dates and the issuing body;
- ``chart``: ``ChartData``, ``chart_data``, ``chart_svg`` (web pages) and ``chart_png`` (docx);
- ``docx_layout.render_docx``, ``xlsx_layout.render_xlsx``, ``pdf.convert_to_pdf``, ``formats.render``.

Pure: no Django (import-linter's core contract).
"""

from planwatch.reporting.builder import build_report
from planwatch.reporting.chart import ChartData, chart_data, chart_png, chart_svg
from planwatch.reporting.content import ReportContent, ReportFacts, ReviewKind
from planwatch.reporting.docx_layout import render_docx
from planwatch.reporting.formats import ReportFormat, render
from planwatch.reporting.pdf import LibreOfficeMissingError, PdfConversionError, convert_to_pdf
from planwatch.reporting.xlsx_layout import render_xlsx

__all__ = [
    "ChartData",
    "LibreOfficeMissingError",
    "PdfConversionError",
    "ReportContent",
    "ReportFacts",
    "ReportFormat",
    "ReviewKind",
    "build_report",
    "chart_data",
    "chart_png",
    "chart_svg",
    "convert_to_pdf",
    "render",
    "render_docx",
    "render_xlsx",
]
