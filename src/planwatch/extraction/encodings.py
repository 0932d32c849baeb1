"""Decoding plain-text plans: UTF-8, UTF-16 and the legacy Vietnamese 8-bit encodings.

Before Unicode (and still in old archives) Vietnamese texts were typed in TCVN3 (TCVN 5712:1993, the
".Vn" fonts) or VNI. TCVN3 puts each precomposed lower-case letter on one byte above 0x80, so it can be
recognised and converted exactly; VNI stores tone marks as separate bytes and is refused with a message
asking for a Unicode copy.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from planwatch.extraction.errors import UnreadableDocumentError

# TCVN3 byte -> Unicode letter (TCVN 5712:1993 "VN3"; upper-case accented letters lived in separate fonts).
_TCVN3_BYTES = bytes.fromhex(
    "b5b8b6b7b9a8bbbebcbdc6a9c7cac8c9cb"  # a à á ả ã ạ, ă …, â …
    "aeccd0cecfd1aad2d5d3d4d6d7ddd8dc"  # đ, e …, ê …, i …
    "dedfe3e1e2e4abe5e8e6e7e9aceaedeb"  # ị, o …, ô …, ơ …
    "eceeeff3f1f2f4adf5f8f6f7f9fafdfb"  # ỡ ợ, u …, ư …, y …
    "fcfea1a2a3a4a5a6a7"  # ỹ ỵ, Ă Â Ê Ô Ơ Ư Đ
)
_TCVN3_LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ" + "ĂÂÊÔƠƯĐ"
TCVN3_TABLE: dict[int, str] = dict(zip(_TCVN3_BYTES, _TCVN3_LETTERS, strict=True))

# Everyday words that any Vietnamese plan contains; used to confirm a guessed encoding.
_COMMON_WORDS = re.compile(r"\b(của|và|các|năm|được|người|trong|thực hiện|tỉnh|với|cho)\b")
# VNI writes "được" as "ñöôïc": đ is 0xF1 (ñ) and ư/ơ are o/u followed by 0xF6/0xF4.
_VNI_SIGNS = re.compile(r"ñ|öô|ö[ôø]|aø|eá|oá|aù")


def decode_text(data: bytes) -> str:
    """Decode the bytes of a ``.txt`` plan.

    Args:
        data: the raw file content (not empty).

    Raises:
        UnreadableDocumentError: binary data, or a legacy encoding that cannot be converted.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise UnreadableDocumentError("tệp chứa dữ liệu nhị phân, không phải văn bản (binary data)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _legacy(data)
    _reject_control_characters(text)
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableDocumentError(f"tệp không đọc được theo bảng mã {encoding}: {error.reason}") from None
    _reject_control_characters(text)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte order mark: every other byte of ASCII text is NUL."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        encoding = "utf-16-le"
    elif even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    _reject_control_characters(text)
    return text


def _legacy(data: bytes) -> str:
    """Not UTF-8: TCVN3 is converted, VNI and anything else refused."""
    high = [b for b in data if b >= 0x80]
    as_tcvn3 = data.decode("latin-1").translate(TCVN3_TABLE)
    in_table = sum(1 for b in high if b in TCVN3_TABLE)
    if high and in_table / len(high) > 0.9 and len(_COMMON_WORDS.findall(as_tcvn3.lower())) >= 2:
        _reject_control_characters(as_tcvn3)
        return as_tcvn3
    as_cp1252 = data.decode("cp1252", errors="replace")
    if len(_VNI_SIGNS.findall(as_cp1252)) >= 3:
        raise UnreadableDocumentError(
            "tệp dùng bảng mã VNI cũ, chưa hỗ trợ: hãy lưu lại dưới dạng Unicode (UTF-8)"
        )
    raise UnreadableDocumentError(
        "tệp không phải UTF-8, UTF-16 hay TCVN3: không nhận ra bảng mã (hãy lưu lại dưới dạng UTF-8)"
    )


def _reject_control_characters(text: str) -> None:
    sample = text[:200_000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > max(8, len(sample) // 200):
        raise UnreadableDocumentError("tệp chứa dữ liệu nhị phân, không phải văn bản (binary data)")


def encode_tcvn3(text: str) -> bytes:
    """Write text in TCVN3 (tests build legacy files with it); letters outside the table become '?'."""
    reverse = {letter: byte for byte, letter in TCVN3_TABLE.items()}
    out = bytearray()
    for ch in text:
        if ch in reverse:
            out.append(reverse[ch])
        elif ord(ch) < 0x80:
            out.append(ord(ch))
        else:
            out.append(ord("?"))
    return bytes(out)


# Whether a text reads as Vietnamese: every word of it should be a Vietnamese syllable, that is an
# onset, one to three vowels and a coda (orthography rules, not a word list), with at most one tone mark.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[cmnptk])?"
)  # coda k: place names of the Central Highlands ("Đắk Lắk")
_DOUBLED_VOWEL = re.compile(r"([aăâeêiôơuưy])\1")  # "xiii" is a numeral; only "oo" doubles ("xoong")
_WORD = re.compile(r"[^\W\d_]+")
_VIETNAMESE_LETTERS = frozenset("ăâđêôơư")
SAMPLE_CHARS = 300_000  # the check reads this much of a text: enough to judge, linear in any case
MIN_WORDS = 20  # fewer words than this: too little to judge
MIN_SYLLABLE_SHARE = 0.85  # measured: 16 plans 0,95–1,00; garbled PDF text layers 0,58–0,62
MIN_MARKED_SHARE = (
    0.15  # measured: 82–89 % of a plan's words carry a Vietnamese letter or tone mark; English 3 %
)
MAX_UNMAPPED_SHARE = 0.05  # characters whose font has no Unicode map


@dataclass(frozen=True, slots=True)
class LanguageCheck:
    """How Vietnamese a text looks: ``words`` judged, the share that are syllables, the share marked."""

    words: int
    syllable_share: float
    marked_share: float

    @property
    def is_vietnamese(self) -> bool:
        return self.words < MIN_WORDS or self.marked_share >= MIN_MARKED_SHARE

    @property
    def is_garbled(self) -> bool:
        return self.words >= MIN_WORDS and self.is_vietnamese and self.syllable_share < MIN_SYLLABLE_SHARE


def check_language(text: str) -> LanguageCheck:
    """Count the words of (the start of) an NFC text that are Vietnamese syllables and that carry marks.

    >>> check_language("Tỷ lệ hộ nghèo giảm còn dưới ba phần trăm").syllable_share
    1.0
    """
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    if not words:
        return LanguageCheck(0, 1.0, 0.0)
    syllables = marked = 0
    for word in words:
        tones, base = _tones_and_base(word)
        if tones or any(ch in _VIETNAMESE_LETTERS for ch in base):
            marked += 1
        if tones <= 1 and _SYLLABLE.fullmatch(base) and not _DOUBLED_VOWEL.search(base):
            syllables += 1
    return LanguageCheck(len(words), syllables / len(words), marked / len(words))


def is_syllable(word: str) -> bool:
    """Whether a lower-case word is spelled as a Vietnamese syllable ("quốc" yes; "asean", "xiii" no)."""
    tones, base = _tones_and_base(word)
    return tones <= 1 and _SYLLABLE.fullmatch(base) is not None and not _DOUBLED_VOWEL.search(base)


def _tones_and_base(word: str) -> tuple[int, str]:
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(1 for ch in decomposed if ch in _TONE_MARKS)
    return tones, unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))


def text_layer_problem(text: str, unmapped_chars: int = 0) -> str | None:
    """Why the text layer of a PDF cannot be used (one sentence), or None when it reads as Vietnamese."""
    letters = sum(1 for ch in text[:SAMPLE_CHARS] if not ch.isspace())
    if unmapped_chars > MAX_UNMAPPED_SHARE * max(letters, 1):
        return (
            "lớp chữ của pdf không dùng được: phông chữ không có bảng mã Unicode (ToUnicode), chữ đọc ra "
            "sai; hãy xuất lại PDF từ văn bản gốc hoặc tải lên tệp .docx"
        )
    if check_language(text).is_garbled:
        return (
            "lớp chữ của pdf không dùng được: phông chữ sai bảng mã nên chữ Việt đọc ra lẫn lộn "
            "(như “th ng xuyên ủ ộ”); hãy xuất lại PDF từ văn bản gốc hoặc tải lên tệp .docx"
        )
    return None
