"""Reading files: encodings, formats, and a one-line refusal for every bad input."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from planwatch.extraction import UnreadableDocumentError, extract_file
from planwatch.extraction.encodings import encode_tcvn3
from planwatch.extraction.readers import MAX_FILE_BYTES, read_document

PLAN = "II. MỤC TIÊU\n2. Mục tiêu cụ thể đến năm 2030\n- Tỷ lệ hộ nghèo đa chiều giảm xuống dưới 3%.\n"


def _refusal(path: Path) -> str:
    with pytest.raises(UnreadableDocumentError) as caught:
        extract_file(path)
    message = str(caught.value)
    assert message
    assert "\n" not in message
    return message


def test_utf8_text_is_read_and_normalised_to_nfc(tmp_path: Path) -> None:
    # given a plan typed with decomposed (NFD) Vietnamese letters
    path = tmp_path / "plan.txt"
    path.write_text(unicodedata.normalize("NFD", PLAN), encoding="utf-8")
    # when read, then the text is NFC and the target is found
    assert read_document(path) == unicodedata.normalize("NFC", PLAN)
    target = extract_file(path).documents[0].targets[0]
    assert (target.comparator, target.value) == ("<", 3)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_utf16_and_bom_text_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode(encoding))
    assert read_document(path) == PLAN


def test_tcvn3_text_is_converted(tmp_path: Path) -> None:
    # given a plan saved in the legacy TCVN3 encoding (lower-case letters only exist there)
    path = tmp_path / "legacy.txt"
    text = "mục tiêu đến năm 2030: tỷ lệ hộ nghèo của tỉnh giảm còn dưới 3% và các xã được công nhận.\n"
    path.write_bytes(encode_tcvn3(text))
    # when read, then it comes back as Unicode
    assert read_document(path) == text


def test_vni_text_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "vni.txt"
    path.write_bytes("Tyû leä hoä ngheøo ñöôïc giaûm; ñaây laø muïc tieâu ñöôïc ñaët ra.".encode("cp1252"))
    assert "VNI" in _refusal(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "rỗng" in _refusal(path)


def test_whitespace_only_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    assert "không có nội dung" in _refusal(path)


def test_binary_data_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 40)
    assert "nhị phân" in _refusal(path) or "bảng mã" in _refusal(path)


def test_wrong_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.doc"
    path.write_text(PLAN, encoding="utf-8")
    assert "không được hỗ trợ" in _refusal(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    assert "không mở được" in _refusal(tmp_path / "absent.txt")


def test_file_over_20_mb_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    assert "quá lớn" in _refusal(path)


def test_corrupt_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    assert "docx hỏng" in _refusal(path)


def test_docx_without_document_part_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert "docx hỏng" in _refusal(path)


def test_docx_with_broken_xml_is_refused(tmp_path: Path) -> None:
    # given a real docx whose main part was damaged
    source = io.BytesIO()
    docx.Document().save(source)
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(io.BytesIO(source.getvalue())) as original, zipfile.ZipFile(path, "w") as copy:
        for entry in original.infolist():
            data = original.read(entry.filename)
            copy.writestr(entry, b"<w:document" if entry.filename == "word/document.xml" else data)
    assert "docx hỏng" in _refusal(path)


def test_zip_bomb_disguised_as_docx_is_refused(tmp_path: Path) -> None:
    # given a docx-looking zip whose part inflates a thousandfold (a real bomb nests far more)
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))
    # then it is refused from the zip directory alone
    assert "zip bomb" in _refusal(path)


def test_corrupt_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
    )
    assert "pdf" in _refusal(path)


def test_scanned_pdf_without_text_is_refused(tmp_path: Path) -> None:
    # given a pdf page that only holds a drawing (as a scan holds only an image)
    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.rect(50, 50, 400, 600, fill=1)
    page.save()
    assert "no text layer" in _refusal(path)


def test_docx_paragraphs_lists_and_tables_are_read(tmp_path: Path) -> None:
    # given a Word plan: headings, a bulleted list and an indicator table with a merged agency cell
    document = docx.Document()
    document.add_paragraph("II. MỤC TIÊU")
    document.add_paragraph("2. Mục tiêu cụ thể đến năm 2030")
    document.add_paragraph("Tỷ lệ trường học có thư viện đạt chuẩn trên 70%.", style="List Bullet")
    document.add_paragraph("PHỤ LỤC")
    rows = [
        ("TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu đến năm 2030", "Đơn vị phụ trách"),
        ("1", "Tỷ lệ xã có trạm y tế đạt chuẩn", "%", "100", "Sở Y tế"),
        ("2", "Số bác sĩ trên 10.000 dân", "Người", "12", ""),
        ("3", "Tỷ lệ trẻ em được tiêm chủng đầy đủ", "%", "≥ 98", "Trung tâm Kiểm soát bệnh tật"),
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 4).merge(table.cell(2, 4))  # one agency for two rows
    table.cell(1, 4).text = "Sở Y tế"
    path = tmp_path / "plan.docx"
    document.save(str(path))
    # when extracted
    targets = extract_file(path).documents[0].targets
    # then the list item and every table row are targets, the merged agency carried down
    assert [(t.comparator, t.value, t.responsible) for t in targets] == [
        (">", 70, None),
        ("=", 100, "Sở Y tế"),
        ("=", 12, "Sở Y tế"),
        (">=", 98, "Trung tâm Kiểm soát bệnh tật"),
    ]
