"""Vietnamese text as planwatch compares it: NFC, case-folded, spelling variants folded (domain.md §2)."""

import re
import unicodedata
from difflib import SequenceMatcher

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
# Whole words only: "toàn" must not become "tòan" through the pair ("toà", "tòa").
_VARIANT_PATTERN = re.compile(r"\b(" + "|".join(re.escape(v) for v, _ in _VARIANTS) + r")\b")
_CANONICAL = dict(_VARIANTS)


def nfc(text: str) -> str:
    """Unicode NFC, the one form planwatch stores and compares."""
    return unicodedata.normalize("NFC", text)


def normalise_name(text: str) -> str:
    """The form two names are compared in.

    >>> normalise_name("Tỉ lệ  hộ nghèo (đa chiều)")
    'tỷ lệ hộ nghèo đa chiều'
    """
    folded = _VARIANT_PATTERN.sub(lambda match: _CANONICAL[match.group(1)], nfc(text).lower())
    return " ".join(_NON_WORD.sub(" ", folded).split())


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut between two words and ended with an ellipsis when cut.

    >>> shorten("định kỳ báo cáo Ủy ban nhân dân tỉnh", 23)
    'định kỳ báo cáo Ủy ban…'
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():
        space = cut.rfind(" ")
        if space > limit // 2:  # one word longer than half the room is cut inside, as a last resort
            cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


def strip_diacritics(text: str) -> str:
    """ASCII skeleton of a Vietnamese text, for slugs: "Sở Y tế" -> "So Y te"."""
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    """A lowercase ASCII slug: "Sở Nội vụ" -> "so-noi-vu"."""
    return "-".join(_NON_WORD.sub(" ", strip_diacritics(text).lower()).split()).replace("_", "-")


_PLACE_PREFIXES = (
    "tỉnh ",
    "thành phố ",
    "huyện ",
    "thị xã ",
    "quận ",
    "xã ",
    "phường ",
    "thị trấn ",
    "đặc khu ",
)
_FORMER_SUFFIX = " cũ"


def short_place_name(name: str) -> str:
    """A unit's name without its level word: "Tỉnh Kiên Giang" -> "Kiên Giang"."""
    for prefix in _PLACE_PREFIXES:
        if name.lower().startswith(prefix):
            return name[len(prefix) :]
    return name


def place_name_keys(name: str) -> frozenset[str]:
    """The normalised forms a person may use for a unit: with or without its level word, and without
    the "(cũ)" that tells a former unit from the merged one of the same name.

    >>> sorted(place_name_keys("Tỉnh An Giang (cũ)"))
    ['an giang', 'an giang cũ', 'tỉnh an giang', 'tỉnh an giang cũ']
    """
    full = normalise_name(name)
    short = normalise_name(short_place_name(name))
    keys = {full, short}
    keys |= {key.removesuffix(_FORMER_SUFFIX) for key in keys}
    return frozenset(keys)


def name_similarity(query: str, candidate: str) -> float:
    """How well ``candidate`` answers ``query`` (0–1): the share of the query's words it contains,
    averaged with the character similarity, so a shortened name still finds its full form."""
    left, right = normalise_name(query), normalise_name(candidate)
    if not left or not right:
        return 0.0
    words, candidate_words = left.split(), set(right.split())
    contained = sum(1 for word in words if word in candidate_words) / len(words)
    return (contained + SequenceMatcher(None, left, right).ratio()) / 2


def echoed(text: str, limit: int = 40) -> str:
    """What the user typed, to quote in a one-line message: control characters and line breaks as
    spaces, cut at ``limit`` characters (``…`` marks the cut)."""
    flat = "".join(" " if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in text)
    return flat if len(flat) <= limit else flat[:limit] + "…"
