"""The `planwatch` commands on the test database."""

import json
from collections.abc import Callable

import pytest

CliRun = Callable[..., tuple[int, str, str]]
pytestmark = pytest.mark.django_db


def test_documents_are_printed_as_a_cascade(cli: CliRun) -> None:
    code, out, _ = cli("documents")

    lines = out.splitlines()
    assert code == 0
    root = next(i for i, line in enumerate(lines) if line.startswith("42-NQ/TW"))
    government = next(i for i, line in enumerate(lines) if line.strip().startswith("68/NQ-CP"))
    plan = next(i for i, line in enumerate(lines) if line.strip().startswith("219/KH-UBND"))
    assert root < government < plan
    assert lines[government].startswith("    68/NQ-CP")
    assert lines[plan].startswith("        219/KH-UBND")
    assert "08/07/2024" in lines[plan]


def test_targets_json_has_the_gold_fields_plus_document(cli: CliRun) -> None:
    code, out, _ = cli("targets", "--json")

    targets = json.loads(out)
    assert code == 0
    assert len(targets) == 167
    first = next(t for t in targets if t["doc_id"] == "KG-219-KH-UBND" and t["id"] == "t12")
    assert first | {"quote": None} == first | {
        "document": "219/KH-UBND",
        "indicator": "Tỉ lệ hộ nghèo đa chiều theo chuẩn nghèo quốc gia",
        "comparator": "<",
        "value": 2,
        "unit": "%",
        "target_year": 2030,
        "quote": None,
    }


def test_targets_of_one_document(cli: CliRun) -> None:
    code, out, _ = cli("targets", "--document", "LA-52-CTr-TU")

    assert code == 0
    assert out.rstrip().endswith("43 mục tiêu")


def test_an_unknown_document_is_one_sentence_and_exit_2(cli: CliRun) -> None:
    code, out, err = cli("targets", "--document", "219/KH-UBNDD")

    assert (code, out) == (2, "")
    assert err.startswith("planwatch: không có văn bản '219/KH-UBNDD' trong danh mục; gần giống: 219/KH-UBND")


def test_compare_shows_one_indicator_in_every_document(cli: CliRun) -> None:
    code, out, err = cli("compare", "lao động qua đào tạo có bằng cấp, chứng chỉ")

    assert (code, err) == (0, "")
    assert "KG-219-KH-UBND" in out
    assert "LA-52-CTr-TU" in out
    assert "55 %" in out
    assert "40 %" in out


def test_compare_with_a_vague_name_lists_the_candidates(cli: CliRun) -> None:
    code, _, err = cli("compare", "tỷ lệ")

    assert code == 2
    assert "hãy dùng mã chỉ tiêu" in err


def test_an_unknown_command_option_exits_2(cli: CliRun) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli("evaluate", "--as-of", "năm ngoái")

    assert exit_.value.code == 2
