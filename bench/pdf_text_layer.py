"""How well each PDF library gives back the text of a Vietnamese plan (decision 0006; nothing asserted).

Run: ``.venv/bin/python bench/pdf_text_layer.py [CORPUS_DEV_DIR]`` (needs LibreOffice's ``soffice``;
pdfminer.six is not a dependency: ``.tools/bin/uv pip install --python .venv/bin/python pdfminer.six``
to measure it too, a library that is not installed is skipped). Every ``.txt`` plan of corpus-dev is
made into PDFs three ways:

* ``lo-txt``: LibreOffice opens the text file and exports it (one paragraph per line, blank lines kept);
* ``lo-docx``: python-docx writes a Word file like an office's (one justified Times New Roman paragraph
  per non-blank line, 6 pt after), LibreOffice exports it;
* ``reportlab``: reportlab draws the lines with a subsetted TrueType font, and a copy of that file
  whose fonts lost their ``/ToUnicode`` map (what a careless PDF writer produces).

For each reader it prints the character accuracy against the NFC source (the share of the source's
non-space characters that come back in whole words, in order), the share of the source's
paragraphs (text between blank lines) that come back whole, and the extractor's target F1 on the PDF
next to its F1 on the text (shared scorer, corpus-dev gold).
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from planwatch.extraction import extract_text
from planwatch.extraction.readers import read_document
from planwatch.extraction.scoring import default_scorer, score_file
from planwatch.paths import corpus_dir

Reader = Callable[[Path], str]


def _pypdf(path: Path) -> str:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path), strict=False).pages)


def _pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text as pdfminer_text

    return str(pdfminer_text(str(path)))


def _pdfium_stream(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(str(page.get_textpage().get_text_bounded()) for page in document)
    finally:
        document.close()


def _planwatch(path: Path) -> str:
    return read_document(path)


READERS: dict[str, Reader] = {
    "pypdf 7 (extract_text)": _pypdf,
    "pdfminer.six (extract_text)": _pdfminer,
    "pypdfium2 (get_text_bounded)": _pdfium_stream,
    "pypdfium2 + positions (planwatch)": _planwatch,
}


def _words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def char_accuracy(source: str, read: str) -> float:
    """Share of the source's non-space characters found in whole words, in order, in what was read."""
    a, b = _words(source), _words(read)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    kept = sum(len("".join(a[m.a : m.a + m.size])) for m in matcher.get_matching_blocks())
    total = len("".join(a))
    return kept / total if total else 1.0


def _paragraphs(text: str) -> Counter[str]:
    blocks = unicodedata.normalize("NFC", text).replace("\r\n", "\n").split("\n")
    out: Counter[str] = Counter()
    current: list[str] = []
    for line in [*blocks, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            out[" ".join(" ".join(current).split())] += 1
            current = []
    return out


def paragraphs_kept(source: str, read: str) -> float:
    expected = _paragraphs(source)
    found = _paragraphs(read)
    return sum((expected & found).values()) / max(1, sum(expected.values()))


def _soffice(args: list[str]) -> None:
    subprocess.run(["soffice", "--headless", *args], check=True, capture_output=True, timeout=600)


def make_pdfs(sources: list[Path], folder: Path) -> dict[str, list[Path]]:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    made: dict[str, list[Path]] = {}
    txt_dir, docx_dir, rl_dir = folder / "lo-txt", folder / "lo-docx", folder / "reportlab"
    for sub in (txt_dir, docx_dir, rl_dir):
        sub.mkdir()
    _soffice(
        [
            "--infilter=Text (encoded):UTF8,LF,Liberation Serif,vi",
            "--convert-to",
            "pdf",
            "--outdir",
            str(txt_dir),
            *map(str, sources),
        ]
    )
    made["lo-txt"] = [txt_dir / f"{s.stem}.pdf" for s in sources]
    words = []
    for source in sources:
        document = docx.Document()
        style = document.styles["Normal"]
        style.font.name = "Times New Roman"
        style.font.size = Pt(13)
        for line in source.read_text(encoding="utf-8").splitlines():
            if line.strip():
                paragraph = document.add_paragraph(line.strip())
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                paragraph.paragraph_format.space_after = Pt(6)
        target = docx_dir / f"{source.stem}.docx"
        document.save(str(target))
        words.append(target)
    _soffice(["--convert-to", "pdf", "--outdir", str(docx_dir), *map(str, words)])
    made["lo-docx"] = [docx_dir / f"{s.stem}.pdf" for s in sources]
    made["reportlab"] = [_reportlab(s, rl_dir) for s in sources]
    made["reportlab, no ToUnicode"] = [_strip_to_unicode(p, rl_dir) for p in made["reportlab"]]
    return made


def _reportlab(source: Path, folder: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerif", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"))
    target = folder / f"{source.stem}.pdf"
    page = canvas.Canvas(str(target), pagesize=A4)
    y = 800.0
    for line in source.read_text(encoding="utf-8").splitlines():
        for start in range(0, max(1, len(line)), 95):
            if y < 50:
                page.showPage()
                y = 800.0
            page.setFont("DejaVuSerif", 10)
            page.drawString(40, y, line[start : start + 95])
            y -= 13
    page.save()
    return target


def _strip_to_unicode(pdf: Path, folder: Path) -> Path:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(str(pdf)))
    for page in writer.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.get_object().values():
            font.get_object().pop(NameObject("/ToUnicode"), None)
    target = folder / f"{pdf.stem}-no-tounicode.pdf"
    with target.open("wb") as out:
        writer.write(out)
    return target


def _f1(text: str, gold: dict[str, object], name: str) -> float:
    predicted = extract_text(text, source_file=name).to_json()
    return score_file(predicted, gold, default_scorer()).targets.f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus_dev", nargs="?", type=Path, default=corpus_dir().parent / "corpus-dev")
    args = parser.parse_args()
    sources = sorted(args.corpus_dev.glob("*.txt"))
    texts = {s.stem: unicodedata.normalize("NFC", s.read_text(encoding="utf-8")) for s in sources}
    golds = {s.stem: json.loads(s.with_suffix(".json").read_text(encoding="utf-8")) for s in sources}
    text_f1 = {stem: _f1(texts[stem], golds[stem], stem) for stem in texts}
    print(f"{len(sources)} plans; mean target F1 on the text: {sum(text_f1.values()) / len(text_f1):.3f}")
    with tempfile.TemporaryDirectory() as folder:
        made = make_pdfs(sources, Path(folder))
        print(f"{'PDF':<24} {'reader':<34} {'chars':>6} {'paras':>6} {'F1 pdf':>7} {'worst ΔF1':>9} {'s':>6}")
        for kind, pdfs in made.items():
            for name, reader in READERS.items():
                _measure(kind, name, reader, pdfs, texts, golds, text_f1)


def _measure(
    kind: str,
    name: str,
    reader: Reader,
    pdfs: list[Path],
    texts: dict[str, str],
    golds: dict[str, dict[str, object]],
    text_f1: dict[str, float],
) -> None:
    accuracy, paragraphs, f1s, deltas = [], [], [], []
    start = time.perf_counter()
    for pdf in pdfs:
        stem = pdf.stem.removesuffix("-no-tounicode")
        try:
            read = reader(pdf)
        except ImportError:
            print(f"{kind:<24} {name:<34} not installed")
            return
        except Exception as error:  # a refusal (planwatch) or a library's failure
            print(f"{kind:<24} {name:<34} {pdf.name[:20]}: {type(error).__name__}: {str(error)[:70]}")
            return
        accuracy.append(char_accuracy(texts[stem], read))
        paragraphs.append(paragraphs_kept(texts[stem], read))
        if kind.startswith("lo-"):
            f1 = _f1(read, golds[stem], stem)
            f1s.append(f1)
            deltas.append(f1 - text_f1[stem])
    seconds = time.perf_counter() - start
    mean = sum(accuracy) / len(accuracy)
    paras = f"{sum(paragraphs) / len(paragraphs):6.3f}" if kind == "lo-txt" else f"{'–':>6}"
    f1_text = f"{sum(f1s) / len(f1s):7.3f} {min(deltas):+9.3f}" if f1s else f"{'–':>7} {'–':>9}"
    print(f"{kind:<24} {name:<34} {mean:6.3f} {paras} {f1_text} {seconds:6.1f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
