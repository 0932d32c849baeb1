"""The extractor: a plan file in, the proposed structured content of each of its documents out."""

from __future__ import annotations

import re
from pathlib import Path

from planwatch.domain.numbers import format_number
from planwatch.extraction.agencies import lead_agencies
from planwatch.extraction.baselines import baselines
from planwatch.extraction.encodings import check_language
from planwatch.extraction.errors import UnreadableDocumentError
from planwatch.extraction.layout import TableRegion, build_blocks, find_tables, place_blocks
from planwatch.extraction.metadata import DocumentInfo, find_documents
from planwatch.extraction.model import ExtractedDocument, ExtractedTarget, Extraction
from planwatch.extraction.readers import read_document
from planwatch.extraction.reporting import reporting_duties
from planwatch.extraction.tables import FoundTarget, read_allocation_table, read_table
from planwatch.extraction.targets import (
    merge_restatements,
    places_as_named,
    prose_targets,
    table_cell_targets,
)

# Every step is linear in the text, but a text made of nothing but figures still costs about 0,1 ms per
# figure: past this length (7 times the longest plan measured, 131.367 characters) a file is refused.
MAX_TEXT_CHARS = 1_000_000


def extract_file(path: Path) -> Extraction:
    """Read a plan file (.txt, .docx, .pdf) and propose its documents' content for review.

    Raises:
        UnreadableDocumentError: with a one-line reason, for every file that cannot be read.
    """
    return extract_text(read_document(path), source_file=path.name)


def extract_text(text: str, source_file: str = "<text>") -> Extraction:
    """Propose the content of a plan given as NFC text.

    >>> extract_text("Tỉ lệ hộ nghèo dưới 2%.").documents[0].doc_id
    'XX-VB'

    Raises:
        UnreadableDocumentError: a text longer than ``MAX_TEXT_CHARS``.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableDocumentError(
            f"{source_file}: văn bản quá dài ({format_number(len(text))} ký tự, tối đa "
            f"{format_number(MAX_TEXT_CHARS)}): một kế hoạch dài nhất đã gặp có khoảng 130.000 ký tự, "
            "hãy tách tệp thành từng văn bản"
        )
    tables = find_tables(text)
    documents: list[ExtractedDocument] = []
    for info in find_documents(text):
        documents.append(_document(text, info, tables))
    reason = None if any(d.targets for d in documents) else no_target_reason(text)
    return Extraction(source_file=source_file, documents=tuple(documents), no_target_reason=reason)


_FIGURE = re.compile(r"\d\s*%|\b\d[\d.,]*\s+[^\W\d_]")


def no_target_reason(text: str) -> str:
    """Why a text in which no target was found has none, in one Vietnamese sentence."""
    language = check_language(text)
    if not language.is_vietnamese:
        return (
            "văn bản không phải tiếng Việt có dấu (chỉ "
            f"{format_number(100 * language.marked_share, 0)} % số chữ mang dấu tiếng Việt), nên không đọc "
            "được chỉ tiêu nào"
        )
    if language.is_garbled:
        return (
            "chữ trong tệp đọc ra lẫn lộn (chỉ "
            f"{format_number(100 * language.syllable_share, 0)} % số chữ là âm tiết tiếng Việt: sai bảng mã "
            "phông chữ), nên không đọc được chỉ tiêu nào"
        )
    if _FIGURE.search(text) is None:
        return "văn bản không có con số hay tỷ lệ nào, nên không có câu nào mang dạng chỉ tiêu"
    return (
        "không có câu nào mang dạng chỉ tiêu (một tỷ lệ hay con số đi với “đạt”, “phấn đấu”, "
        "“tối thiểu”, “tăng”, “giảm” và một mốc thời gian) trong phần mục tiêu hay nhiệm vụ"
    )


def _document(text: str, info: DocumentInfo, tables: list[TableRegion]) -> ExtractedDocument:
    own_tables = [t for t in tables if info.start <= t.start < info.end]
    blocks = build_blocks(text, info.start, info.end, own_tables)
    placed = place_blocks(blocks)
    found: list[FoundTarget] = prose_targets(placed)
    for table in own_tables:
        found.extend(
            read_table(text, table) or read_allocation_table(text, table) or table_cell_targets(text, table)
        )
    found.sort(key=lambda t: t.quote_start)
    found = places_as_named(placed, merge_restatements(found))
    targets = tuple(
        ExtractedTarget(
            id=f"t{index}",
            group=t.group,
            indicator=t.indicator,
            unit=t.unit,
            comparator=t.comparator,
            value=t.value,
            value_text=t.value_text,
            target_year=t.target_year,
            scope=t.scope,
            responsible=t.responsible,
            quote=text[t.quote_start : t.quote_end],
            value_max=t.value_max,
            frequency=t.frequency,
            confidence=t.confidence,
            reason=t.reason,
        )
        for index, t in enumerate(found, start=1)
    )
    return ExtractedDocument(
        doc_id=info.doc_id,
        number=info.number,
        kind=info.kind,
        issuer=info.issuer,
        province=info.province,
        issued=info.issued,
        implements=info.implements,
        title=info.title,
        targets=targets,
        baselines=tuple(baselines(text, placed)),
        reporting=tuple(reporting_duties(text, placed)),
        lead_agencies=tuple(lead_agencies(text, placed)),
    )
