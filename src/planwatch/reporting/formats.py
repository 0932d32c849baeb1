"""The file formats a report is delivered in, and the one function that renders any of them."""

from __future__ import annotations

from enum import StrEnum

from planwatch.reporting.content import ReportContent
from planwatch.reporting.docx_layout import render_docx
from planwatch.reporting.pdf import convert_to_pdf
from planwatch.reporting.xlsx_layout import render_xlsx


class ReportFormat(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    XLSX = "xlsx"

    @property
    def content_type(self) -> str:
        return {
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "pdf": "application/pdf",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[self.value]

    @property
    def suffix(self) -> str:
        return f".{self.value}"


def render(content: ReportContent, report_format: ReportFormat) -> bytes:
    """The report in ``report_format``: docx and xlsx directly, pdf through LibreOffice from the docx.

    Raises:
        LibreOfficeMissingError: pdf was asked for and LibreOffice is not installed.
        PdfConversionError: LibreOffice failed.
    """
    if report_format is ReportFormat.XLSX:
        return render_xlsx(content)
    document = render_docx(content)
    return convert_to_pdf(document) if report_format is ReportFormat.PDF else document
