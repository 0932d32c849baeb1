"""Baselines: figures a plan states as the current situation (gold README, "Baselines").

Read in the situation part of a document ("Tình hình", "Kết quả") from the first "Đến nay" /
"Hiện nay" / "hiện có" / "đến hết năm 2023" of a paragraph to its end, and in every footnote.
The year is kept only when stated (``đến hết năm 2023``); domain.md §2 says that otherwise the figure
refers to the year before the issue year, which the catalogue assumes later (``Baseline.effective_year``).
"""

from __future__ import annotations

import re

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.numbers import parse_number
from planwatch.extraction.layout import PlacedBlock, SectionKind
from planwatch.extraction.model import ExtractedBaseline
from planwatch.extraction.quantities import NUMBER, find_quantities

_TRIGGER = re.compile(
    r"\b(?:đến nay|hiện nay|hiện có|tính đến|đến hết năm|đến cuối năm|hết năm|cuối năm)\b", re.IGNORECASE
)
_FOOTNOTE = re.compile(r"^\s*(?:\ufffd|\[\d+\])")
_STATED_YEAR = re.compile(r"\b(?:đến hết|hết|cuối|đến cuối|tính đến|đến)\s+năm\s+(\d{4})\b", re.IGNORECASE)
_FRACTION = re.compile(rf"(?<![\w/.,])({NUMBER})\s*/\s*({NUMBER})(?![\w/])")
_CLAUSE_BREAK = re.compile(r"[;.]\s+|\s\(|\)\s*[,;]?\s*")
_LEAD = re.compile(
    r"^(?:(?:trong đó|đến nay|hiện nay|toàn tỉnh|hiện có|có|đạt|gồm|và|,)\s*,?\s*)+", re.IGNORECASE
)


def baselines(text: str, placed: list[PlacedBlock]) -> list[ExtractedBaseline]:
    """Baselines of one document's blocks.

    Example: "… tỷ lệ hộ nghèo đến hết năm 2023 giảm còn 1,28%" -> 1.28 %, year 2023.
    """
    out: list[ExtractedBaseline] = []
    for item in placed:
        block = item.block
        footnote = bool(_FOOTNOTE.match(block.text))
        if not footnote and item.section.kind not in (SectionKind.SITUATION, None):
            continue
        if item.is_heading:
            continue
        start = 0
        if not footnote:
            trigger = _TRIGGER.search(block.text)
            if trigger is None:
                continue
            start = trigger.start()
        out.extend(_figures(text, block.start, block.text, start))
    return out


def _figures(text: str, base: int, block_text: str, start: int) -> list[ExtractedBaseline]:
    region = block_text[start:]
    found: list[tuple[int, int, float, str | None]] = []
    for fraction in _FRACTION.finditer(region):
        for group in (1, 2):
            try:
                found.append(
                    (fraction.start(group), fraction.end(group), parse_number(fraction.group(group)), "người")
                )
            except InvalidValueError:
                continue
    for quantity in find_quantities(region):
        if quantity.is_level:
            continue
        found.append((quantity.number_start, quantity.number_end, quantity.value, quantity.unit))
    found.sort()
    out: list[ExtractedBaseline] = []
    for number_start, number_end, value, unit in found:
        clause_start, clause_end = _clause(region, number_start)
        clause = region[clause_start:clause_end]
        year_match = None
        for match in _STATED_YEAR.finditer(clause):
            if clause_start + match.start() < number_start:
                year_match = match
        year = int(year_match.group(1)) if year_match else None
        indicator = _indicator(region, clause_start, clause_end, number_start, number_end)
        quote_start = base + start + clause_start
        quote_end = min(base + start + clause_end, quote_start + 300)
        out.append(ExtractedBaseline(indicator, value, unit, year, text[quote_start:quote_end].strip()))
    return out


def _clause(region: str, position: int) -> tuple[int, int]:
    start = 0
    for match in re.finditer(r"[;.]\s+|,\s+(?=\D)", region[:position]):
        start = match.end()
    end_match = re.compile(r"[;.](?:\s|$)|,\s+(?=\D)").search(region, position)
    end = end_match.start() if end_match else len(region)
    return start, end


def _indicator(region: str, clause_start: int, clause_end: int, number_start: int, number_end: int) -> str:
    left = _clean(region[clause_start:number_start])
    left = _LEAD.sub("", re.sub(r"\b(?:đạt|giảm còn|còn|là|chiếm|tăng|hơn|cho|khoảng)\s*$", "", left)).strip()
    right = _clean(region[number_end:clause_end])
    right = re.sub(r"^%\s*", "", right)
    if len(left.split()) >= 2:
        return left[:1].upper() + left[1:]
    return (right[:1].upper() + right[1:]) or "(không rõ)"


def _clean(text: str) -> str:
    text = re.sub(r"\(\s*\)|\ufffd", "", text)
    return " ".join(text.split()).strip(" ,;:()")
