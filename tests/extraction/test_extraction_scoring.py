"""The scoring entry and the readable summary."""

from __future__ import annotations

from pathlib import Path

from planwatch.extraction import extract_file, format_summary
from planwatch.extraction.scoring import FileScore, Score, lineage_accuracy

FIXTURE = Path(__file__).parent / "fixtures" / "plan_appendix_agencies.txt"


def test_scores_from_counts() -> None:
    assert Score.from_counts(0, 0, 0) == Score(1.0, 1.0, 1.0)
    assert Score.from_counts(3, 4, 6) == Score(0.75, 0.5, 0.6)


def test_a_file_below_a_threshold_fails() -> None:
    good = Score(1.0, 1.0, 1.0)
    weak = Score(0.9, 0.95, 0.924)
    assert FileScore("a.txt", good, good, good, 1.0, weak).passed  # agencies are not enforced
    assert not FileScore("a.txt", weak, good, good, 1.0, good).passed
    assert not FileScore("a.txt", good, good, good, 0.5, good).passed


def test_lineage_is_exact_and_ordered() -> None:
    gold = {"documents": [{"doc_id": "A", "number": "1/KH-UBND", "implements": ["2/QĐ-TTg", "3-NQ/TW"]}]}
    right = {"documents": [{"doc_id": "A", "number": "1/KH-UBND", "implements": ["2/QĐ-TTg", "3-NQ/TW"]}]}
    reversed_ = {"documents": [{"doc_id": "A", "number": "1/KH-UBND", "implements": ["3-NQ/TW", "2/QĐ-TTg"]}]}
    assert lineage_accuracy(right, gold) == 1.0
    assert lineage_accuracy(reversed_, gold) == 0.0


def test_summary_lists_each_document_and_its_items() -> None:
    summary = format_summary(extract_file(FIXTURE))
    assert "== DT-45-KH-UBND" in summary
    assert "| Ngày: 12/03/2025" in summary  # dd/mm/yyyy, as dates are read here
    assert "Diện tích nuôi cá tra: đạt 2.300 ha (đến 2025) — Sở Nông nghiệp và Môi trường" in summary
    assert "[Hằng năm, trước ngày 20/12] → UBND tỉnh" in summary
