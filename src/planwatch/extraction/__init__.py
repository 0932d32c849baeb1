"""Document extractor: Vietnamese plan files (txt, docx, pdf) -> proposed targets, baselines,
reporting duties, agencies and lineage, in the gold annotation's JSON shape (pure: no Django)."""

from planwatch.extraction.errors import UnreadableDocumentError
from planwatch.extraction.extractor import extract_file, extract_text
from planwatch.extraction.model import Extraction
from planwatch.extraction.summary import format_summary
from planwatch.extraction.validation import extraction_schema, validate_extraction

__all__ = [
    "Extraction",
    "UnreadableDocumentError",
    "extract_file",
    "extract_text",
    "extraction_schema",
    "format_summary",
    "validate_extraction",
]
