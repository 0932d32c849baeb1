"""The readable summary ``planwatch extract FILE`` prints (without ``--json``)."""

from __future__ import annotations

from datetime import date

from planwatch.domain.deadlines import Deadline
from planwatch.domain.numbers import format_number
from planwatch.domain.text import shorten
from planwatch.domain.vocabulary import Comparator, ReportingFrequency
from planwatch.extraction.model import ExtractedDocument, ExtractedTarget, Extraction


def format_summary(extraction: Extraction) -> str:
    """One section per document: header facts, then targets, baselines, reporting and agencies."""
    lines = [f"Tệp: {extraction.source_file} — {len(extraction.documents)} văn bản"]
    if extraction.no_target_reason:
        lines.append(no_target_line(extraction.no_target_reason))
    for document in extraction.documents:
        lines.append("")
        lines.extend(_document(document))
    return "\n".join(lines)


def no_target_line(reason: str) -> str:
    """The warning for an extraction without any target: "Không tìm thấy mục tiêu nào: <why>."."""
    return f"Không tìm thấy mục tiêu nào: {reason}."


def _date(iso: str | None) -> str:
    """An ISO date as people read it here: ``2024-07-08`` -> ``08/07/2024``."""
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else "?"


def _document(document: ExtractedDocument) -> list[str]:
    lines = [
        f"== {document.doc_id}: {document.title or '(không rõ tiêu đề)'}",
        f"   Số: {document.number or '(chưa số)'} | Loại: {document.kind or '?'} | Cơ quan ban hành: "
        f"{document.issuer or '?'} | Ngày: {_date(document.issued)}",
        f"   Thực hiện: {', '.join(document.implements) or '(không ghi)'}",
        f"   Chỉ tiêu ({len(document.targets)}):",
    ]
    lines.extend(f"     {_target(t)}" for t in document.targets)
    lines.append(f"   Số liệu nền ({len(document.baselines)}):")
    for baseline in document.baselines:
        year = baseline.year if baseline.year is not None else "năm trước năm ban hành (giả định)"
        unit = f" {baseline.unit}" if baseline.unit else ""
        lines.append(f"     {baseline.indicator}: {format_number(baseline.value)}{unit} ({year})")
    lines.append(f"   Chế độ báo cáo ({len(document.reporting)}):")
    for duty in document.reporting:
        label = ReportingFrequency(duty.frequency).label
        deadline = f", {Deadline.parse(duty.deadline).display_in('vi')}" if duty.deadline else ""
        to = f" → {duty.to}" if duty.to else ""
        via = f" (qua {duty.via})" if duty.via else ""
        lines.append(f"     [{label}{deadline}]{to}{via}: {shorten(duty.what, 100)}")
    lines.append(f"   Cơ quan ({len(document.lead_agencies)}):")
    lines.extend(f"     {a.agency} — {a.role}" for a in document.lead_agencies)
    return lines


def _target(target: ExtractedTarget) -> str:
    if target.comparator == "range" and target.value is not None and target.value_max is not None:
        span = f"{format_number(target.value)}–{format_number(target.value_max)}"
        unit = f" {target.unit}" if target.unit else ""
        year = f" (đến {target.target_year})" if target.target_year else ""
        return f"{target.id}. {target.indicator}: trong khoảng {span}{unit}{year}"
    comparator = Comparator(target.comparator)
    if target.value is not None and comparator.is_numeric:
        value = f"{comparator.label} {format_number(target.value)}"
    else:
        value = target.value_text or comparator.label
    unit = f" {target.unit}" if target.unit and comparator.is_numeric else ""
    year = f" (đến {target.target_year})" if target.target_year else ""
    scope = f" [{target.scope}]" if target.scope else ""
    who = f" — {target.responsible}" if target.responsible else ""
    return f"{target.id}. {target.indicator}{scope}: {value}{unit}{year}{who}"
