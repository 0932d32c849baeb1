"""PDF plans (issue #14): the text layer comes back in reading order with its blank lines, the targets
of a PDF are those of its text, and an unusable text layer is refused in one sentence."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from planwatch.cli import main
from planwatch.extraction import UnreadableDocumentError, extract_file, extract_text
from planwatch.extraction.encodings import check_language, text_layer_problem
from planwatch.extraction.pdf_text import PdfChar, assemble_lines
from planwatch.extraction.readers import read_document
from planwatch.extraction.scoring import default_scorer, score_file
from planwatch.paths import corpus_dir

CORPUS_DEV = corpus_dir().parent / "corpus-dev"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")

# Our own plan: the letters ạ ộ ồ ệ ư are missing from Liberation Serif as Debian ships it, so
# LibreOffice draws them in a fallback font after the rest of each line.
OWN_PLAN = (
    "KẾ HOẠCH\n"
    "\n"
    "Thực hiện chuyển đổi số trong các trường học và các dự án học liệu mở của tỉnh giai đoạn 2026 - 2030, "
    "gắn với việc nâng cao năng lực số cho giáo viên, học sinh và cha mẹ học sinh ở mọi cấp học\n"
    "\n"
    "CÁC DỰ ÁN ỨNG DỤNG CÔNG NGHỆ SỐ TRONG TRƯỜNG HỌC\n"
    "\n"
    "II. MỤC TIÊU\n"
    "2. Mục tiêu cụ thể đến năm 2030\n"
    "- Phấn đấu 90% trường học thường xuyên sử dụng học bạ điện tử.\n"
    "\n"
    "- Tỷ lệ giáo viên được bồi dưỡng kỹ năng số đạt trên 85%.\n"
)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"{name} not found: `make test` installs it (scripts/system-packages.sh libreoffice-writer-nogui)"
        )
    return found


@pytest.fixture(scope="session")
def libreoffice_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every corpus-dev plan and OWN_PLAN as LibreOffice exports them, converted once per session."""
    if not CORPUS_DEV.is_dir():
        pytest.fail(f"corpus-dev not found at {CORPUS_DEV}")
    folder = tmp_path_factory.mktemp("libreoffice-pdf")
    own = folder / "own-plan.txt"
    own.write_text(OWN_PLAN, encoding="utf-8")
    sources = [*sorted(CORPUS_DEV.glob("*.txt")), own]
    subprocess.run(
        [
            _tool("soffice"),
            "--headless",
            "--infilter=Text (encoded):UTF8,LF,Liberation Serif,vi",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {source.stem: folder / f"{source.stem}.pdf" for source in sources}


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def test_a_libreoffice_pdf_reads_back_as_its_text_with_blank_lines(libreoffice_pdfs: dict[str, Path]) -> None:
    # given our plan exported by LibreOffice, where some letters are drawn out of line order and the
    # file has no space after them ("DỰ ÁN")
    read = read_document(libreoffice_pdfs["own-plan"])
    # when read, then every paragraph is the source's, word for word, and blank lines separate them
    assert _paragraphs(read) == _paragraphs(OWN_PLAN)
    assert "CÁC DỰ ÁN ỨNG DỤNG" in read


def test_a_title_that_the_pdf_wrapped_is_read_whole(libreoffice_pdfs: dict[str, Path]) -> None:
    from_pdf = extract_file(libreoffice_pdfs["own-plan"]).documents[0].title
    assert from_pdf == extract_text(OWN_PLAN).documents[0].title
    assert from_pdf is not None
    assert from_pdf.endswith("ở mọi cấp học")


def test_a_libreoffice_pdf_yields_the_targets_of_its_text(libreoffice_pdfs: dict[str, Path]) -> None:
    from_pdf = extract_file(libreoffice_pdfs["own-plan"]).documents[0].targets
    from_text = extract_text(OWN_PLAN).documents[0].targets
    assert [(t.comparator, t.value, t.indicator) for t in from_pdf] == [
        (t.comparator, t.value, t.indicator) for t in from_text
    ]
    assert len(from_pdf) == 2


@pytest.mark.parametrize("plan", sorted(p.stem for p in CORPUS_DEV.glob("*.txt")))
def test_every_corpus_dev_plan_scores_as_well_from_its_pdf_as_from_its_text(
    libreoffice_pdfs: dict[str, Path], plan: str
) -> None:
    # given a corpus-dev plan and the PDF LibreOffice makes of it
    gold = json.loads((CORPUS_DEV / f"{plan}.json").read_text(encoding="utf-8"))
    text = extract_file(CORPUS_DEV / f"{plan}.txt").to_json()
    pdf = extract_file(libreoffice_pdfs[plan]).to_json()
    # then the PDF's target F1 is within 0,03 of the text's
    text_f1 = score_file(text, gold, default_scorer()).targets.f1
    pdf_f1 = score_file(pdf, gold, default_scorer()).targets.f1
    assert pdf_f1 >= text_f1 - 0.03, (pdf_f1, text_f1)
    # and the documents' header facts are read the same (a title's words keep their spaces)
    facts = ("doc_id", "number", "issued", "implements", "title")
    assert [{k: d[k] for k in facts} for d in pdf["documents"]] == [
        {k: d[k] for k in facts} for d in text["documents"]
    ]


def test_characters_drawn_out_of_order_are_put_back_by_position() -> None:
    # given "Mục tiêu" on one line and "đạt" below, the accented letters drawn last (as a fallback font)
    def chars(text: str, x: float, baseline: float) -> list[PdfChar]:
        return [PdfChar(ch, x + 6 * i, x + 6 * i + 5, baseline, 12) for i, ch in enumerate(text)]

    line_one = chars("Mục tiêu", 50, 700)
    line_two = chars("đạt", 50, 686)
    drawn = [c for c in line_one if c.text not in "ụê"] + line_two + [c for c in line_one if c.text in "ụê"]
    # a line further down, after an empty paragraph
    drawn += chars("Hết", 50, 644)
    assert assemble_lines(drawn) == "Mục tiêu\nđạt\n\nHết"


def _reportlab_pdf(lines: list[str]) -> bytes:
    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(DEJAVU)))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("DejaVuSerif", 11)
    for index, line in enumerate(lines):
        page.drawString(50, 780 - 16 * index, line)
    page.save()
    return buffer.getvalue()


SENTENCES = [
    "Kế hoạch phát triển thư viện số của tỉnh đến năm 2030",
    "Mục tiêu cụ thể đến năm 2030",
    "- Phấn đấu 80% thư viện xã được kết nối với thư viện tỉnh.",
    "- Mỗi năm tổ chức ít nhất 12 buổi giới thiệu sách cho học sinh tiểu học.",
    "Các sở, ngành và địa phương phối hợp thực hiện, định kỳ báo cáo kết quả hằng năm.",
]


def test_a_pdf_whose_fonts_lost_their_unicode_map_is_refused(tmp_path: Path) -> None:
    # given a PDF of subsetted fonts from which every /ToUnicode map was removed
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_reportlab_pdf(SENTENCES))))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font.get_object().pop(NameObject("/ToUnicode"), None)
    path = tmp_path / "no-map.pdf"
    with path.open("wb") as out:
        writer.write(out)
    # when read, then it is refused in one sentence instead of giving garbage
    with pytest.raises(UnreadableDocumentError) as refused:
        read_document(path)
    assert "không dùng được" in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_pdf_with_its_unicode_map_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "mapped.pdf"
    path.write_bytes(_reportlab_pdf(SENTENCES))
    assert read_document(path).split("\n") == [unicodedata.normalize("NFC", s) for s in SENTENCES]


def test_a_password_protected_pdf_is_refused_with_its_own_message(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_reportlab_pdf(SENTENCES))))
    writer.encrypt(user_password="mat-khau", owner_password="mat-khau")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as out:
        writer.write(out)
    with pytest.raises(UnreadableDocumentError) as refused:
        read_document(path)
    assert "mật khẩu" in str(refused.value)


GARBLED = (
    "Các đ n v  th ng xuyên ki m tra vi c th c hi n k  ho ch và báo cáo k t qu  cho  y ban "
    "nhân dân t nh theo đ nh k  hàng quý, đ ng th i đ  xu t các gi i pháp ủ ộ ồ ệ ạ ữ ậ ớ ư ợ"
)


def test_a_garbled_text_layer_is_told_apart_from_vietnamese_and_english() -> None:
    vietnamese = "Các đơn vị thường xuyên kiểm tra việc thực hiện kế hoạch và báo cáo kết quả hằng quý."
    english = "Every agency regularly checks how the plan is carried out and reports each quarter on it."
    assert text_layer_problem(vietnamese * 3) is None
    assert "lẫn lộn" in (text_layer_problem(GARBLED) or "")
    assert check_language(GARBLED).is_garbled
    assert not check_language(english * 3).is_vietnamese
    assert text_layer_problem(vietnamese * 3, unmapped_chars=200) is not None


def test_the_cli_refuses_an_unusable_pdf_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_reportlab_pdf(SENTENCES))))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font.get_object().pop(NameObject("/ToUnicode"), None)
    path = tmp_path / "hong.pdf"
    with path.open("wb") as out:
        writer.write(out)

    code = main(["extract", str(path)])

    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("planwatch: hong.pdf: lớp chữ của pdf không dùng được")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_a_letter_drawn_twice_over_itself_is_read_once_but_a_doubled_letter_stays() -> None:
    # given a heading made bold by drawing each letter twice, 0,3 pt apart, and a word with "oo"
    heading = [PdfChar(ch, 50 + 7 * i, 56 + 7 * i, 700, 12) for i, ch in enumerate("MỤC TIÊU")]
    bold = [PdfChar(c.text, c.left + 0.3, c.right + 0.3, 700, 12) for c in heading]
    word = [PdfChar(ch, 50 + 7 * i, 56 + 7 * i, 680, 12) for i, ch in enumerate("xoong")]
    assert assemble_lines(heading + bold + word) == "MỤC TIÊU\nxoong"


def test_letters_drawn_after_their_line_and_words_without_space_characters_read_in_order(
    tmp_path: Path,
) -> None:
    # given lines drawn letter by letter as LibreOffice does with a fallback font: the letters
    # outside Latin-1 last, after the whole line, and no space character anywhere
    lines = [
        "Tỷ lệ người dân được tiếp cận dịch vụ số đạt 80%",
        "và mỗi xã có ít nhất một điểm hỗ trợ",
        "",
        "Hoàn thành trước năm 2030",
    ]
    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(DEJAVU)))
    page = canvas.Canvas(str(tmp_path / "order.pdf"), pagesize=A4)
    page.setFont("DejaVuSerif", 11)
    for index, line in enumerate(lines):
        placed = [
            (ch, 50 + pdfmetrics.stringWidth(line[:i], "DejaVuSerif", 11))
            for i, ch in enumerate(line)
            if ch != " "
        ]
        for ch, x in [p for p in placed if ord(p[0]) < 256] + [p for p in placed if ord(p[0]) >= 256]:
            page.drawString(x, 780 - 14 * index, ch)
    page.save()
    assert read_document(tmp_path / "order.pdf").split("\n") == lines
