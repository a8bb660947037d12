"""`Engine`: compiles graphs (cached by config hash) and runs them."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from graphengine import kv
from graphengine.cache import LRUCache
from graphengine.executor import Run
from graphengine.graph import Graph
from graphengine.guard import Breakers
from graphengine.planner import Plan, build_plan
from graphengine.result import RunResult
from operators import Context, Registry, default_registry

T = TypeVar("T")


class Engine:
    """Runs graphs. One engine per process is the intended use: it owns the compiled-graph
    cache and the thread pool for blocking operators, both created lazily so an engine made
    before a fork (Celery prefork) is safe to use in the child."""

    def __init__(
        self,
        registry: Registry | None = None,
        *,
        max_threads: int = 8,
        cache_size: int = 128,
        breakers: Breakers | None = None,
    ) -> None:
        self.registry = registry if registry is not None else default_registry()
        self.breakers = breakers  # the default for runs that name none
        self.max_threads = max_threads
        self.cache: LRUCache[Plan] = LRUCache(cache_size)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._local = threading.local()

    # -- compiling --------------------------------------------------------------------------

    def compile(self, graph: Graph | Mapping[str, Any]) -> Plan:
        """The compiled plan for a graph (or a document), from the cache when seen before."""
        if not isinstance(graph, Graph):
            graph = Graph.from_dict(graph, self.registry)
        g = graph
        return self.cache.get_or_build((id(g.registry), g.config_hash), lambda: build_plan(g))

    def compile_kv(self, mapping: Mapping[str, str]) -> Plan:
        """Serving path: hash the merged KV first, parse it only on a cache miss."""
        key = (id(self.registry), kv.config_hash(mapping))
        return self.cache.get_or_build(
            key, lambda: build_plan(Graph.from_kv(mapping, self.registry))
        )

    def compile_hashed(self, config_hash: str, load: Callable[[], Mapping[str, str]]) -> Plan:
        """Serving path when the caller stored the hash: the KV is loaded, checked against
        the hash and parsed only on a cache miss."""

        def build() -> Plan:
            mapping = load()
            actual = kv.config_hash(mapping)
            if actual != config_hash:  # a wrong key would poison the cache for everyone
                raise ValueError(f"config hash {config_hash[:12]}… was given for a KV whose "
                                 f"hash is {actual[:12]}…")
            return build_plan(Graph.from_kv(mapping, self.registry))

        return self.cache.get_or_build((id(self.registry), config_hash), build)

    # -- running ----------------------------------------------------------------------------

    async def arun(
        self,
        graph: Graph | Plan | Mapping[str, Any],
        context: Mapping[str, Any] | Context | None = None,
        *,
        serial: bool = False,
        resources: Mapping[str, Any] | None = None,
        run_id: str | None = None,
        breakers: Breakers | None = None,
        scope: str | None = None,
    ) -> RunResult:
        """`breakers`: circuit breakers per (scope, node) (default: the engine's); `scope`
        names whose breakers they are (a scene; default: the graph's name)."""
        plan = graph if isinstance(graph, Plan) else self.compile(graph)
        ctx = context if isinstance(context, Context) else Context(
            context, resources=resources, run_id=run_id)
        if breakers is None:
            breakers = self.breakers
        guard = None if breakers is None else breakers.guard(scope or plan.name)
        run = Run(plan, ctx, asyncio.get_running_loop(), self._thread_pool(), guard)
        result = await run.execute(serial)
        if guard is not None:
            guard.finish(result)
        return result

    def run(
        self,
        graph: Graph | Plan | Mapping[str, Any],
        context: Mapping[str, Any] | Context | None = None,
        *,
        serial: bool = False,
        resources: Mapping[str, Any] | None = None,
        run_id: str | None = None,
        breakers: Breakers | None = None,
        scope: str | None = None,
    ) -> RunResult:
        """Synchronous run on this thread's own event loop (kept between runs: creating a
        loop per request costs more than many small graphs take to run)."""
        return self.run_coroutine(
            self.arun(graph, context, serial=serial, resources=resources, run_id=run_id,
                      breakers=breakers, scope=scope))

    def run_coroutine(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on this thread's engine loop, e.g. to open or close the async
        clients handed to runs as resources (they belong to the loop they were used on)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            coro.close()
            raise RuntimeError("Engine.run() was called inside a running event loop; "
                               "use `await engine.arun(...)` there")
        loop = getattr(self._local, "loop", None)
        if loop is None or loop.is_closed():
            loop = self._local.loop = asyncio.new_event_loop()
        return loop.run_until_complete(coro)

    def _thread_pool(self) -> ThreadPoolExecutor:
        if self._pool is None:
            with self._pool_lock:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(
                        self.max_threads, thread_name_prefix="loom-blocking")
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        loop = getattr(self._local, "loop", None)
        if loop is not None and not loop.is_closed():
            loop.close()
