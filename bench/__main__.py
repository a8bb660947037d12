"""`make bench`: run every benchmark in one process and rewrite BENCHMARKS.md.

`python -m bench NAME...` runs only the named benchmarks and replaces only their sections
(matched by `## ` heading) in the existing file, keeping the others.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import cep_bench, dataset_bench, demo_bench, editor_bench, engine_bench, serving_bench


def traffic() -> str:
    # Its own process: it sets up Django on an in-memory database, the serving bench on
    # a temporary file; one process cannot hold both.
    return subprocess.run([sys.executable, "-m", "webapp.experiments.bench"], check=True,
                          capture_output=True, text=True).stdout


def events() -> str:
    # Its own process too: it sets up Django on an in-memory database of its own.
    return subprocess.run([sys.executable, "-m", "bench.events_bench"], check=True,
                          capture_output=True, text=True).stdout


OUT = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"
BENCHES: dict[str, Callable[[], str]] = {
    "engine": engine_bench.run, "dataset": dataset_bench.run, "demo": demo_bench.run,
    # Its own web server and headless Chromium; needs the built front end (make frontend).
    "editor": editor_bench.run,
    "traffic": traffic,
    "events": events,
    # In-process, Django-free; starts an embedded Redis unless REDIS_URL is set.
    "cep": cep_bench.run,
    # Last: it sets up Django and starts worker and web processes of its own.
    "serving": serving_bench.run,
}


def split_sections(text: str) -> tuple[str, list[str]]:
    """The text before the first `## ` heading, and each `## ` section after it."""
    parts = ("\n" + text).split("\n## ")
    return parts[0].strip(), ["## " + p.strip() for p in parts[1:]]


def heading(section: str) -> str:
    return section.split("\n", 1)[0].strip()


def merge(old: str, new_sections: list[str]) -> str:
    """Replace the old sections whose heading a new one has; append the rest."""
    header, sections = split_sections(old)
    fresh = {heading(s): s for s in new_sections}
    kept = [fresh.pop(heading(s), s) for s in sections]
    return header + "\n\n" + "\n\n".join(kept + list(fresh.values())) + "\n"


def main(names: list[str]) -> None:
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {unknown}; choose from {list(BENCHES)}")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    sections = []
    for name in names or list(BENCHES):
        print(f"running the {name} benchmark...", file=sys.stderr, flush=True)
        sections += split_sections(BENCHES[name]().strip())[1]
    if names and OUT.exists():
        OUT.write_text(merge(OUT.read_text(), sections))
        print(f"updated {', '.join(names)} in {OUT}", file=sys.stderr)
        return
    header = (
        "# Benchmarks\n\n"
        "Written by `make bench` (`python -m bench`); every figure in one table comes from one "
        "process on one machine, so compare ratios, not absolute numbers across machines.\n\n"
        f"Last run: {started} · Python {platform.python_version()} · "
        f"{os.cpu_count()} CPU(s) · {platform.machine()}\n"
    )
    # Sections this run does not write (`make load`'s) are kept, after the fresh ones.
    kept = [s for s in split_sections(OUT.read_text())[1]
            if heading(s) not in {heading(n) for n in sections}] if OUT.exists() else []
    OUT.write_text(header + "\n" + "\n\n".join(sections + kept) + "\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
