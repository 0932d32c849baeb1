"""The extractor: a plan file in, the proposed structured content of each of its documents out."""

from __future__ import annotations

from pathlib import Path

from planwatch.extraction.agencies import lead_agencies
from planwatch.extraction.baselines import baselines
from planwatch.extraction.layout import TableRegion, build_blocks, find_tables, place_blocks
from planwatch.extraction.metadata import DocumentInfo, find_documents
from planwatch.extraction.model import ExtractedDocument, ExtractedTarget, Extraction
from planwatch.extraction.readers import read_document
from planwatch.extraction.reporting import reporting_duties
from planwatch.extraction.tables import FoundTarget, read_allocation_table, read_table
from planwatch.extraction.targets import merge_restatements, prose_targets, table_cell_targets


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
    """
    tables = find_tables(text)
    documents: list[ExtractedDocument] = []
    for info in find_documents(text):
        documents.append(_document(text, info, tables))
    return Extraction(source_file=source_file, documents=tuple(documents))


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
    found = merge_restatements(found)
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
