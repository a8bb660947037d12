"""One run of a compiled plan on asyncio, with the semantics of DESIGN §3.

How work is placed: a coroutine drives a list of ready nodes. Synchronous operators run
inline the moment they are ready (no task, no thread hop). When several async operators
become ready together, the driving coroutine keeps one for itself and gives each other one
a task, so a chain of async nodes stays in one coroutine. Blocking operators go to the
engine's bounded thread pool. Every value lives in flat lists indexed by node position.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Executor
from time import perf_counter_ns
from typing import TYPE_CHECKING, Any

from graphengine.planner import ASYNC, SYNC, Plan, PlanNode
from graphengine.result import BROKEN, FAILED, OK, SKIPPED, TIMEOUT, RunResult
from operators import Context

if TYPE_CHECKING:
    from graphengine.guard import Guard

log = logging.getLogger("graphengine.executor")


def describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Run:
    """State of one run; created per request, discarded after."""

    __slots__ = (
        "abort", "abort_node", "ctx", "degraded", "done", "ends", "errors", "graph_sem",
        "group_deadlines", "group_sems", "guard", "loop", "nodes", "pending", "plan", "pool",
        "remaining", "starts", "statuses", "tasks", "values",
    )

    def __init__(
        self, plan: Plan, ctx: Context, loop: asyncio.AbstractEventLoop, pool: Executor | None,
        guard: Guard | None = None,
    ) -> None:
        n = len(plan.nodes)
        self.plan = plan
        self.nodes = plan.nodes
        self.ctx = ctx
        self.loop = loop
        self.pool = pool
        self.guard = guard  # circuit breakers (graphengine.guard); None: no check at all
        self.statuses = [0] * n
        self.values: list[Any] = [None] * n
        self.starts = [0] * n
        self.ends = [0] * n
        self.pending = [node.dep_count for node in plan.nodes]
        self.remaining = n
        self.errors: dict[int, str] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self.done: asyncio.Future[None] | None = None
        self.abort: str | None = None
        self.abort_node = -1
        self.degraded = False
        self.group_deadlines: list[float | None] = [None] * len(plan.groups)
        self.graph_sem = (
            asyncio.Semaphore(plan.max_concurrency) if plan.max_concurrency else None
        )
        self.group_sems = [
            asyncio.Semaphore(g.max_concurrency) if g.max_concurrency else None
            for g in plan.groups
        ]

    # -- entry points -----------------------------------------------------------------------

    async def execute(self, serial: bool = False) -> RunResult:
        t0 = perf_counter_ns()
        timed_out = False
        body = self._serial() if serial else self._concurrent()
        try:
            if self.plan.timeout_s is None:
                await body
            else:
                async with asyncio.timeout(self.plan.timeout_s):
                    await body
        except TimeoutError:
            timed_out = True
        finally:
            await self._cancel_tasks()
        return self._result(t0, perf_counter_ns() - t0, timed_out, serial)

    async def _concurrent(self) -> None:
        await self._drive(list(reversed(self.plan.roots)))
        if self.remaining and self.abort is None:
            self.done = self.loop.create_future()
            await self.done

    async def _serial(self) -> None:
        # One node at a time in canonical topological order: what a debugger steps through.
        scratch: list[int] = []
        guard = self.guard
        for node in self.nodes:
            if self.abort is not None:
                return
            if self._skip(node):
                self._settle(node.index, SKIPPED, None, scratch)
            elif guard is not None and not guard.allow(node):
                self._broken(node, guard, scratch)
            elif node.kind == SYNC:
                self._run_sync(node, scratch)
            else:
                await self._run_async(node, scratch)
            scratch.clear()

    # -- scheduling -------------------------------------------------------------------------

    async def _drive(self, ready: list[int]) -> None:
        nodes = self.nodes
        guard = self.guard
        while ready:
            keep: PlanNode | None = None
            while ready:
                if self.abort is not None:
                    return
                node = nodes[ready.pop()]
                if self._skip(node):
                    self._settle(node.index, SKIPPED, None, ready)
                elif guard is not None and not guard.allow(node):
                    self._broken(node, guard, ready)
                elif node.kind == SYNC:
                    self._run_sync(node, ready)
                elif keep is None:
                    keep = node
                else:
                    self._spawn(node)
            if keep is not None:
                await self._run_async(keep, ready)

    def _spawn(self, node: PlanNode) -> None:
        # No done-callback: it would cost a loop turn per task. Finished tasks stay in the
        # set until the run ends; only live ones are ever cancelled.
        self.tasks.add(self.loop.create_task(self._drive_task(node.index)))

    async def _drive_task(self, i: int) -> None:
        try:
            await self._drive([i])
        except Exception:
            # A bug in the engine itself: fail the run rather than hang it.
            log.exception("engine task crashed")
            self._stop("failed", -1)

    async def _cancel_tasks(self) -> None:
        live = [t for t in self.tasks if not t.done()]
        for t in live:
            t.cancel()
        if live:
            await asyncio.gather(*live, return_exceptions=True)

    # -- one node ---------------------------------------------------------------------------

    def _skip(self, node: PlanNode) -> bool:
        st = self.statuses
        w = node.when
        if w >= 0 and (st[w] != OK or not self.values[w]):
            return True
        u = node.unless
        if u >= 0 and (st[u] != OK or self.values[u]):
            return True
        sources = node.data_sources
        if sources:
            for s in sources:
                if st[s] == OK:
                    return False
            return True
        return False

    def _args(self, node: PlanNode) -> list[Any]:
        s = node.single_source
        if s >= 0:  # one port, one source, and that source ran (or the node was skipped)
            return [[self.values[s]]] if node.single_multiple else [self.values[s]]
        st, values = self.statuses, self.values
        args: list[Any] = []
        for p in node.ports:
            if not p.connected:
                args.append(None)
            elif p.multiple:
                args.append([values[i] for i in p.sources if st[i] == OK])
            else:
                i = p.sources[0]
                args.append(values[i] if st[i] == OK else p.empty)
        return args

    def _run_sync(self, node: PlanNode, ready: list[int]) -> None:
        i = node.index
        if node.group >= 0 and self._group_expired(node.group):
            self._fail(node, TIMEOUT, self._group_message(node.group), ready)
            return
        start = self.starts[i] = perf_counter_ns()
        try:
            out = node.operator.run(self.ctx, *self._args(node))
        except Exception as exc:
            self.ends[i] = perf_counter_ns()
            self._fail(node, FAILED, describe(exc), ready)
            return
        end = self.ends[i] = perf_counter_ns()
        # A plain function cannot be interrupted; one that overran its budget still times out.
        if node.timeout_s is not None and end - start > node.timeout_s * 1e9:
            self._fail(node, TIMEOUT, f"took {(end - start) / 1e6:.1f} ms, over its "
                       f"{node.timeout_s * 1000:.0f} ms timeout", ready)
            return
        self._settle(i, OK, out, ready)

    async def _run_async(self, node: PlanNode, ready: list[int]) -> None:
        i = node.index
        g = node.group
        group_deadline = self._group_deadline(g) if g >= 0 else None
        graph_sem = self.graph_sem
        group_sem = self.group_sems[g] if g >= 0 else None
        status, out, error = OK, None, ""
        if graph_sem is not None:
            await graph_sem.acquire()
        try:
            if group_sem is not None:
                await group_sem.acquire()
            try:
                if group_deadline is not None and self.loop.time() >= group_deadline:
                    self._fail(node, TIMEOUT, self._group_message(g), ready)
                    return
                deadline = group_deadline
                if node.timeout_s is not None:
                    own = self.loop.time() + node.timeout_s
                    deadline = own if deadline is None else min(deadline, own)
                self.starts[i] = perf_counter_ns()
                try:
                    if node.kind == ASYNC:
                        awaitable = node.operator.run(self.ctx, *self._args(node))
                    else:
                        awaitable = self.loop.run_in_executor(
                            self.pool, node.operator.run, self.ctx, *self._args(node))
                    if deadline is None:
                        out = await awaitable
                    else:
                        async with asyncio.timeout_at(deadline):
                            out = await awaitable
                except TimeoutError:
                    status = TIMEOUT
                    if group_deadline is not None and self.loop.time() >= group_deadline:
                        error = self._group_message(g)
                    else:
                        error = f"timed out after {node.timeout_s * 1000:.0f} ms" \
                            if node.timeout_s is not None else "timed out"
                except Exception as exc:
                    status, error = FAILED, describe(exc)
                self.ends[i] = perf_counter_ns()
            finally:
                if group_sem is not None:
                    group_sem.release()
        finally:
            if graph_sem is not None:
                graph_sem.release()
        if status == OK:
            self._settle(i, OK, out, ready)
        else:
            self._fail(node, status, error, ready)

    # -- groups -----------------------------------------------------------------------------

    def _group_deadline(self, g: int) -> float | None:
        """A group's clock starts when its first node starts."""
        deadline = self.group_deadlines[g]
        if deadline is None:
            timeout = self.plan.groups[g].timeout_s
            if timeout is not None:
                deadline = self.group_deadlines[g] = self.loop.time() + timeout
        return deadline

    def _group_expired(self, g: int) -> bool:
        deadline = self._group_deadline(g)
        return deadline is not None and self.loop.time() >= deadline

    def _group_message(self, g: int) -> str:
        group = self.plan.groups[g]
        timeout_ms = (group.timeout_s or 0) * 1000
        return f"group '{group.id}' timed out after {timeout_ms:.0f} ms"

    # -- settling ---------------------------------------------------------------------------

    def _settle(self, i: int, status: int, value: Any, ready: list[int]) -> None:
        self.statuses[i] = status
        self.values[i] = value
        pending = self.pending
        for c in self.nodes[i].consumers:
            pending[c] -= 1
            if not pending[c]:
                ready.append(c)
        self.remaining -= 1
        if not self.remaining and self.done is not None and not self.done.done():
            self.done.set_result(None)

    def _fail(self, node: PlanNode, status: int, error: str, ready: list[int]) -> None:
        """A failed or timed-out node: skipped for its consumers if optional, else the end."""
        self.errors[node.index] = error
        if node.optional:
            self.degraded = True
            self._settle(node.index, status, None, ready)
        else:
            self.statuses[node.index] = status
            self._stop("timeout" if status == TIMEOUT else "failed", node.index)

    def _broken(self, node: PlanNode, guard: Guard, ready: list[int]) -> None:
        """The node's circuit breaker is open: its operator is not called. Its status is
        `broken` and, like a node that failed, an optional one counts as skipped for its
        consumers (DESIGN §3: they see it as absent; the run is degraded) while a required
        one fails the run at once. §3 lets only optional nodes be left out: skipping a
        required node would silently serve a different graph, so the breaker fails fast
        instead, naming itself, and spares the failing dependency the calls meanwhile."""
        self._fail(node, BROKEN, guard.why(node.id), ready)

    def _stop(self, kind: str, node: int) -> None:
        if self.abort is not None:
            return
        self.abort, self.abort_node = kind, node
        current = asyncio.current_task()
        for t in self.tasks:
            if t is not current:
                t.cancel()
        if self.done is not None and not self.done.done():
            self.done.set_result(None)

    # -- result -----------------------------------------------------------------------------

    def _result(self, t0: int, duration: int, timed_out: bool, serial: bool) -> RunResult:
        statuses = self.statuses
        if timed_out or self.abort is not None:
            if timed_out:
                status, fill = "timeout", TIMEOUT
                why = f"graph deadline of {(self.plan.timeout_s or 0) * 1000:.0f} ms passed"
            else:
                status, fill = self.abort or "failed", SKIPPED
                culprit = self.nodes[self.abort_node].id if self.abort_node >= 0 else "engine"
                why = f"not run: the run stopped at '{culprit}'"
            for i, st in enumerate(statuses):
                if not st:
                    statuses[i] = fill
                    self.errors[i] = why
                    if self.starts[i] and not self.ends[i]:
                        self.ends[i] = t0 + duration
        else:
            status = "degraded" if self.degraded else "ok"
        starts = [s - t0 if s else -1 for s in self.starts]
        ends = [e - t0 if e else -1 for e in self.ends]
        result = RunResult(self.plan, status, statuses, self.values, starts, ends, self.errors,
                           duration, serial)
        if timed_out:
            from graphengine.trace import render_trace

            log.warning("run of graph '%s' timed out:\n%s", self.plan.name,
                        render_trace(result.trace))
        return result
