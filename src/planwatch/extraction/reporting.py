"""Reporting duties: every obligation to report (gold README, "Reporting"), with deadline and frequency.

``Định kỳ báo cáo hằng năm (trước ngày 20/12), báo cáo sơ kết 5 năm, báo cáo tổng kết 10 năm, báo cáo
đột xuất`` is four duties; a clause with no stated period is ``periodic`` when it says ``định kỳ`` or
``theo quy định`` and ``ad-hoc`` when it is about difficulties to report promptly (``kịp thời``,
``khó khăn, vướng mắc``).
"""

from __future__ import annotations

import re

from planwatch.domain.text import shorten
from planwatch.domain.vocabulary import ReportingFrequency
from planwatch.extraction.layout import PlacedBlock, SectionKind
from planwatch.extraction.model import ExtractedDuty

_REPORT = re.compile(r"\bbáo cáo\b(?!\s+(?:viên|số|chính trị))", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])|;\s*")
_PERIODS: tuple[tuple[re.Pattern[str], ReportingFrequency], ...] = (
    (re.compile(r"\b(?:hằng|hàng|mỗi)\s+năm\b", re.IGNORECASE), ReportingFrequency.ANNUAL),
    (
        re.compile(r"\b(?:sơ kết|tổng kết)\s+(?:giữa kỳ\s+)?5\s+năm\b", re.IGNORECASE),
        ReportingFrequency.FIVE_YEAR,
    ),
    (re.compile(r"\b(?:sơ kết|tổng kết)\s+10\s+năm\b", re.IGNORECASE), ReportingFrequency.TEN_YEAR),
    (re.compile(r"\bđột xuất\b", re.IGNORECASE), ReportingFrequency.AD_HOC),
    (
        re.compile(r"\b(?:6 tháng|sáu tháng|hằng quý|hàng quý|hằng tháng|hàng tháng)\b", re.IGNORECASE),
        ReportingFrequency.PERIODIC,
    ),
)
_DEADLINE = re.compile(r"trước ngày\s+(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})", re.IGNORECASE)
_VIA = re.compile(r"\((?:thông qua|qua)\s+([^)]+)\)", re.IGNORECASE)
_TO = re.compile(
    r"(?:báo cáo|về|với|lên)\s+((?:Ban Thường vụ Tỉnh ủy|Ban Chấp hành Đảng bộ tỉnh|Tỉnh ủy|UBND tỉnh|"
    r"Ủy ban nhân dân tỉnh|HĐND tỉnh|Hội đồng nhân dân tỉnh|Trung ương|Chính phủ|Thủ tướng Chính phủ|"
    r"Bộ [A-ZĐ][^,;().]*?)(?:,\s*(?:Ban Chấp hành Đảng bộ tỉnh|UBND tỉnh|Tỉnh ủy))?)(?=[\s,;.()]|$)",
)
_AD_HOC_WORDS = re.compile(r"\b(kịp thời|khó khăn|vướng mắc|phản ánh|phát sinh)\b", re.IGNORECASE)
_PERIODIC_WORDS = re.compile(r"\b(định kỳ|đình kỳ|theo quy định)\b", re.IGNORECASE)


def reporting_duties(text: str, placed: list[PlacedBlock]) -> list[ExtractedDuty]:
    """Reporting duties of one document's blocks.

    Example: "trước ngày 20/12 hằng năm, báo cáo UBND tỉnh (qua Sở Tài chính)" -> annual, 20/12.
    """
    out: list[ExtractedDuty] = []
    for item in placed:
        if item.section.kind is SectionKind.END or item.is_heading:
            continue
        block = item.block
        position = 0
        for match in [*_SENTENCE.finditer(block.text), None]:
            end = match.start() if match else len(block.text)
            clause = block.text[position:end]
            if _REPORT.search(clause):
                out.extend(_duties(text, block.start + position, clause))
            position = match.end() if match else len(block.text)
    return out


def _duties(text: str, absolute: int, clause: str) -> list[ExtractedDuty]:
    frequencies: list[ReportingFrequency] = []
    for pattern, frequency in _PERIODS:
        if pattern.search(clause) and frequency not in frequencies:
            frequencies.append(frequency)
    if not frequencies:
        if _PERIODIC_WORDS.search(clause):
            frequencies = [ReportingFrequency.PERIODIC]
        elif _AD_HOC_WORDS.search(clause):
            frequencies = [ReportingFrequency.AD_HOC]
        else:
            frequencies = [ReportingFrequency.PERIODIC]
    deadline_match = _DEADLINE.search(clause)
    deadline = (
        f"{int(deadline_match.group(1)):02d}/{int(deadline_match.group(2)):02d}" if deadline_match else None
    )
    via_match = _VIA.search(clause)
    via = " ".join(via_match.group(1).split()) if via_match else None
    to_match = _TO.search(clause)
    to = " ".join(to_match.group(1).split()) if to_match else None
    what = " ".join(re.sub(r"^\s*(?:\d+\.|[a-zđ]\)|[-–])\s*", "", clause).split()).rstrip(" ./")
    quote_start = absolute + (len(clause) - len(clause.lstrip()))
    quote = text[quote_start : min(absolute + len(clause.rstrip()), quote_start + 300)]
    duties = []
    for frequency in frequencies:
        has_deadline = frequency is ReportingFrequency.ANNUAL or len(frequencies) == 1
        duties.append(
            ExtractedDuty(
                what=shorten(what, 200),
                deadline=deadline if has_deadline else None,
                frequency=frequency.value,
                to=to,
                via=via,
                quote=quote,
            )
        )
    return duties
