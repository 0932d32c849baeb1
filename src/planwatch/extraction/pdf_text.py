"""The text layer of a PDF, rebuilt from the position of every character (PDFium, via pypdfium2).

Word processors do not write a line's characters in reading order: LibreOffice draws the letters its
main font lacks (``ạ ộ ồ ệ`` in a Latin font) after the rest of the line, in a fallback font, so a reader
that follows the content stream gives "th ng xuyên … ườ". Here every character is placed by its
baseline and its left edge, lines are rebuilt from the baselines, words from the gaps between
characters, and an empty paragraph (a vertical gap of about two lines) becomes a blank line, as the
layout reader expects (docs/decisions/0006-pdf-text-layer.md has the measurements behind the choice).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from planwatch.extraction.errors import UnreadableDocumentError

MAX_PDF_PAGES = 2000

# A gap wider than this share of the font size between two characters is a space.
_SPACE_GAP = 0.18
# Two characters belong to one line when their baselines are closer than this share of the font size.
_SAME_LINE = 0.45
# A line gap over this multiple of the page's usual line pitch (its lower quartile) holds an empty paragraph.
_BLANK_GAP = 1.6


@dataclass(frozen=True, slots=True)
class PdfChar:
    """One drawn character: its text, left and right edge, baseline and font size (PDF points)."""

    text: str
    left: float
    right: float
    baseline: float
    size: float


@dataclass(frozen=True, slots=True)
class PdfText:
    """The rebuilt text and what the reader noticed about the file's fonts."""

    text: str
    unmapped_chars: int  # characters whose font has no Unicode map (ToUnicode) for them


def read_pdf_text(path: Path) -> PdfText:
    """The text of every page, in reading order, pages separated by a line end.

    Raises:
        UnreadableDocumentError: a damaged file, a password-protected one, too many pages.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise UnreadableDocumentError(
                f"{path.name}: tệp pdf được mã hóa (có mật khẩu): hãy gỡ mật khẩu rồi tải lên lại"
            ) from None
        raise UnreadableDocumentError(f"{path.name}: tệp pdf hỏng (không mở được)") from None
    try:
        if len(document) > MAX_PDF_PAGES:
            raise UnreadableDocumentError(f"{path.name}: tệp pdf quá nhiều trang ({len(document)})")
        pages: list[str] = []
        unmapped = 0
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                chars, page_unmapped = _page_chars(textpage.raw, raw)
            finally:
                textpage.close()
                page.close()
            unmapped += page_unmapped
            pages.append(assemble_lines(chars))
    except pdfium.PdfiumError as error:
        raise UnreadableDocumentError(f"{path.name}: tệp pdf hỏng ({error})") from None
    finally:
        document.close()
    return PdfText(text="\n".join(pages), unmapped_chars=unmapped)


def _page_chars(textpage: Any, api: Any) -> tuple[list[PdfChar], int]:
    count = api.FPDFText_CountChars(textpage)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    chars: list[PdfChar] = []
    unmapped = 0
    for index in range(max(count, 0)):
        if api.FPDFText_IsGenerated(textpage, index) == 1:
            space = _generated_space(textpage, api, index, count)
            if space is not None:
                chars.append(space)
            continue
        code = api.FPDFText_GetUnicode(textpage, index)
        if api.FPDFText_HasUnicodeMapError(textpage, index) == 1:
            unmapped += 1
        if code in (0, 0x0D, 0x0A, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:  # no lone surrogates
            continue
        text = chr(code)
        api.FPDFText_GetCharBox(
            textpage, index, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)
        )
        api.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
        size = api.FPDFText_GetFontSize(textpage, index) or 10.0
        chars.append(PdfChar(text, min(left.value, x.value), right.value, y.value, size))
    return chars, unmapped


def _generated_space(textpage: Any, api: Any, index: int, count: int) -> PdfChar | None:
    """A space PDFium inferred from the pen's position where the file draws none.

    After a letter drawn in a fallback font the file may hold no space character at all, yet the
    next word starts a space's width further on: PDFium's generated space marks it. PDFium also
    generates a space at every change of font, at the very origin of the next character: that one
    is no gap and is dropped.
    """
    if api.FPDFText_GetUnicode(textpage, index) != 0x20 or index + 1 >= count:
        return None
    if api.FPDFText_IsGenerated(textpage, index + 1) == 1:
        return None
    x, y, next_x, next_y = (ctypes.c_double() for _ in range(4))
    api.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
    api.FPDFText_GetCharOrigin(textpage, index + 1, ctypes.byref(next_x), ctypes.byref(next_y))
    size = api.FPDFText_GetFontSize(textpage, index + 1) or 10.0
    if abs(next_y.value - y.value) > _SAME_LINE * size or next_x.value - x.value < _SPACE_GAP * size:
        return None
    return PdfChar(" ", x.value, x.value, y.value, size)


def assemble_lines(chars: Iterable[PdfChar]) -> str:
    """Characters in any drawing order -> lines top to bottom, words left to right, blank lines kept."""
    ordered = sorted(chars, key=lambda c: (-c.baseline, c.left))
    lines: list[list[PdfChar]] = []
    for char in ordered:
        if lines:
            line = lines[-1]
            if abs(line[0].baseline - char.baseline) <= _SAME_LINE * max(line[0].size, char.size):
                line.append(char)
                continue
        lines.append([char])
    pitches = [a[0].baseline - b[0].baseline for a, b in pairwise(lines) if a[0].baseline - b[0].baseline > 0]
    pitch = sorted(pitches)[len(pitches) // 4] if pitches else 0.0  # the usual pitch: blank lines are rarer
    out: list[str] = []
    previous: float | None = None
    for line in lines:
        baseline = line[0].baseline
        if previous is not None and pitch and previous - baseline > _BLANK_GAP * pitch:
            out.append("")
        out.append(_line_text(line))
        previous = baseline
    return "\n".join(out)


def _line_text(line: Sequence[PdfChar]) -> str:
    parts: list[str] = []
    right: float | None = None
    previous: PdfChar | None = None
    for char in sorted(line, key=lambda c: c.left):
        if (
            previous is not None
            and char.text == previous.text
            and char.left - previous.left < 0.1 * char.size
        ):
            continue  # the same letter drawn twice over itself: "bold" by overprinting
        previous = char
        if char.text.isspace():
            if parts and parts[-1] != " ":
                parts.append(" ")
            right = max(right or char.right, char.right)
            continue
        if right is not None and char.left - right > _SPACE_GAP * char.size and parts and parts[-1] != " ":
            parts.append(" ")
        parts.append(char.text)
        right = char.right if right is None else max(right, char.right)
    return "".join(parts).strip()
