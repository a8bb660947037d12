"""CPU affinity for the serving benchmark: the worker alone on its own core(s), the web
tier, Redis and the load client on the rest, as a worker host and a web host would be.
Linux sets affinity per thread, so every thread of a process is moved, and a process
forked later inherits its parent's set."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager


def split() -> tuple[set[int], set[int]] | None:
    """(the worker's CPUs, everyone else's): the last usable CPU for a one-slot worker, or
    None on a one-CPU machine."""
    cpus = sorted(os.sched_getaffinity(0))
    return ({cpus[-1]}, set(cpus[:-1])) if len(cpus) > 1 else None


def pin(pids: Iterable[int | str], cpus: set[int]) -> None:
    for pid in pids:
        try:
            threads = os.listdir(f"/proc/{pid}/task")
        except FileNotFoundError:  # gone meanwhile
            continue
        for tid in threads:
            try:
                os.sched_setaffinity(int(tid), cpus)
            except (ProcessLookupError, PermissionError):
                continue


@contextmanager
def spawning_on(cpus: set[int]) -> Iterator[None]:
    """Processes started inside the block (and all they fork) run on `cpus`."""
    before = os.sched_getaffinity(0)
    pin([os.getpid()], cpus)
    try:
        yield
    finally:
        pin([os.getpid()], before)
