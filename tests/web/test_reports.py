"""The consolidated report of 219/KH-UBND from the database: docx, xlsx and pdf through the CLI and
the download view, opened and checked as a reader would (python-docx, openpyxl, pdftotext)."""

import io
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from planwatch.domain.vocabulary import Status, ValueState
from planwatch.reporting import ReportFormat
from planwatch.reporting.content import DEMO_BANNER, Paragraph, SenderState
from planwatch.web.accounts.access import access_scope
from planwatch.web.catalogue.selectors import document_get
from planwatch.web.figures.services import demo_figures_load
from planwatch.web.reports import selectors as reports_selectors
from planwatch.web.reports.selectors import report_content, report_facts
from planwatch.web.rounds.models import RoundSender
from planwatch.web.rounds.selectors import entry_rows
from planwatch.web.rounds.services import EntryInput, round_figures_save, round_open, round_submit

CliRun = Callable[..., tuple[int, str, str]]
WriteValues = Callable[[list[list[str]]], Path]
pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
TODAY = date(2026, 11, 20)
TARGETS_219 = 65  # 61 in the appendix, 4 in the text
POVERTY = "Tỉ lệ hộ nghèo đa chiều theo chuẩn nghèo quốc gia"
TRAINED = "Tỉ lệ lao động qua đào tạo"
INSURED = "Tỉ lệ dân số tham gia bảo hiểm y tế"
HOUSING = "Xây dựng căn hộ nhà ở xã hội cho người thu nhập thấp, công nghiệp khu công nghiệp"
FIGURES = [
    ["219/KH-UBND", POVERTY, "", "", "2024", "1,8", ""],
    ["219/KH-UBND", POVERTY, "", "", "2025", "1,5", ""],
    ["219/KH-UBND", POVERTY, "", "", "2026", "1,1", ""],
    # (71,5/70)^(1/3) − 1 = 0,71 %/year against (80/70)^(1/7) − 1 = 1,93 %/year: R = 0,37, limited progress.
    ["219/KH-UBND", TRAINED, "", "", "2023", "70", ""],
    ["219/KH-UBND", TRAINED, "", "", "2025", "71", ""],
    ["219/KH-UBND", TRAINED, "", "", "2026", "71,5", ""],
    # Falling from 92 % to 91 % against a target above 95 %: deteriorating.
    ["219/KH-UBND", INSURED, "", "", "2025", "92", ""],
    ["219/KH-UBND", INSURED, "", "", "2026", "91", ""],
    ["219/KH-UBND", HOUSING, "", "", "2025", "1.050", ""],
    ["219/KH-UBND", HOUSING, "", "", "2026", "100", ""],
]


@pytest.fixture
def figures(cli: CliRun, values_file: WriteValues) -> None:
    """Figures of 219/KH-UBND imported as a coordinator would, through `planwatch values import`."""
    code, _, err = cli("values", "import", values_file(FIGURES))
    assert (code, err) == (0, "")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} not found: `make test` installs it (scripts/system-packages.sh libreoffice-writer-nogui"
            " fonts-liberation poppler-utils)"
        )
    return path


def _annex_rows(document: Any) -> dict[str, list[str]]:
    """Annex target rows by indicator name (the cells' texts)."""
    table = document.tables[-1]
    return {
        row.cells[1].text: [c.text for c in row.cells]
        for row in table.rows[1:]
        if row.cells[0].text.isdigit()
    }


# --- docx -----------------------------------------------------------------------------------------


def test_the_docx_report_of_219_has_the_header_the_annex_and_the_charts(
    cli: CliRun, figures: None, tmp_path: Path
) -> None:
    out = tmp_path / "bao-cao.docx"

    code, stdout, err = cli("report", "--document", "219/KH-UBND", "--year", "2026", "--out", out)

    assert (code, err) == (0, "")
    assert f"Đã ghi {out} (docx, 65 chỉ tiêu" in stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bao-cao.docx",
        "values.csv",
    ]  # no temporary file left
    document = Document(str(out))
    header = document.tables[0]
    assert "SỞ NỘI VỤ" in header.cell(0, 0).text
    assert header.cell(0, 1).text.split("\n")[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    texts = [p.text.replace("\u00a0", " ") for p in document.paragraphs]  # "1,1 %" is kept on one line
    assert (
        "Kết quả thực hiện Kế hoạch số 219/KH-UBND ngày 08/07/2024 của UBND tỉnh Kiên Giang năm 2026" in texts
    )
    assert (
        "- Tỉ lệ hộ nghèo đa chiều theo chuẩn nghèo quốc gia năm 2026 là 1,1 %, đạt mục tiêu dưới 2 %"
        " đến năm 2030." in texts
    )
    assert document.styles["Normal"].font.name == "Times New Roman"
    rows = _annex_rows(document)
    assert len(rows) == TARGETS_219
    assert rows[POVERTY][5:8] == ["1,5", "1,1", "Đã đạt"]
    assert rows[HOUSING][5:7] == ["1.050", "100"]
    assert rows[INSURED][7] == "Đi lùi"
    assert rows[TRAINED][7] == "Chậm tiến độ"
    assert len(document.inline_shapes) == 2  # the two targets off track
    assert all(DEMO_BANNER not in s.header._element.xml for s in document.sections)


def test_the_coordinator_is_todays_successor_of_the_agency_the_plan_put_in_charge(figures: None) -> None:
    document = document_get("219/KH-UBND")

    today = report_facts(document, 2026, today=TODAY)
    before = report_facts(document, 2024, today=date(2024, 12, 1))

    # Task k1: chủ trì Sở LĐTBXH Kiên Giang -> Sở Nội vụ (01/3/2025) -> Sở Nội vụ tỉnh An Giang (01/7/2025).
    assert (today.coordinator, today.coordinator_province) == ("Sở Nội vụ tỉnh An Giang", "An Giang")
    assert before.coordinator == "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang"
    header = report_content(document, 2026, today=TODAY).header
    assert (header.body.parent, header.body.name, header.place_date) == (
        "UBND TỈNH AN GIANG",
        "SỞ NỘI VỤ",
        "An Giang, ngày 20 tháng 11 năm 2026",
    )


def test_a_document_naming_no_coordinator_is_reported_by_its_issuers_successor() -> None:
    facts = report_facts(document_get("KG-50-CTr-TU"), 2026, today=TODAY)

    assert facts.coordinator == "Tỉnh ủy An Giang"


def test_without_a_reporting_round_the_report_says_none_was_run(figures: None) -> None:
    content = report_content(document_get("219/KH-UBND"), 2026, today=TODAY)

    texts = [b.text for b in content.sections[0].blocks if isinstance(b, Paragraph)]
    assert content.timeliness is None
    assert any(t.startswith("Năm 2026 chưa có đợt báo cáo nào của Kế hoạch số 219/KH-UBND") for t in texts)


def test_the_reporting_round_of_the_year_gives_section_one_its_senders(users: dict[str, User]) -> None:
    coordinator, reporter = users["daumoi"], users["yte"]
    document = document_get("219/KH-UBND")
    round_ = round_open(
        scope=access_scope(coordinator),
        user=coordinator,
        document=document,
        year=2026,
        deadline=timezone.localdate() - timedelta(days=1),
    )
    health = RoundSender.objects.get(round=round_, agency__code="y-te-an-giang")
    share = next(
        r for r in entry_rows(health) if r.target.unit == "%" and r.target.comparator != "qualitative"
    )
    entry = EntryInput(line=1, target_id=share.target.pk, value_text="96")
    round_figures_save(
        scope=access_scope(reporter), user=reporter, sender=health, entries=[entry], source="test"
    )
    round_submit(
        scope=access_scope(reporter), user=reporter, sender=health, partial_reason="Mới có một số liệu"
    )

    content = report_content(document, 2026, today=TODAY)

    assert content.timeliness is not None
    states = {sender.name_today: sender.state for sender in content.timeliness.senders}
    assert states.pop("Sở Y tế tỉnh An Giang") is SenderState.LATE
    assert states
    assert set(states.values()) == {SenderState.MISSING}
    assert content.timeliness.deadline == round_.deadline_on


def test_drafts_are_listed_as_raw_figures_but_not_counted(cli: CliRun, values_file: WriteValues) -> None:
    cli(
        "values",
        "import",
        values_file([["219/KH-UBND", POVERTY, "", "", "2026", "1,1", ""]]),
        "--state",
        "draft",
    )

    content = report_content(document_get("219/KH-UBND"), 2026, today=TODAY)

    (raw,) = content.raw_values
    assert (raw.target_key, raw.value, raw.state, raw.source) == (
        "t12",
        1.1,
        ValueState.DRAFT,
        "import values.csv, dòng 2",
    )
    poverty = next(r for r in content.annex.rows if r.key == "t12")
    assert (poverty.values, poverty.status) == ((None, None), Status.NO_DATA)


def test_the_five_year_review_shows_every_year_and_each_status(
    cli: CliRun, figures: None, tmp_path: Path
) -> None:
    out = tmp_path / "so-ket.docx"

    code, _, err = cli(
        "report", "--document", "KG-219-KH-UBND", "--year", "2026", "--review", "5y", "--out", out
    )

    assert (code, err) == (0, "")
    document = Document(str(out))
    assert (
        "Sơ kết 5 năm thực hiện Kế hoạch số 219/KH-UBND ngày 08/07/2024 của UBND tỉnh Kiên Giang"
        " (giai đoạn 2024–2026)" in [p.text for p in document.paragraphs]
    )
    header = [c.text for c in document.tables[-1].rows[0].cells]
    assert header[5:8] == ["Thực hiện năm 2024", "Thực hiện năm 2025", "Thực hiện năm 2026"]
    assert _annex_rows(document)[POVERTY][5:8] == ["1,8\nĐã đạt", "1,5\nĐã đạt", "1,1\nĐã đạt"]


# --- xlsx -----------------------------------------------------------------------------------------


def test_the_xlsx_report_has_the_annex_and_the_raw_figures(
    cli: CliRun, figures: None, tmp_path: Path
) -> None:
    out = tmp_path / "bao-cao.xlsx"

    code, _, err = cli("report", "--document", "219/KH-UBND", "--year", "2026", "--out", out)

    assert (code, err) == (0, "")
    workbook = load_workbook(out)
    annex, raw = workbook["Phụ lục I"], workbook["Số liệu"]
    targets = [row for row in annex.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert len(targets) == TARGETS_219
    poverty = next(row for row in targets if row[1] == POVERTY)
    assert (poverty[6], poverty[7], poverty[8]) == (1.5, 1.1, "Đã đạt")
    raw_rows = list(raw.iter_rows(min_row=2, values_only=True))
    assert len(raw_rows) == len(FIGURES)
    assert {(row[0], row[8]) for row in raw_rows} >= {("t12", "Đã duyệt")}
    assert all(str(row[10]).startswith("import values.csv, dòng ") for row in raw_rows)


# --- pdf ------------------------------------------------------------------------------------------


def test_the_pdf_of_the_demo_report_keeps_its_diacritics_and_labels_every_page(
    cli: CliRun, tmp_path: Path
) -> None:
    pdftotext, pdftoppm = _tool("pdftotext"), _tool("pdftoppm")
    _tool("soffice")
    demo_figures_load()
    out = tmp_path / "bao-cao.pdf"

    code, stdout, err = cli(
        "report", "--document", "219/KH-UBND", "--year", "2025", "--format", "pdf", "--out", out
    )

    assert (code, err) == (0, "")
    assert "có số liệu minh họa" in stdout
    pages = len(PdfReader(out).pages)
    text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
    page_texts = text.split("\f")[:pages]
    assert pages >= 10  # body, the landscape annex of 65 targets, the charts
    assert unicodedata.is_normalized("NFC", text)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ NỘI VỤ",
        "BÁO CÁO",
        "TÌNH HÌNH TRIỂN KHAI",
        "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "Phụ lục I",
        "Phụ lục II",
        "Nơi nhận:",
    ):
        assert expected in text
    assert all(DEMO_BANNER in page for page in page_texts)
    _assert_one_font_family(out)
    _assert_no_annex_word_is_broken(cli, tmp_path, page_texts)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(out, ARTIFACTS / "bao-cao-219-KH-UBND-2025.pdf")
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(out),
            str(ARTIFACTS / "page-1"),
        ],
        check=True,
    )
    assert (ARTIFACTS / "page-1.png").read_bytes()[:4] == b"\x89PNG"


def _assert_one_font_family(pdf: Path) -> None:
    """Every letter from one family with Vietnamese glyphs: no DejaVu filling in accented letters."""
    listed = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0].partition("+")[2] or line.split()[0] for line in listed.splitlines()[2:]]
    families = {name.split("-")[0].replace(",", "") for name in names}
    assert names
    assert len(families) == 1, names
    assert families <= {"LiberationSerif", "TimesNewRomanPSMT", "TimesNewRoman"}, names
    assert not any("DejaVu" in name for name in names)


def _assert_no_annex_word_is_broken(cli: CliRun, tmp_path: Path, page_texts: list[str]) -> None:
    """Every word printed on the pages of Phụ lục I is a whole word of its cells: a word split across
    lines ("giườ" / "ng/10.000", "VI" / "I") would print pieces that are no word of the table."""
    docx = tmp_path / "bao-cao.docx"
    code, _, err = cli("report", "--document", "219/KH-UBND", "--year", "2025", "--out", docx)
    assert (code, err) == (0, "")
    document = Document(str(docx))
    cells = {
        word
        for row in document.tables[-1].rows
        for cell in row.cells
        for word in cell.text.replace("\u00a0", " ").split()
    }
    words = cells | {w for p in document.paragraphs for w in p.text.replace("\u00a0", " ").split()}
    words |= set(DEMO_BANNER.split())
    first = next(i for i, page in enumerate(page_texts) if "Phụ lục I\n" in page)
    last = next(i for i, page in enumerate(page_texts) if "Phụ lục II" in page)
    printed = [w for page in page_texts[first:last] for w in page.split() if not w.isdigit()]
    assert len(printed) > 500
    assert [w for w in printed if w not in words] == []
    # each whole word of the table is printed whole ("VII", "giường/10.000")
    # (pdftotext joins a line ending in " -" to the next: a lone dash is no word to look for)
    assert sorted(w for w in cells - set(printed) if not w.isdigit() and any(c.isalnum() for c in w)) == []


# --- the command's errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--document", "219/KH-UBNDD", "--year", "2026"], "không có văn bản '219/KH-UBNDD'"),
        (["--document", "219/KH-UBND", "--year", "1800"], "năm báo cáo 1800 không hợp lệ"),
        (["--document", "52-CTr/TU", "--year", "2026"], "thuộc nhiều văn bản"),
    ],
)
def test_a_bad_request_is_one_sentence_and_exit_2(
    cli: CliRun, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "r.docx"

    code, stdout, err = cli("report", *args, "--out", out)

    assert (code, stdout) == (2, "")
    assert err.startswith("planwatch: ")
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_an_unwritable_out_is_refused_before_any_work(cli: CliRun, tmp_path: Path) -> None:
    code, _, missing_folder = cli(
        "report", "--document", "219/KH-UBND", "--year", "2026", "--out", tmp_path / "nowhere" / "r.docx"
    )
    code_dir, _, is_folder = cli("report", "--document", "219/KH-UBND", "--year", "2026", "--out", tmp_path)

    assert (code, code_dir) == (2, 2)
    assert "thư mục" in missing_folder
    assert "không tồn tại" in missing_folder
    assert "đó là một thư mục" in is_folder


def test_pdf_without_libreoffice_says_what_to_install(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "r.pdf"

    code, _, err = cli(
        "report", "--document", "219/KH-UBND", "--year", "2026", "--format", "pdf", "--out", out
    )

    assert code == 2
    assert "LibreOffice" in err
    assert "libreoffice-writer-nogui" in err
    assert not out.exists()


def test_a_year_that_is_not_a_number_is_a_usage_error(cli: CliRun, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli("report", "--document", "219/KH-UBND", "--year", "năm nay", "--out", tmp_path / "r.docx")

    assert exit_.value.code == 2


# --- the download view ----------------------------------------------------------------------------


@pytest.fixture
def signed_in(client_as: Callable[[str], Client]) -> Client:
    return client_as("lanhdao")


def test_a_user_without_a_role_may_not_download(client: Client) -> None:
    client.force_login(User.objects.create_user(username="khach", password="mat-khau-dai-12345"))

    response = client.get("/reports/KG-219-KH-UBND/2026.docx")

    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get("/reports/KG-219-KH-UBND/2026.docx")

    assert response.status_code == 302
    assert "next=/reports/KG-219-KH-UBND/2026.docx" in unquote(response["Location"])


def test_a_signed_in_user_downloads_the_docx_with_its_vietnamese_name(
    signed_in: Client, figures: None
) -> None:
    response = signed_in.get("/reports/KG-219-KH-UBND/2026.docx")

    assert response.status_code == 200
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="Bao-cao-219-KH-UBND-2026.docx"; '
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20219-KH-UBND%20n%C4%83m%202026.docx"
    )
    assert len(_annex_rows(Document(io.BytesIO(response.content)))) == TARGETS_219


def test_the_xlsx_and_the_review_are_downloaded_by_the_same_url_shape(signed_in: Client) -> None:
    response = signed_in.get("/reports/KG-219-KH-UBND/2026.xlsx?review=5y")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "Bao-cao-219-KH-UBND-2026-so-ket-5-nam.xlsx" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Phụ lục I", "Số liệu"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/reports/KG-219-KH-UBND/2026.odt", 404),
        ("/reports/KHONG-CO/2026.docx", 404),
        ("/reports/KG-219-KH-UBND/2026.docx?review=10y", 400),
        ("/reports/KG-219-KH-UBND/1800.docx", 400),
    ],
)
def test_bad_downloads_are_refused_with_the_right_status(signed_in: Client, url: str, status: int) -> None:
    assert signed_in.get(url).status_code == status


def test_the_url_is_named_for_the_pages_buttons() -> None:
    assert (
        reverse("reports:download", args=["KG-219-KH-UBND", 2026, "pdf"])
        == "/reports/KG-219-KH-UBND/2026.pdf"
    )


def test_a_report_is_laid_out_once_until_one_of_its_facts_changes(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    laid_out: list[str] = []
    real_render = reports_selectors.render

    def counting_render(content: Any, report_format: ReportFormat) -> bytes:
        laid_out.append(report_format.value)
        return real_render(content, report_format)

    monkeypatch.setattr(reports_selectors, "render", counting_render)
    document = document_get("219/KH-UBND")

    def section_one() -> str:
        report = reports_selectors.report_file(document, 2026, None, ReportFormat.DOCX)
        return "\n".join(p.text for p in Document(io.BytesIO(report.data)).paragraphs)

    before = section_one()
    again = section_one()
    cache.clear()  # another server process: none of this one's memory, the same database
    elsewhere = section_one()
    coordinator = users["daumoi"]
    round_open(
        scope=access_scope(coordinator),
        user=coordinator,
        document=document,
        year=2026,
        deadline=timezone.localdate() + timedelta(days=10),
    )
    after_the_round = section_one()

    assert laid_out == ["docx", "docx"]
    assert before == again == elsewhere
    assert "Năm 2026 chưa có đợt báo cáo nào" in before
    assert "Năm 2026 chưa có đợt báo cáo nào" not in after_the_round
