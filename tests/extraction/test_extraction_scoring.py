"""The scoring entry and the readable summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.extraction import extract_file, format_summary
from planwatch.extraction.scoring import FileScore, Score, dev_passed, lineage_accuracy, score_file

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


def _scorer() -> Path:
    from planwatch.extraction.scoring import default_scorer

    scorer = default_scorer()
    if not scorer.is_file():
        pytest.skip(f"shared scorer not found at {scorer}")
    return scorer


def _file(targets: list[dict[str, object]]) -> dict[str, object]:
    return {"source_file": "a.txt", "documents": [{"doc_id": "A", "implements": [], "targets": targets}]}


def _target(comparator: str, value: float, **extra: object) -> dict[str, object]:
    return {"indicator": "Tỷ lệ hộ dùng nước sạch", "comparator": comparator, "value": value, **extra}


def test_a_range_counts_as_at_least_against_an_annotation_without_ranges() -> None:
    predicted = _file([_target("range", 90, value_max=95)])
    assert score_file(predicted, _file([_target(">=", 90)]), _scorer()).targets.f1 == 1.0
    assert score_file(predicted, _file([_target("range", 90, value_max=95)]), _scorer()).targets.f1 == 1.0
    assert score_file(predicted, _file([_target("range", 80, value_max=95)]), _scorer()).targets.f1 == 0.0


def test_attributes_are_compared_on_paired_targets_only_where_annotated() -> None:
    predicted = _file([_target("=", 90, unit="%", target_year=2030, scope="Nông thôn", responsible=None)])
    expected = _file([_target("=", 90, unit="%", target_year=2028, scope="Nông thôn", responsible=None)])
    score = score_file(predicted, expected, _scorer())
    assert (score.attribute("unit"), score.attribute("target_year"), score.attribute("scope")) == (
        1.0,
        0.0,
        1.0,
    )
    assert score.attribute("responsible") is None  # not annotated


def test_the_development_set_needs_its_mean_and_its_floor() -> None:
    good, weak = Score(1.0, 1.0, 1.0), Score(0.7, 0.7, 0.7)
    plans = [FileScore(f"{i}.txt", good, good, good, 1.0, good) for i in range(11)]
    assert dev_passed([*plans, FileScore("x.txt", good, good, good, 1.0, good)])
    assert not dev_passed([*plans, FileScore("x.txt", weak, good, good, 1.0, good)])  # a plan below 0,75
