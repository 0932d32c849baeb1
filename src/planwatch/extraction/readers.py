"""Reading a plan file into NFC text: ``.txt``, ``.docx`` (paragraphs and real tables) and ``.pdf``.

Tables come out in the flattened form the corpus uses (one cell per line block, a ``|`` line after
each cell, merged cells empty), so one table reader serves text exports and Word files alike.
Every refusal is an :class:`UnreadableDocumentError` with a one-line reason.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from planwatch.domain.text import nfc
from planwatch.extraction.encodings import decode_text, text_layer_problem
from planwatch.extraction.errors import UnreadableDocumentError
from planwatch.extraction.pdf_text import read_pdf_text

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # a docx that inflates beyond this is a zip bomb
MAX_COMPRESSION_RATIO = 200
SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")


def read_document(path: Path) -> str:
    """The text of a plan file, NFC-normalised, with ``\\n`` line ends.

    Raises:
        UnreadableDocumentError: missing, empty, too large, wrong type, corrupt, binary, no text.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableDocumentError(
            f"{path.name}: loại tệp '{suffix or '(không có đuôi)'}' không được hỗ trợ (chỉ .txt, .docx, .pdf)"
        )
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UnreadableDocumentError(f"{path.name}: không mở được tệp ({error.strerror})") from None
    if not path.is_file():
        raise UnreadableDocumentError(f"{path.name}: không phải là tệp")
    if size == 0:
        raise UnreadableDocumentError(f"{path.name}: tệp rỗng")
    if size > MAX_FILE_BYTES:
        raise UnreadableDocumentError(f"{path.name}: tệp quá lớn ({size // (1024 * 1024)} MB, tối đa 20 MB)")
    if suffix == ".txt":
        text = decode_text(path.read_bytes())
    elif suffix == ".docx":
        text = _read_docx(path)
    else:
        text = _read_pdf(path)
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\ufeff", "")
    if not text.strip():
        raise UnreadableDocumentError(f"{path.name}: tệp không có nội dung chữ")
    return text


def _read_docx(path: Path) -> str:
    _check_docx_container(path)
    import docx  # python-docx, imported late: only docx files pay for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        return "\n".join(_docx_blocks(document))
    except PackageNotFoundError:
        raise UnreadableDocumentError(f"{path.name}: tệp docx hỏng (không phải gói Word)") from None
    except UnreadableDocumentError:
        raise
    except Exception as error:  # lxml, zipfile and KeyError from a damaged package
        raise UnreadableDocumentError(f"{path.name}: tệp docx hỏng ({type(error).__name__})") from None


def _check_docx_container(path: Path) -> None:
    """Refuse a damaged zip or a zip bomb before python-docx inflates anything."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if "word/document.xml" not in names:
                raise UnreadableDocumentError(f"{path.name}: tệp docx hỏng (thiếu word/document.xml)")
            total = sum(entry.file_size for entry in entries)
            packed = sum(entry.compress_size for entry in entries) or 1
            if total > MAX_UNZIPPED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
                raise UnreadableDocumentError(
                    f"{path.name}: tệp docx bị từ chối (giải nén ra {total // (1024 * 1024)} MB: "
                    "nghi là zip bomb)"
                )
    except zipfile.BadZipFile:
        raise UnreadableDocumentError(f"{path.name}: tệp docx hỏng (không phải tệp zip)") from None
    except (OSError, EOFError, ValueError, NotImplementedError) as error:
        raise UnreadableDocumentError(f"{path.name}: tệp docx hỏng ({type(error).__name__})") from None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_blocks(document: Any) -> list[str]:
    """Body paragraphs and tables in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            text = paragraph.text
            if paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None and text.strip():
                text = "- " + text.lstrip()  # a Word list item: the bullet or number is not in the text
            blocks.append(text)
        elif child.tag == f"{_W}tbl":
            blocks.append(_flatten_table(Table(child, document)))
    return blocks


def _flatten_table(table: Any) -> str:
    """A Word table as the flattened cell stream: cells separated by ``|`` lines, merged cells empty."""
    cells: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a horizontally merged cell repeats in every grid column it spans
                continue
            seen.add(id(cell._tc))
            tc_pr = cell._tc.tcPr
            v_merge = None if tc_pr is None else tc_pr.find(f"{_W}vMerge")
            is_continuation = v_merge is not None and v_merge.get(f"{_W}val") in (None, "continue")
            cells.append("" if is_continuation else cell.text.strip())
    return "\n|\n".join(cells) + "\n|"  # a "|" line after every cell, as in text exports


def _read_pdf(path: Path) -> str:
    """The PDF's text layer in reading order; refused when there is none or it does not read as text."""
    layer = read_pdf_text(path)
    if not layer.text.strip():
        raise UnreadableDocumentError(
            f"{path.name}: pdf không có lớp chữ (no text layer): có lẽ là bản quét, "
            "cần nhận dạng chữ (OCR) trước"
        )
    problem = text_layer_problem(nfc(layer.text), layer.unmapped_chars)
    if problem is not None:
        raise UnreadableDocumentError(f"{path.name}: {problem}")
    return layer.text
