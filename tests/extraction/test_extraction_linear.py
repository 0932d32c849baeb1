"""Linear time (issue #14): a paragraph that never ends costs no more per line than a short one, and
a text too long to read is refused with its reason. Nothing here times anything: work is counted, and
the runs on large inputs go to a subprocess whose timeout only guards against a hang."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from planwatch.extraction import UnreadableDocumentError, extract_text, layout
from planwatch.extraction.extractor import MAX_TEXT_CHARS
from planwatch.extraction.layout import MAX_BLOCK_CHARS, build_blocks

PHRASE = "các xã phường phối hợp tuyên truyền vận động người dân tham gia giữ gìn vệ sinh môi trường"
HANG_GUARD_SECONDS = 60  # the old layout took hours on 5 MB; a linear one takes about a second per MB


def _endless_paragraph(size: int) -> str:
    """Lines of our own words, with no blank line and no full stop anywhere."""
    words = PHRASE.split(" ")
    lines, total, index = [], 0, 0
    while total < size:
        line = " ".join(words[(index + k) % len(words)] for k in range(11))
        lines.append(line)
        total += len(line) + 1
        index += 3
    return "\n".join(lines)


def test_the_work_of_rebuilding_paragraphs_grows_with_the_text_not_its_square(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given the characters that the paragraph rules (markers, capitals, heading words) are handed, counted
    looked_at = 0

    def counting(rule: Callable[[str], object]) -> Callable[[str], object]:
        def counted(text: str) -> object:
            nonlocal looked_at
            looked_at += len(text)
            return rule(text)

        return counted

    for name in ("_is_upper", "marker_level", "strip_marker"):
        monkeypatch.setattr(layout, name, counting(getattr(layout, name)))
    counts = {}
    for size in (100_000, 400_000):
        looked_at = 0
        text = "I. MỤC TIÊU\n" + _endless_paragraph(size)
        build_blocks(text, 0, len(text), [])
        counts[size] = looked_at
    # then four times the text costs about four times the work (quadratic would be sixteen)
    assert size <= counts[400_000] < 5 * counts[100_000]


def test_an_endless_paragraph_is_cut_into_bounded_blocks_that_keep_every_word() -> None:
    text = _endless_paragraph(200_000)
    blocks = build_blocks(text, 0, len(text), [])
    assert max(b.end - b.start for b in blocks) < 2 * MAX_BLOCK_CHARS
    assert " ".join(b.text for b in blocks).split() == text.split()


def test_one_line_of_a_megabyte_is_cut_at_spaces() -> None:
    text = _endless_paragraph(1_000_000).replace("\n", " ")
    blocks = build_blocks(text, 0, len(text), [])
    assert len(blocks) > 300
    assert all(len(b.text) <= MAX_BLOCK_CHARS for b in blocks)
    assert all(not b.text[-1].isspace() and not b.text[0].isspace() for b in blocks)


@pytest.mark.parametrize(
    "unit",
    [
        "tỷ lệ hộ dân được dùng nước sạch trên 90% và ",  # many figures, no full stop
        "1 ",  # nothing but numbers: each one a candidate
        " ",  # a megabyte of spaces
        "\n",  # and of empty lines
        "- ",  # bullets that never start an item
        "(1) ",
        "đến năm 2030 ",
    ],
)
def test_pathological_texts_finish(tmp_path: Path, unit: str) -> None:
    # given a plan head and a long run of one pathological piece (under the length limit)
    size = 990_000 if unit.strip() in ("", "-") else 40_000 if unit == "1 " else 120_000
    script = textwrap.dedent(
        f"""
        from planwatch.extraction import extract_text
        text = "II. MỤC TIÊU\\n2. Mục tiêu cụ thể đến năm 2030\\n" + {unit!r} * ({size} // {len(unit)})
        extraction = extract_text(text)
        print(len(extraction.documents))
        """
    )
    # when extracted in a subprocess, then it ends (the timeout only catches a hang)
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "1"


def test_a_megabyte_without_blank_line_or_full_stop_finishes() -> None:
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_extraction_linear import _endless_paragraph
        from planwatch.extraction import extract_text
        extraction = extract_text(_endless_paragraph(950_000))
        print(len(extraction.documents), extraction.no_target_reason is not None)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1", "True"]


def test_a_text_over_the_length_limit_is_refused_with_its_reason() -> None:
    # given five megabytes with no blank line and no full stop (the hang)
    text = _endless_paragraph(5 * 1024 * 1024)
    assert len(text) > MAX_TEXT_CHARS
    with pytest.raises(UnreadableDocumentError) as refused:
        extract_text(text, source_file="dai.txt")
    assert str(refused.value).startswith("dai.txt: văn bản quá dài (")
    assert "tối đa 1.000.000" in str(refused.value)
