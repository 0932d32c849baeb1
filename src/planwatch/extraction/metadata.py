"""Which documents a file holds, and each one's number, kind, issuer, province, date and lineage.

Numbers are ``number/TYPE-ISSUER`` (state bodies) or ``number-TYPE/ISSUER`` (Party bodies), domain.md §1.
A document's id is the province prefix (initials of the province name) and its number:
``DT-45-KH-UBND`` (Đồng Tháp, 45/KH-UBND).
When the number is left blank (``Số: /KH-UBND``) the id is built from the type and issuer, the issue
year and month and the direct parent: ``CM-KH-UBND-2024-06-18-CTr-TU``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from planwatch.domain.text import strip_diacritics
from planwatch.extraction.encodings import is_syllable
from planwatch.extraction.names import restore_capitals
from planwatch.extraction.vocabulary import ISSUER_NAMES, KIND_WORDS, PROVINCES, TYPE_CODES

_CODE = r"[A-ZĐ][A-Za-zĐđ]{0,5}"
DOC_NUMBER = re.compile(
    rf"(?<![\w/])(\d{{1,4}})\s?(?:(/)(?:\d{{4}}/)?({_CODE})-({_CODE}(?:-{_CODE})?)|(-)\s?({_CODE})/({_CODE}))(?![\w])"
)
_BLANK_NUMBER = re.compile(rf"Số\s*:?\s*/\s*({_CODE})-({_CODE})")
_OWN_NUMBER = re.compile(r"Số\s*:\s*(\d{1,4}\s?[/\-][^\s,;]+)")
_DOC_HEADING = re.compile(
    r"^[ \t]*[IVXL]{1,5}[ \t]*[-.–)][ \t]*"
    r"(CHƯƠNG TRÌNH|KẾ HOẠCH|NGHỊ QUYẾT|QUYẾT ĐỊNH|CHỈ THỊ|ĐỀ ÁN|BÁO CÁO)\b.*?\bSỐ\s+\S+",
    re.MULTILINE,
)
_ISSUED = re.compile(
    r"ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})|ngày\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})",
    re.IGNORECASE,
)
_ANNOUNCED = re.compile(
    r"(?:ban hành|ký ban hành|thông qua)\s+(?:(?:Chương trình(?: hành động)?|Kế hoạch|Nghị quyết|Quyết định|"
    r"Chỉ thị|Đề án)\s+)số\s+",
    re.IGNORECASE,
)
_TYPE_CASE = {"CTR": "CTr", "TTR": "TTr", "TTG": "TTg", "BNNPTNT": "BNNPTNT"}


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A document's span in the file and what its header says."""

    start: int
    end: int
    doc_id: str
    number: str | None
    kind: str | None
    issuer: str | None
    province: str | None
    issued: str | None
    implements: tuple[str, ...]
    title: str | None


def normalise_number(raw: str) -> str:
    """``"29- NQ/TW"`` -> ``"29-NQ/TW"``; ``"07-CTR/TU"`` -> ``"07-CTr/TU"``."""
    compact = re.sub(r"\s+", "", raw)
    return re.sub(r"[A-Za-zĐđ]+", lambda m: _TYPE_CASE.get(m.group(0), m.group(0)), compact)


def references(text: str) -> list[str]:
    """Document numbers mentioned in a text, in order, without repeats."""
    seen: list[str] = []
    for match in DOC_NUMBER.finditer(text):
        number = normalise_number(match.group(0))
        if number not in seen:
            seen.append(number)
    return seen


def find_documents(text: str) -> list[DocumentInfo]:
    """The documents of a file: one, or one per numbered heading of a compilation."""
    province = _province(text)
    headings = [m for m in _DOC_HEADING.finditer(text) if _is_upper_line(m.group(0))]
    if len(headings) >= 2 or (headings and headings[0].start() > len(text) // 20):
        docs = []
        for index, match in enumerate(headings):
            end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
            docs.append(_from_heading(text, match.start(), end, province))
        return docs
    return [_single(text, province)]


def _is_upper_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) > 0.8 * len(letters)


def _province(text: str) -> str | None:
    header = re.search(r"^\s*TỈNH\s+([A-ZĐÀ-Ỹ][^\n]*)$", text[:3000], re.MULTILINE)
    if header:
        name = header.group(1).strip().title()
        for province in PROVINCES:
            if province.lower() == name.lower():
                return province
    place = re.search(r"^\s*([^\n,]{3,30}),\s*ngày", text[:5000], re.MULTILINE)
    if place and place.group(1).strip() in PROVINCES:
        return place.group(1).strip()
    counts = Counter(match.group(0) for match in _province_names().finditer(text))
    if not counts:
        return None
    best = max(PROVINCES, key=lambda p: counts[p])  # ties go to the first in PROVINCES, as before
    return best if counts[best] else None


@lru_cache(maxsize=1)
def _province_names() -> re.Pattern[str]:
    """Every province name, longest first, in one pattern: the text is read once, not once per name."""
    names = sorted(PROVINCES, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def province_prefix(province: str | None) -> str:
    """``"Đồng Tháp"`` -> ``"DT"``, ``"Bà Rịa - Vũng Tàu"`` -> ``"BRVT"``."""
    if not province:
        return "XX"
    words = [w for w in re.split(r"[\s\-]+", strip_diacritics(province)) if w]
    return "".join(w[0].upper() for w in words)


def _from_heading(text: str, start: int, end: int, province: str | None) -> DocumentInfo:
    heading = _heading_lines(text, start, end)
    refs = references(heading)
    number = refs[0] if refs else None
    parents = tuple(refs[1:])
    date = _ISSUED.search(heading)
    issued = _iso(date) if date else None
    title_text = re.sub(r"^\s*[IVXL]{1,5}\s*[-.–)]\s*", "", heading).strip()
    title = _title_case(_strip_numbers_and_dates(title_text))
    return _info(start, end, number, None, issued, parents, title, province, heading)


_MARKED_LINE = re.compile(r"^\s*(?:[IVXL]{1,5}|[A-ZĐ]|\d{1,2})\s*[.\-–)]\s")


def _heading_lines(text: str, start: int, end: int) -> str:
    """A document's capitalised heading, with the lines a PDF wrapped it onto (at most four more)."""
    lines = text[start:end].split("\n")
    heading = [lines[0]]
    for line in lines[1:5]:
        if not line.strip() or not _is_upper_line(line) or _MARKED_LINE.match(line):
            break
        heading.append(line.strip())
    return " ".join(heading)


def _single(text: str, province: str | None) -> DocumentInfo:
    head = text[:6000]
    own = _OWN_NUMBER.search(head)
    number = normalise_number(own.group(1)) if own else None
    blank = _BLANK_NUMBER.search(head) if number is None else None
    date = _ISSUED.search(head)
    issued = _iso(date) if date else None
    title, title_text = _title(text)
    announced_parents: list[str] = []
    if number is None and blank is None:
        announced = _ANNOUNCED.search(text[:8000])
        if announced:
            sentence_end = _sentence_end(text, announced.end())
            refs = references(text[announced.end() : sentence_end])
            if refs:
                number = refs[0]
                announced_parents = refs[1:]
                near = _ISSUED.search(text[announced.end() : announced.end() + 80])
                issued = _iso(near) if near else issued
                title_text = text[announced.start() : sentence_end]
                title = title or _title_case(_strip_numbers_and_dates(title_text[len("ban hành ") :]))
    parents = tuple(r for r in references(title_text) if r != number) or tuple(announced_parents)
    if not parents:
        body = re.search(r"^\s*(?:Thực hiện|Căn cứ)\b[^\n]*", text[:8000], re.MULTILINE)
        if body:
            parents = tuple(r for r in references(body.group(0)) if r != number)
    month = date.group(2) or date.group(5) if date else None
    year = date.group(3) or date.group(6) if date else None
    blank_code = f"{blank.group(1)}-{blank.group(2)}" if blank else None
    info = _info(0, len(text), number, blank_code, issued, parents, title, province, title_text)
    if number is None and blank_code:
        prefix = province_prefix(province)
        pieces = [prefix, blank_code]
        if year:
            pieces.append(year)
        if month:
            pieces.append(f"{int(month):02d}")
        if parents:
            pieces.append(parents[0].replace("/", "-"))
        info = _replace_id(info, "-".join(pieces))
    return info


def _replace_id(info: DocumentInfo, doc_id: str) -> DocumentInfo:
    from dataclasses import replace

    return replace(info, doc_id=doc_id)


def _sentence_end(text: str, start: int) -> int:
    match = re.compile(r"[.;](?:\s|$)").search(text, start)
    return match.start() if match else min(len(text), start + 400)


# The issuing body's line that opens the preamble ("THỦ TƯỚNG CHÍNH PHỦ", "ỦY BAN NHÂN DÂN TỈNH").
_SIGNER_LINE = re.compile(
    r"(?:(?:ủy|uỷ) ban nhân dân|hội đồng nhân dân)(?: (?:tỉnh|thành phố)(?: [^\W\d_][\w -]{0,30})?)?|"
    r"thủ tướng chính phủ|chính phủ|quốc hội|ban chấp hành trung ương"
)


def _title(text: str) -> tuple[str | None, str]:
    """The title under the kind line ("KẾ HOẠCH" then the capitalised title lines)."""
    lines = text[:6000].split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and any(stripped.lower() == word for word, _ in KIND_WORDS) and _is_upper_line(stripped):
            kind_word = stripped
            collected: list[str] = []
            for following in lines[index + 1 : index + 12]:
                part = following.strip()
                if not part:
                    if collected:
                        break
                    continue
                wrapped = (  # a sentence-case title that a PDF wrapped: the next line goes on in lower case
                    collected
                    and not _is_upper_line(collected[0])
                    and not collected[-1].endswith((".", ";", ":"))
                    and (part[0].islower() or part[0].isdigit())
                )
                if collected and not wrapped and not (_is_upper_line(part) and _is_upper_line(collected[0])):
                    break
                if collected and _SIGNER_LINE.fullmatch(part.lower()):
                    break  # "THỦ TƯỚNG CHÍNH PHỦ" opening the preamble under the title
                collected.append(part)
            raw = " ".join(collected)
            title = _title_case(kind_word + " " + _strip_numbers_and_dates(raw)) if raw else None
            return title, raw
    return None, ""


def _strip_numbers_and_dates(text: str) -> str:
    text = re.sub(r"\s*,?\s*ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", "", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def _title_case(text: str) -> str:
    """Sentence case for a capitalised title, keeping document numbers as written."""
    words = text.split()
    if not words:
        return text
    out = []
    for word in words:
        if _is_upper_line(word) and not re.search(r"[\d/]", word) and not _is_acronym(word):
            out.append(word.lower())
        else:
            out.append(word)
    sentence = restore_capitals(" ".join(out))
    return sentence[0].upper() + sentence[1:]


def _is_acronym(word: str) -> bool:
    """ "ASEAN", "GRDP", "XIII": capitals that are no Vietnamese syllable stay as written."""
    letters = "".join(ch for ch in word if ch.isalpha())
    return len(letters) >= 2 and not is_syllable(letters.lower())


def _iso(match: re.Match[str]) -> str | None:
    day = match.group(1) or match.group(4)
    month = match.group(2) or match.group(5)
    year = match.group(3) or match.group(6)
    if not day:
        return None
    try:
        from datetime import date

        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _info(
    start: int,
    end: int,
    number: str | None,
    blank_code: str | None,
    issued: str | None,
    parents: tuple[str, ...],
    title: str | None,
    province: str | None,
    context: str,
) -> DocumentInfo:
    type_code, issuer_code = (
        _codes(number) if number else (_split_code(blank_code) if blank_code else (None, None))
    )
    kind = TYPE_CODES[type_code].value if type_code in TYPE_CODES else _kind_from_words(title or context)
    issuer = None
    if issuer_code in ISSUER_NAMES:
        issuer = ISSUER_NAMES[issuer_code].format(province=province or "").strip()
    prefix = province_prefix(province)
    doc_id = f"{prefix}-{number.replace('/', '-')}" if number else f"{prefix}-{blank_code or 'VB'}"
    return DocumentInfo(start, end, doc_id, number, kind, issuer, province, issued, parents, title)


def _codes(number: str) -> tuple[str | None, str | None]:
    match = DOC_NUMBER.fullmatch(number)
    if not match:
        return None, None
    if match.group(2):
        return match.group(3), match.group(4)
    return match.group(6), match.group(7)


def _split_code(code: str) -> tuple[str | None, str | None]:
    type_code, _, issuer = code.partition("-")
    return type_code, issuer or None


def _kind_from_words(text: str) -> str | None:
    lowered = text.lower()
    for word, kind in KIND_WORDS:
        if word in lowered:
            return kind.value
    return None
