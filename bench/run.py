"""Run every benchmark in this folder (``bench_*.py``), one after the other, printing their results.

``make bench`` calls this. Results are copied by hand into bench/README.md with the machine they ran on.
"""

import subprocess
import sys
from pathlib import Path


def main() -> int:
    failures = 0
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"\n=== {script.name}", flush=True)
        failures += subprocess.run([sys.executable, str(script)], check=False).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
