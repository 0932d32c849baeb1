"""Vietnamese text as planwatch compares it: NFC, case-folded, spelling variants folded (domain.md §2)."""

import re
import unicodedata

# Old and new tone placement and i/y variants that must compare equal (domain.md §2; the gold scorer's list).
_VARIANTS = (
    ("tỉ lệ", "tỷ lệ"),
    ("tỉ số", "tỷ số"),
    ("tỉ trọng", "tỷ trọng"),
    ("khoẻ", "khỏe"),
    ("hoá", "hóa"),
    ("xoá", "xóa"),
    ("hoà", "hòa"),
    ("thuỷ", "thủy"),
    ("uỷ", "ủy"),
    ("sỹ", "sĩ"),
    ("loà", "lòa"),
    ("toà", "tòa"),
    ("qũy", "quỹ"),
)
_NON_WORD = re.compile(r"[^\w%]+")


def nfc(text: str) -> str:
    """Unicode NFC, the one form planwatch stores and compares."""
    return unicodedata.normalize("NFC", text)


def normalise_name(text: str) -> str:
    """The form two names are compared in.

    >>> normalise_name("Tỉ lệ  hộ nghèo (đa chiều)")
    'tỷ lệ hộ nghèo đa chiều'
    """
    folded = nfc(text).lower()
    for variant, canonical in _VARIANTS:
        folded = folded.replace(variant, canonical)
    return " ".join(_NON_WORD.sub(" ", folded).split())


def strip_diacritics(text: str) -> str:
    """ASCII skeleton of a Vietnamese text, for slugs: "Sở Y tế" -> "So Y te"."""
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    """A lowercase ASCII slug: "Sở Nội vụ" -> "so-noi-vu"."""
    return "-".join(_NON_WORD.sub(" ", strip_diacritics(text).lower()).split()).replace("_", "-")
