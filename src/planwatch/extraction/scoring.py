"""Accuracy of the extractor on the annotated corpus: ``python -m planwatch.extraction.scoring``.

Targets are scored by the shared scorer (``../shared/tools/score_extraction.py``, run on a temporary
file); baselines (value + year), reporting duties (frequency + deadline), lineage (``implements`` of
each document, direct parent first) and lead agencies (name + role) by the functions here. The command
prints a table and exits 1 when a file falls below the acceptance thresholds.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planwatch.domain.text import normalise_name
from planwatch.extraction.extractor import extract_file
from planwatch.paths import corpus_dir, gold_dir

TARGET_F1_MIN = 0.95
OTHER_F1_MIN = 0.9
_SCORER_LINE = re.compile(r"targets P=([\d.]+) R=([\d.]+) F1=([\d.]+)")


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 of one kind of item in one file (1.0 when both sides are empty)."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, matched: int, predicted: int, expected: int) -> Score:
        if predicted == 0 and expected == 0:
            return cls(1.0, 1.0, 1.0)
        precision = matched / predicted if predicted else 0.0
        recall = matched / expected if expected else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1)


@dataclass(frozen=True, slots=True)
class FileScore:
    source_file: str
    targets: Score
    baselines: Score
    reporting: Score
    lineage: float  # share of annotated documents whose `implements` is exactly right
    agencies: Score

    @property
    def passed(self) -> bool:
        return (
            self.targets.f1 >= TARGET_F1_MIN
            and self.baselines.f1 >= OTHER_F1_MIN
            and self.reporting.f1 >= OTHER_F1_MIN
            and self.lineage >= OTHER_F1_MIN
        )


def default_scorer() -> Path:
    return gold_dir().parent / "tools" / "score_extraction.py"


def score_corpus(corpus: Path, gold: Path, scorer: Path) -> list[FileScore]:
    """Extract every corpus file that has a gold annotation and score it."""
    scores: list[FileScore] = []
    for source in sorted(corpus.iterdir()):
        gold_file = gold / f"{source.stem}.json"
        if source.suffix.lower() not in (".txt", ".docx", ".pdf") or not gold_file.is_file():
            continue
        predicted = extract_file(source).to_json()
        expected = json.loads(gold_file.read_text(encoding="utf-8"))
        scores.append(score_file(predicted, expected, scorer))
    return scores


def score_file(predicted: dict[str, Any], expected: dict[str, Any], scorer: Path) -> FileScore:
    return FileScore(
        source_file=str(expected.get("source_file") or predicted.get("source_file")),
        targets=_targets_with_scorer(predicted, expected, scorer),
        baselines=_matched(_items(predicted, "baselines"), _items(expected, "baselines"), _same_baseline),
        reporting=_matched(_items(predicted, "reporting"), _items(expected, "reporting"), _same_duty),
        lineage=lineage_accuracy(predicted, expected),
        agencies=_matched(
            _items(predicted, "lead_agencies"), _items(expected, "lead_agencies"), _same_agency
        ),
    )


def _targets_with_scorer(predicted: dict[str, Any], expected: dict[str, Any], scorer: Path) -> Score:
    with tempfile.TemporaryDirectory() as folder:
        predicted_path = Path(folder) / "predicted.json"
        expected_path = Path(folder) / "gold.json"
        predicted_path.write_text(json.dumps(predicted, ensure_ascii=False), encoding="utf-8")
        expected_path.write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, str(scorer), str(predicted_path), str(expected_path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    match = _SCORER_LINE.search(result.stdout)
    if match is None:
        raise RuntimeError(f"scorer printed no score: {result.stdout[-300:]} {result.stderr[-300:]}")
    return Score(float(match.group(1)), float(match.group(2)), float(match.group(3)))


def _items(extraction: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [item for document in extraction.get("documents", []) for item in document.get(key, [])]


def _matched(
    predicted: Sequence[dict[str, Any]],
    expected: Sequence[dict[str, Any]],
    same: Callable[[dict[str, Any], dict[str, Any]], bool],
) -> Score:
    """One-to-one matching, first come first served."""
    used: set[int] = set()
    matched = 0
    for item in predicted:
        for index, gold_item in enumerate(expected):
            if index not in used and same(item, gold_item):
                used.add(index)
                matched += 1
                break
    return Score.from_counts(matched, len(predicted), len(expected))


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def _same_baseline(predicted: dict[str, Any], expected: dict[str, Any]) -> bool:
    return _close(predicted.get("value"), expected.get("value")) and predicted.get("year") == expected.get(
        "year"
    )


def _deadline(value: Any) -> str | None:
    if not value:
        return None
    day, _, month = str(value).partition("/")
    return f"{int(day)}/{int(month)}" if day.isdigit() and month.isdigit() else str(value)


def _same_duty(predicted: dict[str, Any], expected: dict[str, Any]) -> bool:
    return predicted.get("frequency") == expected.get("frequency") and _deadline(
        predicted.get("deadline")
    ) == _deadline(expected.get("deadline"))


def _same_agency(predicted: dict[str, Any], expected: dict[str, Any]) -> bool:
    if predicted.get("role") != expected.get("role"):
        return False
    a = set(normalise_name(str(predicted.get("agency"))).split())
    b = set(normalise_name(str(expected.get("agency"))).split())
    return bool(a and b) and len(a & b) / len(a | b) >= 0.6


def lineage_accuracy(predicted: dict[str, Any], expected: dict[str, Any]) -> float:
    """Share of annotated documents found (same doc_id, or same number) with exactly their parents."""
    gold_documents = expected.get("documents", [])
    if not gold_documents:
        return 1.0
    by_id = {d.get("doc_id"): d for d in predicted.get("documents", [])}
    by_number = {d.get("number"): d for d in predicted.get("documents", []) if d.get("number")}
    right = 0
    for document in gold_documents:
        found = by_id.get(document.get("doc_id")) or by_number.get(document.get("number"))
        if found is not None and list(found.get("implements", [])) == list(document.get("implements", [])):
            right += 1
    return right / len(gold_documents)


def format_table(scores: Sequence[FileScore]) -> str:
    header = (
        f"{'file':<28} {'targets P':>9} {'R':>6} {'F1':>6}  {'baselines F1':>12}  {'reporting F1':>12}  "
        f"{'lineage':>7}  {'agencies F1':>11}  ok"
    )
    lines = [header, "-" * len(header)]
    for s in scores:
        lines.append(
            f"{s.source_file:<28} {s.targets.precision:>9.3f} {s.targets.recall:>6.3f} {s.targets.f1:>6.3f}  "
            f"{s.baselines.f1:>12.3f}  {s.reporting.f1:>12.3f}  {s.lineage:>7.3f}  {s.agencies.f1:>11.3f}  "
            f"{'yes' if s.passed else 'NO'}"
        )
    lines.append(
        f"thresholds: targets F1 >= {TARGET_F1_MIN}, baselines/reporting/lineage >= {OTHER_F1_MIN} "
        "(lead agencies reported, not enforced)"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planwatch.extraction.scoring", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=None, help="folder of corpus files")
    parser.add_argument("--gold", type=Path, default=None, help="folder of gold JSON files")
    parser.add_argument("--scorer", type=Path, default=None, help="path of score_extraction.py")
    args = parser.parse_args(argv)
    corpus = args.corpus or corpus_dir()
    gold = args.gold or gold_dir()
    scorer = args.scorer or default_scorer()
    for path, what in ((corpus, "corpus"), (gold, "gold"), (scorer, "scorer")):
        if not path.exists():
            print(f"{what} not found: {path}", file=sys.stderr)
            return 2
    scores = score_corpus(corpus, gold, scorer)
    if not scores:
        print(f"no annotated corpus files in {corpus}", file=sys.stderr)
        return 2
    print(format_table(scores))
    return 0 if all(s.passed for s in scores) else 1


if __name__ == "__main__":
    sys.exit(main())
