"""Peer runners: one class per engine, each built once from a :class:`Workload`.

Every runner exposes ``run_once()`` (one full execution of the graph, which the harness times)
and ``close()``. Building (task dicts, Hamilton drivers, Loom graphs, event loops) happens in
the constructor, outside the timed region.

With ``trace=[]`` a runner swaps the no-op for a recording function: each node appends
``(node_id, inputs)`` to the list and returns its own id, which lets
:func:`bench.workloads.check_trace` prove that every node ran once, in dependency order, with
its sources' outputs. The Loom runner traces through a ``bench.trace`` operator instead.

This module deliberately avoids ``from __future__ import annotations``: the Loom operator
classes are defined lazily inside a function, and the operator SDK resolves ``run()``
annotations with ``typing.get_type_hints``, which needs real objects, not strings.
"""

import asyncio
import itertools
import sys
import time
import types
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from bench.workloads import TOKEN, NodeSpec, Workload, io_sleep, noop, noop_list

Trace = list[tuple[str, tuple[object, ...]]]
NodeFn = Callable[..., object]

_HAMILTON_RECURSION = 20_000
_module_ids = itertools.count()


class Runner(Protocol):
    label: str

    def run_once(self) -> object: ...

    def check(self, result: object) -> None: ...

    def close(self) -> None: ...


def _recorder(node_id: str, trace: Trace, sleep_s: float, as_list: bool = False) -> NodeFn:
    """A traced node function; ``as_list`` takes all inputs as one list argument (dask)."""
    if as_list:

        def record_list(inputs: list[object]) -> object:
            if sleep_s:
                time.sleep(sleep_s)
            trace.append((node_id, tuple(inputs)))
            return node_id

        return record_list

    def record(*inputs: object) -> object:
        if sleep_s:
            time.sleep(sleep_s)
        trace.append((node_id, inputs))
        return node_id

    return record


def _check_token(label: str, result: object) -> None:
    if result != TOKEN:
        raise AssertionError(f"{label}: sink returned {result!r}, expected {TOKEN!r}")


# --------------------------------------------------------------------------------------------
# dask.threaded.get
# --------------------------------------------------------------------------------------------


class DaskRunner:
    """``dask.threaded.get(dsk, sink)`` on a tuple task dict; default thread pool."""

    def __init__(
        self, workload: Workload, trace: Trace | None = None, num_workers: int | None = None
    ) -> None:
        import dask.threaded

        self.label = "dask.threaded.get"
        if num_workers is not None:
            self.label += f" (num_workers={num_workers})"
        self._get = dask.threaded.get
        self._sink = workload.sink
        self._num_workers = num_workers
        self.trace = trace
        self.dsk: dict[str, Any] = {}
        for spec in workload.nodes:
            self.dsk[spec.id] = self._task(spec, workload, trace)

    @staticmethod
    def _task(spec: NodeSpec, workload: Workload, trace: Trace | None) -> tuple[Any, ...]:
        as_list = len(spec.sources) > 1
        sleep_s = workload.io_ms / 1000 if spec.kind == "io" else 0.0
        fn: NodeFn
        if trace is not None:
            fn = _recorder(spec.id, trace, sleep_s, as_list)
        elif spec.kind == "io":
            fn = io_sleep(workload.io_ms)
            if as_list:
                single = fn
                fn = lambda inputs: single(*inputs)  # noqa: E731
        else:
            fn = noop_list if as_list else noop
        if as_list:
            return (fn, list(spec.sources))
        return (fn, *spec.sources)

    def run_once(self) -> object:
        if self._num_workers is None:
            return self._get(self.dsk, self._sink)
        return self._get(self.dsk, self._sink, num_workers=self._num_workers)

    def check(self, result: object) -> None:
        if self.trace is None:
            _check_token(self.label, result)

    def close(self) -> None:
        pass


# --------------------------------------------------------------------------------------------
# Hamilton sync driver
# --------------------------------------------------------------------------------------------


def _hamilton_source(workload: Workload, traced: bool) -> str:
    """Python source for one function per node; parameter names are the node's sources."""
    lines: list[str] = []
    for spec in workload.nodes:
        params = ", ".join(f"{s}: object" for s in spec.sources)
        lines.append(f"def {spec.id}({params}) -> object:")
        if spec.kind == "io":
            lines.append(f"    _sleep({workload.io_ms / 1000!r})")
        if traced:
            args = "".join(f"{s}, " for s in spec.sources)
            lines.append(f"    return _record({spec.id!r}, ({args}))")
        elif spec.sources:
            lines.append(f"    return {spec.sources[0]}")
        else:
            lines.append("    return _TOKEN")
        lines.append("")
    return "\n".join(lines)


class HamiltonRunner:
    """Hamilton's synchronous ``Driver.execute([sink])`` over a generated module.

    Quirks handled here: Hamilton reads dependencies only from parameter names, so functions
    are generated as source and exec'd into a fresh ``types.ModuleType`` that is registered in
    ``sys.modules`` (Hamilton keeps only functions whose ``inspect.getmodule`` is that module);
    the default result builder wants pandas, so ``base.DictResult`` is used; and its executor
    is a recursive DFS, so a 1,000-node chain needs a recursion limit above Python's 1,000.
    """

    label = "hamilton (sync driver)"

    def __init__(self, workload: Workload, trace: Trace | None = None) -> None:
        from hamilton import base, driver  # type: ignore[import-untyped]

        self.trace = trace
        self._sink = workload.sink
        self._module_name = f"_loom_bench_hamilton_{workload.name}_{next(_module_ids)}"
        module = types.ModuleType(self._module_name)
        module.__dict__.update({"_sleep": time.sleep, "_TOKEN": TOKEN})
        if trace is not None:

            def _record(node_id: str, inputs: tuple[object, ...]) -> object:
                trace.append((node_id, inputs))
                return node_id

            module.__dict__["_record"] = _record
        code = compile(_hamilton_source(workload, trace is not None), self._module_name, "exec")
        exec(code, module.__dict__)  # our own generated benchmark code, see _hamilton_source
        sys.modules[self._module_name] = module
        self.driver = driver.Builder().with_modules(module).with_adapters(base.DictResult()).build()

    def run_once(self) -> object:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, _HAMILTON_RECURSION))
        try:
            return self.driver.execute([self._sink])[self._sink]
        finally:
            sys.setrecursionlimit(old)

    def check(self, result: object) -> None:
        if self.trace is None:
            _check_token(self.label, result)

    def close(self) -> None:
        sys.modules.pop(self._module_name, None)


# --------------------------------------------------------------------------------------------
# Plain asyncio, one task per node
# --------------------------------------------------------------------------------------------


async def _task_node(fn: NodeFn, deps: list["asyncio.Task[object]"]) -> object:
    inputs = [await dep for dep in deps]
    return fn(*inputs)


async def _task_io(seconds: float, fn: NodeFn, deps: list["asyncio.Task[object]"]) -> object:
    inputs = [await dep for dep in deps]
    await asyncio.sleep(seconds)
    return fn(*inputs)


class AsyncioRunner:
    """Each node is an ``asyncio.create_task`` awaiting its sources' tasks, then its function.

    The event loop is created once; ``run_once`` is ``loop.run_until_complete(graph())``.
    """

    label = "asyncio task-per-node"

    def __init__(self, workload: Workload, trace: Trace | None = None) -> None:
        self.trace = trace
        self._sink = workload.sink
        self._io_s = workload.io_ms / 1000
        self._plan: list[tuple[str, tuple[str, ...], bool, NodeFn]] = []
        for spec in workload.nodes:
            fn: NodeFn = noop if trace is None else _recorder(spec.id, trace, 0.0)
            self._plan.append((spec.id, spec.sources, spec.kind == "io", fn))
        self.loop = asyncio.new_event_loop()

    async def _graph(self) -> object:
        create = asyncio.create_task
        tasks: dict[str, asyncio.Task[object]] = {}
        for node_id, sources, is_io, fn in self._plan:
            deps = [tasks[s] for s in sources]
            coro = _task_io(self._io_s, fn, deps) if is_io else _task_node(fn, deps)
            tasks[node_id] = create(coro)
        # Every node is an ancestor of the sink (Workload checks this), so all have finished.
        return await tasks[self._sink]

    def run_once(self) -> object:
        return self.loop.run_until_complete(self._graph())

    def check(self, result: object) -> None:
        if self.trace is None:
            _check_token(self.label, result)

    def close(self) -> None:
        self.loop.close()


# --------------------------------------------------------------------------------------------
# Loom, through the public engine API
# --------------------------------------------------------------------------------------------

_LOOM: dict[str, Any] = {}


def loom_registry() -> Any:
    """The bench operators in a fresh ``operators.Registry`` (imported and defined lazily)."""
    if "registry" in _LOOM:
        return _LOOM["registry"]
    from typing import Annotated

    from operators import Context, Dataset, Operator, Param, Registry

    empty = Dataset.empty()
    traces: list[Trace] = []  # the active trace list is traces[-1]
    produced: dict[int, tuple[str, object]] = {}  # id(output) -> (node id, output)

    def record(tag: str, sources: list[Any] | None) -> Any:
        inputs = tuple(produced.get(id(s), ("<unknown>", None))[0] for s in sources or ())
        traces[-1].append((tag, inputs))
        out = Dataset.empty()
        if id(out) in produced:  # inputs are matched to their producers by object identity
            raise RuntimeError("Dataset.empty() is shared; cannot trace Loom inputs by identity")
        produced[id(out)] = (tag, out)
        return out

    class NoOp(Operator):
        name = "bench.noop"
        category = "bench"

        def run(self, ctx: Context, sources: list[Dataset] | None = None) -> Dataset:
            return empty

    class AsyncNoOp(Operator):
        name = "bench.async_noop"
        category = "bench"

        async def run(self, ctx: Context, sources: list[Dataset] | None = None) -> Dataset:
            return empty

    class Sleep(Operator):
        name = "bench.sleep"
        category = "bench"
        ms: Annotated[float, Param(ge=0, le=10000, description="sleep ms")] = 20.0

        async def run(self, ctx: Context, sources: list[Dataset] | None = None) -> Dataset:
            await asyncio.sleep(self.ms / 1000)
            return empty

    class TraceOp(Operator):
        name = "bench.trace"
        category = "bench"
        tag: Annotated[str, Param(description="node id to record")] = ""

        def run(self, ctx: Context, sources: list[Dataset] | None = None) -> Dataset:
            out: Dataset = record(self.tag, sources)
            return out

    class AsyncTraceOp(Operator):
        name = "bench.async_trace"
        category = "bench"
        tag: Annotated[str, Param(description="node id to record")] = ""
        ms: Annotated[float, Param(ge=0, le=10000, description="sleep ms")] = 0.0

        async def run(self, ctx: Context, sources: list[Dataset] | None = None) -> Dataset:
            if self.ms:
                await asyncio.sleep(self.ms / 1000)
            out: Dataset = record(self.tag, sources)
            return out

    reg = Registry([NoOp, AsyncNoOp, Sleep, TraceOp, AsyncTraceOp])
    _LOOM.update(registry=reg, traces=traces, produced=produced)
    return reg


def loom_document(workload: Workload, noop_op: str = "bench.noop",
                  traced: bool = False) -> dict[str, Any]:
    """The Loom graph document for a workload; IO nodes use ``bench.sleep``."""
    nodes: list[dict[str, Any]] = []
    for spec in workload.nodes:
        node: dict[str, Any] = {"id": spec.id}
        is_async = spec.kind == "io" or noop_op == "bench.async_noop"
        if traced:
            node["op"] = "bench.async_trace" if is_async else "bench.trace"
            node["params"] = {"tag": spec.id}
            if spec.kind == "io":
                node["params"]["ms"] = workload.io_ms
        elif spec.kind == "io":
            node["op"] = "bench.sleep"
            if workload.io_ms != 20.0:
                node["params"] = {"ms": workload.io_ms}
        else:
            node["op"] = noop_op
        if spec.sources:
            node["inputs"] = {"sources": list(spec.sources)}
        nodes.append(node)
    name = f"bench_{workload.name}" + ("_async" if noop_op == "bench.async_noop" else "")
    return {
        "schema": 1,
        "name": name,
        "settings": {"max_concurrency": 1000},
        "nodes": nodes,
    }


class LoomRunner:
    """Loom ``Engine.arun`` on a graph compiled once, inside a long-lived event loop."""

    def __init__(
        self, workload: Workload, noop_op: str = "bench.noop", trace: Trace | None = None
    ) -> None:
        from graphengine import Engine, Graph

        self.label = "loom" if noop_op == "bench.noop" else f"loom ({noop_op})"
        self.trace = trace
        reg = loom_registry()
        if trace is not None:
            _LOOM["traces"].append(trace)
        doc = loom_document(workload, noop_op, traced=trace is not None)
        self.graph = Graph.from_dict(doc, registry=reg)
        self.engine = Engine(registry=reg)
        self.loop = asyncio.new_event_loop()

    def _arun(self) -> Coroutine[Any, Any, Any]:
        coro: Coroutine[Any, Any, Any] = self.engine.arun(self.graph, context={})
        return coro

    def run_once(self) -> object:
        return self.loop.run_until_complete(self._arun())

    def check(self, result: object) -> None:
        status = getattr(result, "status", None)
        if status != "ok":
            raise AssertionError(f"{self.label}: run status {status!r}: {result!r}")

    def close(self) -> None:
        self.loop.close()
        if self.trace is not None:
            traces: list[Trace] = _LOOM["traces"]
            if traces and traces[-1] is self.trace:
                traces.pop()
            _LOOM["produced"].clear()
