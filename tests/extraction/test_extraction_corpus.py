"""Accuracy on the real corpus against the hand-made gold (acceptance: targets F1 >= 0.95 per file,
baselines, reporting duties and lineage >= 0.9), plus the invariants every extraction keeps."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from planwatch.extraction import extract_file, validate_extraction
from planwatch.extraction.readers import read_document
from planwatch.extraction.scoring import OTHER_F1_MIN, TARGET_F1_MIN, FileScore, score_corpus


@pytest.fixture(scope="module")
def scores(corpus: Path, gold: Path) -> dict[str, FileScore]:
    scorer = gold.parent / "tools" / "score_extraction.py"
    if not scorer.is_file():
        pytest.fail(f"shared scorer not found at {scorer}")
    found = {s.source_file: s for s in score_corpus(corpus, gold, scorer)}
    assert len(found) == len(list(gold.glob("*.json"))), "every gold file has a corpus file"
    return found


def test_every_corpus_file_reaches_the_target_f1(scores: dict[str, FileScore]) -> None:
    # given the corpus scored by the shared scorer, then every file reaches the threshold
    low = {name: s.targets.f1 for name, s in scores.items() if s.targets.f1 < TARGET_F1_MIN}
    assert low == {}


def test_every_corpus_file_reaches_the_baseline_f1(scores: dict[str, FileScore]) -> None:
    low = {name: s.baselines.f1 for name, s in scores.items() if s.baselines.f1 < OTHER_F1_MIN}
    assert low == {}


def test_every_corpus_file_reaches_the_reporting_f1(scores: dict[str, FileScore]) -> None:
    low = {name: s.reporting.f1 for name, s in scores.items() if s.reporting.f1 < OTHER_F1_MIN}
    assert low == {}


def test_every_corpus_file_gets_its_lineage(scores: dict[str, FileScore]) -> None:
    low = {name: s.lineage for name, s in scores.items() if s.lineage < OTHER_F1_MIN}
    assert low == {}


def test_documents_and_ids_match_the_gold(corpus: Path, gold: Path) -> None:
    for gold_file in sorted(gold.glob("*.json")):
        # given a corpus file and its gold
        expected = json.loads(gold_file.read_text(encoding="utf-8"))
        # when extracted
        actual = extract_file(corpus / expected["source_file"]).to_json()
        # then the same documents are found, with the same ids, numbers and parents
        assert [(d["doc_id"], d["number"], d["implements"]) for d in actual["documents"]] == [
            (d["doc_id"], d["number"], d["implements"]) for d in expected["documents"]
        ]


def test_quotes_are_verbatim_and_extractions_follow_the_schema(corpus: Path) -> None:
    for source in sorted(corpus.glob("*.txt")):
        # given a corpus file
        text = read_document(source)
        collapsed = " ".join(text.split())
        # when extracted
        data = extract_file(source).to_json()
        # then it validates and every quote is a substring of the source (or of its collapsed form)
        assert validate_extraction(data) == []
        for document in data["documents"]:
            for key in ("targets", "baselines", "reporting", "lead_agencies"):
                for item in document[key]:
                    quote = item["quote"]
                    assert quote in text or " ".join(quote.split()) in collapsed, (source.name, key, quote)


def test_the_gold_files_follow_the_schema(gold: Path) -> None:
    for gold_file in sorted(gold.glob("*.json")):
        assert validate_extraction(json.loads(gold_file.read_text(encoding="utf-8"))) == [], gold_file.name


def test_extractor_source_names_no_corpus_document() -> None:
    # given the extractor's source, then it holds no corpus file name, document number or place name rule
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in Path(extract_file.__code__.co_filename).parent.glob("*.py")
    )
    for forbidden in (
        "219/KH",
        "fbd23bd5",
        "012ec14e",
        "96b77549",
        "8809aa3d",
        "50-CTr",
        "51-CTr",
        "52-CTr",
        "68/NQ",
    ):
        assert re.search(re.escape(forbidden), source) is None, forbidden
