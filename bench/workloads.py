"""Abstract graph shapes shared by every benchmark runner.

A :class:`Workload` is a runner-neutral description of a DAG: node ids, each node's ordered
list of source ids, and what the node does (a no-op or an IO sleep). Every runner in
:mod:`bench.peers` builds its own native form (dask task dict, Hamilton module, asyncio tasks,
Loom graph document) from the same description, so all engines execute the same shape.

No-op semantics, identical for every runner: a node with no sources returns :data:`TOKEN`;
a node with sources returns its first source's value unchanged. The sink of every workload
therefore returns :data:`TOKEN`, which the harness checks after the warm-up run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

NodeKind = Literal["noop", "io"]

TOKEN = "loom-bench-token"
"""Value produced by source no-op nodes and propagated unchanged to the sink."""

CHAIN_NODES = 1000
FANOUT_NODES = 1000
IO_SOURCES = 8
IO_MS = 20.0


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """One node: its id, its ordered sources and its kind."""

    id: str
    sources: tuple[str, ...]
    kind: NodeKind = "noop"


@dataclass(frozen=True, slots=True)
class Workload:
    """A DAG in topological order with exactly one sink that depends on every other node."""

    name: str
    title: str
    nodes: tuple[NodeSpec, ...]
    sink: str
    io_ms: float = IO_MS

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for node in self.nodes:
            if not node.id.isidentifier():
                raise ValueError(f"node id {node.id!r} must be a Python identifier")
            if node.id in seen:
                raise ValueError(f"duplicate node id {node.id!r}")
            missing = [s for s in node.sources if s not in seen]
            if missing:
                raise ValueError(f"{node.id}: sources {missing} are not earlier nodes")
            seen.add(node.id)
        if not self.nodes or self.nodes[-1].id != self.sink:
            raise ValueError("the sink must be the last node")
        if self.ancestors(self.sink) != seen - {self.sink}:
            raise ValueError("every node must be an ancestor of the sink")

    @property
    def size(self) -> int:
        return len(self.nodes)

    @property
    def has_io(self) -> bool:
        return any(node.kind == "io" for node in self.nodes)

    def by_id(self) -> dict[str, NodeSpec]:
        return {node.id: node for node in self.nodes}

    def ancestors(self, node_id: str) -> set[str]:
        index = self.by_id()
        found: set[str] = set()
        stack = list(index[node_id].sources)
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(index[current].sources)
        return found

    def longest_path(self) -> tuple[int, int]:
        """Return ``(noop_nodes, io_nodes)`` on the path with the most intrinsic work.

        IO nodes dominate (a sleep outweighs any number of no-ops here), then no-op count.
        """
        best: dict[str, tuple[int, int]] = {}
        for node in self.nodes:
            io_here = 1 if node.kind == "io" else 0
            noop_here = 1 - io_here
            upstream = max((best[s] for s in node.sources), key=lambda p: (p[1], p[0]),
                           default=(0, 0))
            best[node.id] = (upstream[0] + noop_here, upstream[1] + io_here)
        return best[self.sink]

    def ideal_wall_ns(self, noop_ns: float) -> float:
        """Critical path: intrinsic work of the longest path given the cost of one no-op."""
        noops, ios = self.longest_path()
        return noops * noop_ns + ios * self.io_ms * 1e6


def noop(*inputs: object) -> object:
    """The bare no-op node function every thread-based runner calls."""
    return inputs[0] if inputs else TOKEN


def noop_list(inputs: list[object]) -> object:
    """No-op for runners that pass many inputs as one list (dask)."""
    return inputs[0] if inputs else TOKEN


def io_sleep(ms: float) -> Callable[..., object]:
    """A blocking IO stand-in for thread-based runners (dask threaded, Hamilton)."""
    seconds = ms / 1000

    def sleep_node(*inputs: object) -> object:
        time.sleep(seconds)
        return inputs[0] if inputs else TOKEN

    return sleep_node


def chain(n: int = CHAIN_NODES) -> Workload:
    """n0 -> n1 -> ... -> n{n-1}."""
    if n < 2:
        raise ValueError("a chain needs at least 2 nodes")
    nodes = [NodeSpec("n0", ())]
    nodes += [NodeSpec(f"n{i}", (f"n{i - 1}",)) for i in range(1, n)]
    return Workload("chain", f"{n}-node no-op chain", tuple(nodes), sink=f"n{n - 1}")


def fanout(n: int = FANOUT_NODES) -> Workload:
    """root -> (n - 2) independent middle nodes -> sink taking all of them."""
    if n < 3:
        raise ValueError("a fan-out needs at least 3 nodes")
    width = n - 2
    digits = len(str(width - 1))
    middle = [f"m{i:0{digits}d}" for i in range(width)]
    nodes = [NodeSpec("root", ())]
    nodes += [NodeSpec(m, ("root",)) for m in middle]
    nodes.append(NodeSpec("sink", tuple(middle)))
    return Workload("fanout", f"{n}-node no-op fan-out ({width} wide)", tuple(nodes), "sink")


def io_fanout(sources: int = IO_SOURCES, ms: float = IO_MS) -> Workload:
    """``sources`` independent IO sources of ``ms`` each -> one no-op merge node."""
    if sources < 1:
        raise ValueError("need at least one IO source")
    ids = [f"src{i}" for i in range(sources)]
    nodes = [NodeSpec(s, (), "io") for s in ids]
    nodes.append(NodeSpec("merge", tuple(ids)))
    title = f"{sources} × {ms:g} ms IO sources → merge"
    return Workload("io", title, tuple(nodes), sink="merge", io_ms=ms)


def measure_noop_ns(calls: int = 1000, repeats: int = 200) -> float:
    """Median cost in ns of one bare no-op call, chained as in a chain workload."""
    samples: list[float] = []
    clock = time.perf_counter_ns
    for _ in range(repeats):
        value: object = TOKEN
        start = clock()
        for _ in range(calls):
            value = noop(value)
        samples.append((clock() - start) / calls)
    samples.sort()
    return samples[len(samples) // 2]


def check_trace(workload: Workload, trace: Sequence[tuple[str, Sequence[object]]]) -> None:
    """Validate a traced run: every node ran once, after its sources, with their outputs.

    In trace mode each node records ``(node_id, inputs)`` and returns its own id, so a node's
    inputs must equal its source ids in order.
    """
    index = workload.by_id()
    done: set[str] = set()
    for node_id, inputs in trace:
        if node_id not in index:
            raise AssertionError(f"unknown node {node_id!r} in trace")
        if node_id in done:
            raise AssertionError(f"node {node_id!r} ran twice")
        spec = index[node_id]
        early = [s for s in spec.sources if s not in done]
        if early:
            raise AssertionError(f"{node_id} ran before its sources {early}")
        if tuple(inputs) != spec.sources:
            raise AssertionError(f"{node_id} got inputs {inputs!r}, expected {spec.sources!r}")
        done.add(node_id)
    missing = set(index) - done
    if missing:
        raise AssertionError(f"nodes never ran: {sorted(missing)}")
