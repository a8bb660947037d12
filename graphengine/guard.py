"""Circuit breakers around a run's nodes: `Breakers` (config, store, clock, transition log)
and the per-run `Guard` the executor asks before it schedules each node.

A run costs the store at most two calls: the scope's gates (non-closed breakers) when the
guard is made, and one report of every node's outcome when the run ends. A half-open trial
permit is the only thing asked node by node, and only while a breaker is not closed. Runs
with no `Breakers` never build a guard: the executor's check is one `is None` test.

A store that fails never fails a run: the guard lets nodes through and the failure is
logged (at most every `quiet_s` seconds).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from graphengine.breaker import (
    CALL_CANCELLED,
    CALL_FAILED,
    CALL_OK,
    CALL_TIMEOUT,
    HALF_OPEN,
    OPEN,
    BreakerConfig,
    BreakerState,
    Gate,
    Transition,
)
from graphengine.result import FAILED, OK, TIMEOUT

if TYPE_CHECKING:
    from graphengine.planner import PlanNode
    from graphengine.result import RunResult

log = logging.getLogger("graphengine.breaker")
_OUTCOMES = {OK: CALL_OK, FAILED: CALL_FAILED, TIMEOUT: CALL_TIMEOUT}


class Call(NamedTuple):
    node: str
    outcome: str  # CALL_OK / CALL_FAILED / CALL_TIMEOUT / CALL_CANCELLED
    duration_ms: float
    trial: bool


class Permit(NamedTuple):
    allowed: bool
    trial: bool
    gate: Gate | None  # the breaker's gate after the ask (None: closed)
    transitions: list[Transition]


class BreakerStore(Protocol):
    """Where breaker states live: this process (`MemoryStore`) or shared by every worker
    (the web app's Redis store). Every method is atomic per breaker."""

    def gates(self, scope: str) -> Mapping[str, Gate]: ...

    def acquire(self, scope: str, node: str, config: BreakerConfig, now: float) -> Permit: ...

    def record(self, scope: str, calls: Sequence[Call], config: BreakerConfig,
               now: float) -> list[Transition]: ...

    def reset(self, scope: str, node: str, config: BreakerConfig, now: float,
              reason: str) -> Transition | None: ...

    def read(self, scope: str | None, config: BreakerConfig,
             now: float) -> list[dict[str, Any]]: ...


class MemoryStore:
    """Breakers of this process only: for the CLI, a notebook and the tests."""

    def __init__(self) -> None:
        self._states: dict[tuple[str, str], BreakerState] = {}
        self._gates: dict[str, dict[str, Gate]] = {}
        self._lock = threading.Lock()

    def gates(self, scope: str) -> Mapping[str, Gate]:
        return self._gates.get(scope) or {}

    def _state(self, scope: str, node: str, config: BreakerConfig) -> BreakerState:
        state = self._states.get((scope, node))
        if state is None:
            state = self._states[(scope, node)] = BreakerState.new(config)
        return state

    def _after(self, scope: str, node: str, state: BreakerState, now: float,
               step: tuple[str, str, str] | None, out: list[Transition]) -> None:
        gate = state.gate
        gates = self._gates.setdefault(scope, {})
        if gate is None:
            gates.pop(node, None)
        else:
            gates[node] = gate
        if step is not None:
            out.append(Transition(scope, node, *step, now))

    def acquire(self, scope: str, node: str, config: BreakerConfig, now: float) -> Permit:
        with self._lock:
            state = self._state(scope, node, config)
            allowed, trial, step = state.acquire(config, now)
            out: list[Transition] = []
            self._after(scope, node, state, now, step, out)
            return Permit(allowed, trial, state.gate, out)

    def record(self, scope: str, calls: Sequence[Call], config: BreakerConfig,
               now: float) -> list[Transition]:
        out: list[Transition] = []
        with self._lock:
            for call in calls:
                state = self._state(scope, call.node, config)
                step = state.record(config, call.outcome, call.duration_ms, call.trial, now)
                self._after(scope, call.node, state, now, step, out)
        return out

    def reset(self, scope: str, node: str, config: BreakerConfig, now: float,
              reason: str) -> Transition | None:
        with self._lock:
            state = self._states.get((scope, node))
            if state is None:
                return None
            out: list[Transition] = []
            self._after(scope, node, state, now, state.reset(config, reason), out)
            return out[0]

    def read(self, scope: str | None, config: BreakerConfig,
             now: float) -> list[dict[str, Any]]:
        with self._lock:
            return [state.info(s, n, config, now) for (s, n), state in
                    sorted(self._states.items()) if scope is None or s == scope]

    def state(self, scope: str, node: str) -> BreakerState | None:
        return self._states.get((scope, node))


def log_transition(t: Transition) -> None:
    """One structured line per transition; opening is what an operator must notice."""
    level = logging.WARNING if t.to_state == OPEN else logging.INFO
    log.log(level, "breaker_transition scope=%s node=%s from=%s to=%s reason=%r at=%s",
            t.scope, t.node, t.from_state, t.to_state, t.reason, _iso(t.at))


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds")


class Breakers:
    """The breakers of an engine (or of one call to `Engine.run`), keyed (scope, node id);
    the scope is the scene, or the graph's name when none is given."""

    def __init__(
        self,
        store: BreakerStore | None = None,
        config: BreakerConfig | None = None,
        *,
        clock: Callable[[], float] = time.time,
        on_transition: Callable[[Transition], None] = log_transition,
        quiet_s: float = 10.0,
    ) -> None:
        self.store: BreakerStore = store if store is not None else MemoryStore()
        self.config = config if config is not None else BreakerConfig()
        self.clock = clock
        self.on_transition = on_transition
        self.quiet_s = quiet_s
        self._complained = 0.0

    def guard(self, scope: str) -> Guard | None:
        try:
            gates = self.store.gates(scope)
        except Exception as exc:
            self.store_failed("read the breakers", exc)
            return None
        return Guard(self, scope, gates)

    def states(self, scope: str | None = None) -> list[dict[str, Any]]:
        return self.store.read(scope, self.config, self.clock())

    def reset(self, scope: str, node: str, reason: str = "reset") -> Transition | None:
        """Close the breaker by hand (window and trials cleared); None when it is unknown."""
        t = self.store.reset(scope, node, self.config, self.clock(), reason)
        if t is not None:
            self.emit([t])
        return t

    def emit(self, transitions: Sequence[Transition]) -> None:
        for t in transitions:
            try:
                self.on_transition(t)
            except Exception:  # a broken listener must not break the run
                log.exception("breaker transition listener failed")

    def store_failed(self, what: str, exc: BaseException) -> None:
        now = time.monotonic()
        if now - self._complained >= self.quiet_s:
            self._complained = now
            log.warning("breakers: could not %s (%s: %s); nodes run unguarded", what,
                        type(exc).__name__, exc)


class Guard:
    """One run's view of its scope's breakers."""

    __slots__ = ("breakers", "denied", "gates", "scope", "trials")

    def __init__(self, breakers: Breakers, scope: str, gates: Mapping[str, Gate]) -> None:
        self.breakers = breakers
        self.scope = scope
        self.gates = gates
        self.trials: set[str] = set()
        self.denied: dict[str, Gate] = {}

    def allow(self, node: PlanNode) -> bool:
        gate = self.gates.get(node.id)
        return True if gate is None else self._ask(node.id, gate)

    def _ask(self, node: str, gate: Gate) -> bool:
        b = self.breakers
        now = b.clock()
        if gate.state == OPEN and now < gate.opened_at + b.config.open_duration_s:
            self.denied[node] = gate  # the common case while open: no store call
            return False
        try:
            permit = b.store.acquire(self.scope, node, b.config, now)
        except Exception as exc:
            b.store_failed("ask for a trial call", exc)
            return True
        b.emit(permit.transitions)
        if permit.trial:
            self.trials.add(node)
        if not permit.allowed:
            self.denied[node] = permit.gate or gate
        return permit.allowed

    def why(self, node: str) -> str:
        """The broken node's error message: which breaker, since when, until when."""
        gate = self.denied.get(node)
        if gate is None:
            return "circuit breaker open"
        if gate.state == HALF_OPEN:
            return (f"circuit breaker half-open since {_iso(gate.opened_at)} ({gate.reason}): "
                    "its trial calls are under way")
        retry = gate.opened_at + self.breakers.config.open_duration_s
        return (f"circuit breaker open since {_iso(gate.opened_at)} ({gate.reason}); "
                f"next trial after {_iso(retry)}")

    def finish(self, result: RunResult) -> None:
        """Report every node whose operator was called (and every trial permit) at once."""
        calls: list[Call] = []
        trials = self.trials
        for node in result.plan.nodes:
            start, end = result.timing(node.index)
            trial = node.id in trials
            outcome = _OUTCOMES.get(result.status_code(node.index))
            if start < 0 or outcome is None:
                if trial:  # took a permit, then the run stopped before it ran or ended
                    calls.append(Call(node.id, CALL_CANCELLED, 0.0, True))
                continue
            if end < 0:
                end = result.duration_ns
            calls.append(Call(node.id, outcome, (end - start) / 1e6, trial))
        if not calls:
            return
        b = self.breakers
        try:
            transitions = b.store.record(self.scope, calls, b.config, b.clock())
        except Exception as exc:
            b.store_failed("report the nodes' outcomes", exc)
            return
        b.emit(transitions)
