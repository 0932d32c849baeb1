"""Extraction time on pathological texts of growing size (issue #14; plain script, nothing asserted).

Run: ``.venv/bin/python bench/bench_linear_time.py``. Each row doubles the input: a linear extractor
doubles its time. Inputs (our own words): lines with no blank line and no full stop; the same as one
line; a target section whose lines are full of percentages; and a text over the length limit, which
is refused at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from planwatch.extraction import UnreadableDocumentError, extract_text

PHRASE = "các xã phường phối hợp tuyên truyền vận động người dân tham gia giữ gìn vệ sinh môi trường"
WORDS = PHRASE.split()
HEAD = "II. MỤC TIÊU\n2. Mục tiêu cụ thể đến năm 2030\n"


def lines_without_stops(size: int) -> str:
    lines, total, index = [], 0, 0
    while total < size:
        line = " ".join(WORDS[(index + k) % len(WORDS)] for k in range(11))
        lines.append(line)
        total += len(line) + 1
        index += 3
    return "\n".join(lines)


def one_line(size: int) -> str:
    return lines_without_stops(size).replace("\n", " ")


def dense_figures(size: int) -> str:
    line = "tỷ lệ hộ dân được dùng nước sạch trên 90% và số xã đạt chuẩn tăng thêm 12 xã"
    return HEAD + "\n".join([line] * (size // (len(line) + 1)))


INPUTS: dict[str, Callable[[int], str]] = {
    "no blank line, no full stop": lines_without_stops,
    "one line": one_line,
    "figures in a target section": dense_figures,
}


def main() -> None:
    print(f"{'input':<30} {'characters':>10} {'seconds':>8}")
    for name, make in INPUTS.items():
        for size in (125_000, 250_000, 500_000, 1_000_000 - 10_000):
            text = make(size)
            start = time.perf_counter()
            extract_text(text)
            print(f"{name:<30} {len(text):>10} {time.perf_counter() - start:>8.2f}", flush=True)
    text = lines_without_stops(5 * 1024 * 1024)
    start = time.perf_counter()
    try:
        extract_text(text)
    except UnreadableDocumentError:
        print(f"{'5 MB: refused':<30} {len(text):>10} {time.perf_counter() - start:>8.2f}")


if __name__ == "__main__":
    main()
