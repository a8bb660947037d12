"""`make bench`: run every benchmark in one process and rewrite BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

from bench import dataset_bench, demo_bench, engine_bench

OUT = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"


def main() -> None:
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    sections = []
    benches = (("engine", engine_bench.run), ("dataset", dataset_bench.run),
               ("demo", demo_bench.run))
    for name, section in benches:
        print(f"running the {name} benchmark...", file=sys.stderr, flush=True)
        sections.append(section())
    header = (
        "# Benchmarks\n\n"
        "Written by `make bench` (`python -m bench`); every figure in one table comes from one "
        "process on one machine, so compare ratios, not absolute numbers across machines.\n\n"
        f"Last run: {started} · Python {platform.python_version()} · "
        f"{os.cpu_count()} CPU(s) · {platform.machine()}\n"
    )
    OUT.write_text(header + "\n" + "\n\n".join(s.strip() for s in sections) + "\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
