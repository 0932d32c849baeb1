"""catalogue.duplicates: the same document by identity or by near-identical text (issue #15)."""

from datetime import date
from pathlib import Path

from planwatch.catalogue.duplicates import is_near_identical, resemblance, same_identity, text_sketch

ISSUED = date(2024, 7, 8)
# Sentences written for this test (not from the corpus), long enough for a few hundred shingles.
TEXT = " ".join(
    f"Năm {year} xã số {n} hoàn thành kế hoạch trồng {n * 7} cây xanh và sửa {n + 3} cây cầu nông thôn."
    for year in range(2020, 2026)
    for n in range(1, 12)
)


def test_one_number_issuer_and_date_is_one_document_whatever_the_spacing() -> None:
    assert same_identity(
        ("52-CTr/TU", "Tỉnh ủy Long An", ISSUED), ("52 - CTr/TU", "tỉnh ủy  Long An", ISSUED)
    )


def test_the_same_number_of_another_issuer_or_day_is_another_document() -> None:
    assert not same_identity(
        ("52-CTr/TU", "Tỉnh ủy Long An", ISSUED), ("52-CTr/TU", "Tỉnh ủy Kiên Giang", ISSUED)
    )
    assert not same_identity(
        ("52-CTr/TU", "Tỉnh ủy Long An", ISSUED), ("52-CTr/TU", "Tỉnh ủy Long An", date(2024, 3, 22))
    )


def test_a_missing_number_or_date_never_proves_identity() -> None:
    assert not same_identity((None, "UBND tỉnh Kiên Giang", None), (None, "UBND tỉnh Kiên Giang", None))


def test_a_text_with_a_changed_line_is_near_identical_and_another_text_is_not() -> None:
    # given the text, the text with one sentence changed, and half of it
    changed = TEXT.replace("Năm 2023 xã số 5 hoàn thành", "Năm 2023 phường số 5 vượt", 1)
    sentences = TEXT.split(". ")
    shortened = ". ".join(sentence for i, sentence in enumerate(sentences) if i % 20 != 7)
    half = TEXT[: len(TEXT) // 2]

    # then
    assert resemblance(text_sketch(TEXT), text_sketch(TEXT)) == 1.0
    assert is_near_identical(text_sketch(TEXT), text_sketch(changed))
    assert is_near_identical(text_sketch(TEXT), text_sketch(shortened))
    assert not is_near_identical(text_sketch(TEXT), text_sketch(half))
    assert resemblance(text_sketch(TEXT), text_sketch("Một văn bản khác hẳn, nói về việc khác.")) == 0.0


def test_the_corpus_plans_are_told_apart(corpus: Path) -> None:
    sketches = [text_sketch(path.read_text(encoding="utf-8")) for path in sorted(corpus.glob("0*.txt"))]

    assert len(sketches) >= 4
    for i, first in enumerate(sketches):
        for second in sketches[i + 1 :]:
            assert not is_near_identical(first, second)
