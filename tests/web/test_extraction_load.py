"""`planwatch load`: a reviewed extraction joins the catalogue atomically, and again without duplicates."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planwatch.extraction import extract_file
from planwatch.web.catalogue.models import PolicyDocument, Target
from planwatch.web.geography.models import AdministrativeUnit

CliRun = Callable[..., tuple[int, str, str]]

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parents[1] / "extraction" / "fixtures" / "plan_appendix_agencies.txt"


@pytest.fixture
def extraction() -> dict[str, Any]:
    data: dict[str, Any] = extract_file(FIXTURE).to_json()
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "reviewed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_reviewed_extraction_becomes_a_catalogue_document(
    cli: CliRun, tmp_path: Path, extraction: dict[str, Any]
) -> None:
    expected = extraction["documents"][0]

    code, out, err = cli("load", _write(tmp_path, extraction))

    assert (code, err) == (0, "")
    assert f"Đã nạp {expected['doc_id']}" in out
    document = PolicyDocument.objects.get(doc_id=expected["doc_id"])
    assert document.targets.count() == len(expected["targets"])
    assert document.reporting_duties.count() == len(expected["reporting"])
    assert [link.parent.number for link in document.parent_links.all()] == expected["implements"]
    first = document.targets.order_by("position").first()
    assert first is not None
    assert (first.indicator_name, first.value, first.quote_text) == (
        expected["targets"][0]["indicator"],
        expected["targets"][0]["value"],
        expected["targets"][0]["quote"],
    )
    assert first.indicator is not None


def test_loading_again_updates_without_duplicates(
    cli: CliRun, tmp_path: Path, extraction: dict[str, Any]
) -> None:
    cli("load", _write(tmp_path, extraction))
    document = extraction["documents"][0]
    count = len(document["targets"])
    document["targets"][0]["value"] = 7.5
    removed_key = document["targets"].pop()["id"]

    code, out, _ = cli("load", _write(tmp_path, extraction))

    assert code == 0
    assert "1 mục tiêu bỏ đi" in out
    targets = Target.objects.filter(document__doc_id=document["doc_id"])
    assert targets.count() == count - 1
    assert not targets.filter(key=removed_key).exists()
    assert targets.get(key=document["targets"][0]["id"]).value == 7.5


def test_an_invalid_extraction_loads_nothing_and_lists_its_problems(
    cli: CliRun, tmp_path: Path, extraction: dict[str, Any]
) -> None:
    extraction["documents"][0]["targets"][0]["comparator"] = "about"
    before = PolicyDocument.objects.count()

    code, out, err = cli("load", _write(tmp_path, extraction))

    assert (code, out) == (2, "")
    assert "tệp trích xuất không hợp lệ" in err
    assert "comparator" in err
    assert PolicyDocument.objects.count() == before


def test_a_target_with_figures_is_not_dropped_silently(
    cli: CliRun,
    tmp_path: Path,
    extraction: dict[str, Any],
    approve_figure: Any,
) -> None:
    cli("load", _write(tmp_path, extraction))
    document = extraction["documents"][0]
    last = Target.objects.get(document__doc_id=document["doc_id"], key=document["targets"][-1]["id"])
    approve_figure(last, AdministrativeUnit.objects.first(), 2025, 1.0)
    document["targets"].pop()
    document["targets"][0]["value"] = 9.9

    code, _, err = cli("load", _write(tmp_path, extraction))

    assert code == 2
    assert "không xóa được mục tiêu đã có số liệu" in err
    # All or nothing: the change to the first target was not kept either.
    assert (
        Target.objects.get(document__doc_id=document["doc_id"], key=document["targets"][0]["id"]).value != 9.9
    )


def test_a_missing_file_is_refused(cli: CliRun, tmp_path: Path) -> None:
    code, _, err = cli("load", tmp_path / "absent.json")

    assert code == 2
    assert "không tìm thấy tệp" in err


def test_a_file_that_is_not_json_is_refused(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "reviewed.json"
    path.write_text("{not json", encoding="utf-8")

    code, _, err = cli("load", path)

    assert code == 2
    assert "không phải JSON UTF-8 hợp lệ" in err
