"""Extraction time per corpus file (plain script; nothing is asserted).

Run: ``.venv/bin/python bench/bench_extraction.py [CORPUS_DIR] [--repeat N]``. Prints, per file, the
best and median wall time of N runs of ``extract_file`` on one core, and the number of targets found.
Budget (issue): plan 219/KH-UBND, corpus file 001 (1,300 lines), under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from planwatch.extraction import extract_file
from planwatch.paths import corpus_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = args.corpus or corpus_dir()
    print(f"{'file':<32} {'lines':>6} {'best ms':>8} {'median ms':>10} {'targets':>8}")
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".txt", ".docx", ".pdf"):
            continue
        times = []
        targets = 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            extraction = extract_file(path)
            times.append((time.perf_counter() - start) * 1000)
            targets = sum(len(d.targets) for d in extraction.documents)
        lines = path.read_bytes().count(b"\n") + 1 if path.suffix == ".txt" else 0
        print(f"{path.name:<32} {lines:>6} {min(times):>8.1f} {statistics.median(times):>10.1f} {targets:>8}")


if __name__ == "__main__":
    main()
