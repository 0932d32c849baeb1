"""Fuzzing: random and mutated documents give an extraction or a one-line refusal, never a traceback."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwatch.extraction import UnreadableDocumentError, extract_file, extract_text, validate_extraction

_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_PLAN_WORDS = st.sampled_from(
    [
        "Mục tiêu",
        "đến năm 2030",
        "tỷ lệ",
        "dưới",
        "trên",
        "khoảng",
        "tối thiểu",
        "%",
        "|",
        "\n",
        "\n|\n",
        "-",
        "100",
        "99,5",
        "1.500",
        "31.7",
        "Sở Y tế",
        "chủ trì",
        "phối hợp với",
        "báo cáo",
        "trước ngày 15/12",
        "hằng năm",
        "Thành thị",
        "Nông thôn",
        "trên 10.000 dân",
        "II.",
        "1.",
        "a)",
        "(1)",
        ";",
        ".",
        ":",
        "mức độ 2",
        "Số: 12/KH-UBND",
        "thực hiện Nghị quyết số 9-NQ/TW",
        "Tổ chức thực hiện",
        "Đến nay",
        "(\n)",
        "\ufffd",
    ]
)


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("2. Mục tiêu đến năm 2030")
    document.add_paragraph("Tỷ lệ hộ dùng nước sạch đạt trên 90%.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_DOCX = _docx_bytes()


def _outcome(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            extraction = extract_file(path)
        except UnreadableDocumentError as error:
            refusal: str | None = str(error)
        else:
            refusal = None
            assert validate_extraction(extraction.to_json()) == [] or not extraction.documents[0].targets
        if refusal is not None:
            assert refusal
            assert "\n" not in refusal


@_SETTINGS
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".docx", ".pdf"]))
def test_random_bytes_never_crash(data: bytes, suffix: str) -> None:
    _outcome(data, suffix)


@_SETTINGS
@given(st.lists(_PLAN_WORDS | st.text(max_size=12), max_size=80).map(" ".join))
def test_random_plan_text_extracts_to_a_valid_shape(text: str) -> None:
    # given text made of plan words, table separators and noise, then extraction succeeds
    extraction = extract_text(text)
    assert all(t.quote is not None for d in extraction.documents for t in d.targets)


@_SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(_DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=20))
def test_mutated_docx_never_crashes(mutations: list[tuple[int, int]]) -> None:
    data = bytearray(_DOCX)
    for position, value in mutations:
        data[position] = value
    _outcome(bytes(data), ".docx")


@_SETTINGS
@given(st.integers(10, len(_DOCX) - 1))
def test_truncated_docx_never_crashes(length: int) -> None:
    _outcome(_DOCX[:length], ".docx")
