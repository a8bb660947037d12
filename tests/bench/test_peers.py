"""Each benchmark runner computes the right result on small graphs, so `make bench` cannot
silently time an engine that skipped nodes, ran them out of order or never slept."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `bench` is not an installed package; run from the repo root
    sys.path.insert(0, str(ROOT))

from bench import engine_bench, peers  # noqa: E402
from bench.workloads import (  # noqa: E402
    TOKEN,
    Workload,
    chain,
    check_trace,
    fanout,
    io_fanout,
    measure_noop_ns,
)

IO_MS = 5.0
WORKLOADS: dict[str, Callable[[], Workload]] = {
    "chain": lambda: chain(20),
    "fanout": lambda: fanout(20),
    "io": lambda: io_fanout(19, ms=IO_MS),
}
PEERS: dict[str, Callable[..., peers.Runner]] = {
    "dask": peers.DaskRunner,
    "dask8": lambda w, trace=None: peers.DaskRunner(w, trace=trace, num_workers=8),
    "hamilton": peers.HamiltonRunner,
    "asyncio": peers.AsyncioRunner,
}


def _run(factory: Callable[..., peers.Runner], workload: Workload, **kw: Any) -> object:
    runner = factory(workload, **kw)
    try:
        result = runner.run_once()
        runner.check(result)
        return result
    finally:
        runner.close()


def test_workload_shapes() -> None:
    assert [w().size for w in WORKLOADS.values()] == [20, 20, 20]
    assert chain(1000).longest_path() == (1000, 0)
    assert fanout(1000).longest_path() == (3, 0)
    assert io_fanout().longest_path() == (1, 1)
    assert io_fanout().ideal_wall_ns(0.0) == 20e6
    assert len(fanout(1000).nodes[-1].sources) == 998
    assert 0 < measure_noop_ns(calls=100, repeats=5) < 10_000


def test_check_trace_rejects_bad_runs() -> None:
    w = chain(3)
    good = [("n0", ()), ("n1", ("n0",)), ("n2", ("n1",))]
    check_trace(w, good)
    for bad in (good[:2], [good[1], good[0], good[2]], [*good, good[2]],
                [good[0], ("n1", ("n2",)), good[2]]):
        with pytest.raises(AssertionError):
            check_trace(w, bad)


@pytest.mark.parametrize("shape", sorted(WORKLOADS))
@pytest.mark.parametrize("peer", sorted(PEERS))
def test_peer_runs_every_node_in_order(peer: str, shape: str) -> None:
    workload = WORKLOADS[shape]()
    trace: peers.Trace = []
    _run(PEERS[peer], workload, trace=trace)
    check_trace(workload, trace)


@pytest.mark.parametrize("shape", sorted(WORKLOADS))
@pytest.mark.parametrize("peer", sorted(PEERS))
def test_peer_timed_path_returns_token(peer: str, shape: str) -> None:
    workload = WORKLOADS[shape]()
    start = time.perf_counter()
    assert _run(PEERS[peer], workload) == TOKEN
    if workload.has_io:  # the IO nodes really waited
        assert time.perf_counter() - start >= IO_MS / 1000


def test_asyncio_io_runs_in_parallel() -> None:
    workload = io_fanout(19, ms=20.0)
    runner = peers.AsyncioRunner(workload)
    try:
        runner.run_once()
        start = time.perf_counter()
        runner.run_once()
        wall = time.perf_counter() - start
    finally:
        runner.close()
    assert 0.020 <= wall < 0.2  # sequential would be 380 ms


def test_measure_produces_numbers() -> None:
    case = engine_bench.Case("asyncio", "asyncio", peers.AsyncioRunner)
    workload = chain(20)
    result = engine_bench.measure(case, workload, workload.ideal_wall_ns(50.0), repeats=3)
    assert result.ok, result.error
    assert result.verified == "✓ 20 nodes"
    assert len(result.samples) == 3 and result.overhead_us() > 0


class _SkipsANode(peers.AsyncioRunner):
    """A broken runner: one node's work goes missing from its trace."""

    def run_once(self) -> object:
        result = super().run_once()
        if self.trace:
            self.trace.pop(len(self.trace) // 2)
        return result


def test_measure_flags_a_runner_that_skips_nodes() -> None:
    case = engine_bench.Case("broken", "broken", _SkipsANode)
    workload = fanout(20)
    result = engine_bench.measure(case, workload, workload.ideal_wall_ns(50.0), repeats=1)
    assert result.verified.startswith("✗ trace check failed")


def _loom() -> None:
    try:
        from graphengine import Engine  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"graphengine.Engine is not importable yet: {exc}")


@pytest.mark.parametrize("noop_op", ["bench.noop", "bench.async_noop"])
@pytest.mark.parametrize("shape", sorted(WORKLOADS))
def test_loom_runs_every_node_in_order(shape: str, noop_op: str) -> None:
    _loom()
    workload = WORKLOADS[shape]()
    trace: peers.Trace = []
    _run(lambda w, **kw: peers.LoomRunner(w, noop_op, **kw), workload, trace=trace)
    check_trace(workload, trace)


@pytest.mark.parametrize("noop_op", ["bench.noop", "bench.async_noop"])
@pytest.mark.parametrize("shape", sorted(WORKLOADS))
def test_loom_timed_path_runs_ok(shape: str, noop_op: str) -> None:
    _loom()
    workload = WORKLOADS[shape]()
    runner = peers.LoomRunner(workload, noop_op)
    try:
        for _ in range(2):  # the second run uses the cached plan
            start = time.perf_counter()
            runner.check(runner.run_once())
            if workload.has_io:
                assert time.perf_counter() - start >= IO_MS / 1000
    finally:
        runner.close()
