"""Capitals a title keeps when it is put in sentence case (Nghị định 30/2020, Phụ lục II: names of the
Party's and the State's bodies, of places, and of a document cited by its number are capitalised).

A plan's title is typed in capitals ("KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT SỐ 12/NQ-CP CỦA CHÍNH PHỦ"); the
extractor lower-cases it word by word and then gives these names their capitals back. Acronyms and
Roman numerals ("ASEAN", "XIII") are not Vietnamese syllables, so they are never lower-cased at all.
"""

from __future__ import annotations

import re
from functools import lru_cache

from planwatch.extraction.vocabulary import KIND_WORDS, PROVINCES

# Bodies written with capitals, longest first where one contains another.
BODIES: tuple[str, ...] = (
    "Ban Chấp hành Trung ương Đảng",
    "Ban Chấp hành Trung ương",
    "Ban Thường vụ Tỉnh ủy",
    "Ban Thường vụ Thành ủy",
    "Ủy ban Thường vụ Quốc hội",
    "Đảng Cộng sản Việt Nam",
    "Mặt trận Tổ quốc Việt Nam",
    "Thủ tướng Chính phủ",
    "Văn phòng Chính phủ",
    "Chủ tịch nước",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Quốc hội",
    "Chính phủ",
    "Thủ tướng",
    "Hội đồng nhân dân",
    "Ủy ban nhân dân",
    "Tỉnh ủy",
    "Thành ủy",
    "Đảng bộ",
    "Tổ quốc",
    "Việt Nam",
    "Nhân dân",
)
# Old and new tone placement, so that "Uỷ ban" is found as well as "Ủy ban".
_SPELLINGS = {"ủy": "(?:ủy|uỷ)", "hòa": "(?:hòa|hoà)", "hóa": "(?:hóa|hoá)"}


def _word_pattern(word: str) -> str:
    lowered = word.lower()
    return _SPELLINGS.get(lowered, re.escape(lowered))


@lru_cache(maxsize=1)
def _names() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every name, and each name's capitals by its lower-cased, space-joined words."""
    names = sorted({*BODIES, *PROVINCES}, key=len, reverse=True)
    pattern = "|".join(r"\s+".join(_word_pattern(w) for w in name.split()) for name in names)
    shapes = {_key(name): name for name in names}
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE), shapes


def _key(name: str) -> str:
    key = " ".join(name.lower().split())
    for old, new in (("uỷ", "ủy"), ("hoà", "hòa"), ("hoá", "hóa")):
        key = key.replace(old, new)
    return key


def _capitalise_like(found: str, shape: str) -> str:
    """The words of ``found`` (its own spelling) with the capitals of ``shape``, word by word."""
    out = []
    for word, model in zip(found.split(), shape.split(), strict=False):
        out.append(word[0].upper() + word[1:] if model[0].isupper() else word)
    return " ".join(out)


_KIND_BY_NUMBER = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(word) for word, _ in KIND_WORDS) + r"|nghị định|thông tư|kết luận|luật)"
    r"(?=\s+số\s+\d)",
    re.IGNORECASE,
)


def restore_capitals(text: str) -> str:
    """Give the names of a sentence-cased text their capitals back.

    >>> restore_capitals("thực hiện nghị quyết số 12/NQ-CP của chính phủ tại tỉnh an giang")
    'thực hiện Nghị quyết số 12/NQ-CP của Chính phủ tại tỉnh An Giang'
    """
    pattern, shapes = _names()
    text = pattern.sub(lambda m: _capitalise_like(m.group(0), shapes[_key(m.group(0))]), text)
    return _KIND_BY_NUMBER.sub(lambda m: m.group(0)[0].upper() + m.group(0)[1:], text)
