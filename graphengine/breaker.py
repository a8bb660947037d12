"""The circuit breaker of one (scope, node), in the manner of resilience4j.

    closed --(rate over threshold, minimum calls reached)--> open
    open --(open_duration_s passed, next request)--> half_open
    half_open --(half_open_calls trial calls reported, rates under threshold)--> closed
    half_open --(trial calls over threshold, or not reported in time)--> open

A call is failed when the node failed or timed out, slow when it took longer than
`slow_call_ms` (a call can be both). The window is the last `window_size` calls ("count") or
the last `window_size` seconds ("time"); it is kept as slots with running totals, as
resilience4j does, so recording a call costs O(1) amortised whatever the window size.

This module is pure state: no clock, no locks, no IO. The stores (`graphengine.guard`'s
in-memory one, the web app's Redis one) apply it; the Redis store runs the same algorithm
in Lua over the same slot layout ("epoch,calls,failures,slow"), so any change here must be
mirrored there (the web app's tests run the same scenarios against both).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, NamedTuple

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"
# What a node's call came to. CANCELLED: started, then stopped by the run's end (another
# node failed); it says nothing about the node, but gives back a half-open trial permit.
CALL_OK, CALL_FAILED, CALL_TIMEOUT, CALL_CANCELLED = "ok", "failed", "timeout", "cancelled"
COUNT, TIME = "count", "time"


@dataclass(frozen=True, slots=True)
class BreakerConfig:
    """Thresholds, named as resilience4j names them. Rates are fractions (0.5 = 50 %)."""

    failure_rate: float = 0.5
    slow_call_rate: float = 1.0
    slow_call_ms: float = 1000.0
    minimum_calls: int = 20
    window: str = COUNT
    window_size: int = 50  # calls (count window) or seconds (time window)
    open_duration_s: float = 30.0
    half_open_calls: int = 5
    # Trial calls that never report (their worker was killed mid-call) must not keep the
    # breaker half-open for ever: past this wait it opens again.
    half_open_max_wait_s: float = 30.0

    def __post_init__(self) -> None:
        problems = []
        for name in ("failure_rate", "slow_call_rate"):
            value = getattr(self, name)
            if not 0 < value <= 1:
                problems.append(f"{name} must be in (0, 1], got {value!r}")
        for name in ("minimum_calls", "window_size", "half_open_calls"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                problems.append(f"{name} must be an integer ≥ 1, got {value!r}")
        for name in ("slow_call_ms", "open_duration_s", "half_open_max_wait_s"):
            if getattr(self, name) < 0:
                problems.append(f"{name} must be ≥ 0, got {getattr(self, name)!r}")
        if self.window not in (COUNT, TIME):
            problems.append(f"window must be '{COUNT}' or '{TIME}', got {self.window!r}")
        if problems:
            raise ValueError("; ".join(problems))

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


class Gate(NamedTuple):
    """What a run needs to decide whether a node may run: only breakers that are not closed
    have one, so a closed breaker costs a dictionary miss."""

    state: str
    opened_at: float
    reason: str


class Transition(NamedTuple):
    scope: str
    node: str
    from_state: str
    to_state: str
    reason: str
    at: float


def verdict(calls: int, failures: int, slow: int, config: BreakerConfig) -> str | None:
    """Why these calls trip the breaker, or None. The same words as the Lua version."""
    if not calls:
        return None
    if failures / calls >= config.failure_rate:
        return (f"failure rate {_pct(failures / calls)}% >= {_pct(config.failure_rate)}% "
                f"over {calls} calls")
    if slow / calls >= config.slow_call_rate:
        return (f"slow-call rate {_pct(slow / calls)}% >= {_pct(config.slow_call_rate)}% "
                f"over {calls} calls (slow: over {config.slow_call_ms:g} ms)")
    return None


def _pct(rate: float) -> int:
    return math.floor(rate * 100 + 0.5)


@dataclass(slots=True)
class Window:
    """Slot k holds [epoch, calls, failures, slow]: epoch is the call's sequence number
    (count window, one call per slot) or its second (time window, one second per slot)."""

    kind: str
    size: int
    head: int | None = None  # count: the next sequence number; time: the newest second
    calls: int = 0
    failures: int = 0
    slow: int = 0
    slots: dict[int, list[int]] = field(default_factory=dict)

    def add(self, now: float, failed: int, slow: int) -> None:
        if self.kind == COUNT:
            seq = self.head or 0
            self.head = seq + 1
            k = seq % self.size
            self._evict(k)
            self.slots[k] = [seq, 1, failed, slow]
        else:
            sec = math.floor(now)
            head = sec if self.head is None else self.head
            if sec > head:  # seconds that slid out of the window since the last call
                for epoch in range(max(head + 1, sec - self.size + 1), sec + 1):
                    self._evict(epoch % self.size)
                head = sec
            # A call stamped before the newest second (another worker's clock) counts in
            # the newest one: the window never moves backwards.
            self.head = head
            k = head % self.size
            slot = self.slots.get(k)
            if slot is None or slot[0] != head:
                self._evict(k)
                slot = self.slots[k] = [head, 0, 0, 0]
            slot[1] += 1
            slot[2] += failed
            slot[3] += slow
        self.calls += 1
        self.failures += failed
        self.slow += slow

    def _evict(self, k: int) -> None:
        old = self.slots.pop(k, None)
        if old is not None:
            self.calls -= old[1]
            self.failures -= old[2]
            self.slow -= old[3]

    def totals(self, now: float) -> tuple[int, int, int]:
        """(calls, failures, slow) the window holds at `now` (a time window also drops the
        seconds that passed since its last call)."""
        if self.kind == COUNT:
            return self.calls, self.failures, self.slow
        oldest = math.floor(now) - self.size
        kept = [s for s in self.slots.values() if s[0] > oldest]
        return sum(s[1] for s in kept), sum(s[2] for s in kept), sum(s[3] for s in kept)


@dataclass(slots=True)
class BreakerState:
    window: Window
    state: str = CLOSED
    opened_at: float | None = None
    reason: str = ""
    half_open_at: float | None = None
    trials: int = 0  # half-open permits handed out
    trial_calls: int = 0  # ... and reported
    trial_failures: int = 0
    trial_slow: int = 0
    transitions: dict[str, int] = field(default_factory=dict)  # to-state (or "reset") → n

    @classmethod
    def new(cls, config: BreakerConfig) -> BreakerState:
        return cls(Window(config.window, config.window_size))

    @property
    def gate(self) -> Gate | None:
        return None if self.state == CLOSED else Gate(self.state, self.opened_at or 0.0,
                                                      self.reason)

    # -- the state machine: each step returns (from, to, reason) when the state changed --

    def acquire(self, config: BreakerConfig, now: float) -> tuple[bool, bool,
                                                                  tuple[str, str, str] | None]:
        """May a call go through now? (allowed, as a half-open trial, transition)."""
        if self.state == CLOSED:
            return True, False, None
        if self.state == OPEN:
            if now < (self.opened_at or 0.0) + config.open_duration_s:
                return False, False, None
            self.state, self.half_open_at, self.trials = HALF_OPEN, now, 1
            self.trial_calls = self.trial_failures = self.trial_slow = 0
            return True, True, self._count(OPEN, HALF_OPEN, "open duration passed")
        if self.trials < config.half_open_calls:
            self.trials += 1
            return True, True, None
        if now >= (self.half_open_at or 0.0) + config.half_open_max_wait_s:
            why = (f"trial calls did not report within {config.half_open_max_wait_s:g} s")
            return False, False, self._open(now, why, HALF_OPEN)
        return False, False, None

    def record(self, config: BreakerConfig, outcome: str, duration_ms: float, trial: bool,
               now: float) -> tuple[str, str, str] | None:
        if outcome == CALL_CANCELLED:
            if trial and self.state == HALF_OPEN and self.trials > self.trial_calls:
                self.trials -= 1
            return None
        failed = 0 if outcome == CALL_OK else 1
        slow = 1 if duration_ms > config.slow_call_ms else 0
        if self.state == CLOSED:
            self.window.add(now, failed, slow)
            w = self.window
            if w.calls >= config.minimum_calls:
                why = verdict(w.calls, w.failures, w.slow, config)
                if why is not None:
                    return self._open(now, why, CLOSED)
        elif self.state == HALF_OPEN and trial:
            self.trial_calls += 1
            self.trial_failures += failed
            self.trial_slow += slow
            if self.trial_calls >= config.half_open_calls:
                why = verdict(self.trial_calls, self.trial_failures, self.trial_slow, config)
                if why is not None:
                    return self._open(now, f"trial calls: {why}", HALF_OPEN)
                why = f"{self.trial_calls} trial calls under the thresholds"
                self._clear(config)
                return self._count(HALF_OPEN, CLOSED, why)
        # Otherwise a call let through by a stale view (the breaker changed meanwhile):
        # it belongs to no window any more.
        return None

    def reset(self, config: BreakerConfig, reason: str) -> tuple[str, str, str]:
        before = self.state
        self._clear(config)
        self.transitions["reset"] = self.transitions.get("reset", 0) + 1
        return before, CLOSED, reason

    def _open(self, now: float, why: str, before: str) -> tuple[str, str, str]:
        self.state, self.opened_at, self.reason = OPEN, now, why
        return self._count(before, OPEN, why)

    def _clear(self, config: BreakerConfig) -> None:
        self.state, self.opened_at, self.reason, self.half_open_at = CLOSED, None, "", None
        self.trials = self.trial_calls = self.trial_failures = self.trial_slow = 0
        self.window = Window(config.window, config.window_size)

    def _count(self, before: str, after: str, why: str) -> tuple[str, str, str]:
        self.transitions[after] = self.transitions.get(after, 0) + 1
        return before, after, why

    # -- the view -----------------------------------------------------------------------

    def info(self, scope: str, node: str, config: BreakerConfig, now: float) -> dict[str, Any]:
        """What the API and a board show; times are epoch seconds."""
        calls, failures, slow = self.window.totals(now)
        return {
            "scope": scope, "node": node, "state": self.state,
            "calls": calls, "failures": failures, "slow_calls": slow,
            "failure_rate": failures / calls if calls else None,
            "slow_call_rate": slow / calls if calls else None,
            "opened_at": self.opened_at, "reason": self.reason,
            "next_trial_at": (self.opened_at or 0.0) + config.open_duration_s
            if self.state == OPEN else None,
            "half_open": {"permitted": config.half_open_calls, "started": self.trials,
                          "reported": self.trial_calls} if self.state == HALF_OPEN else None,
            "transitions": dict(self.transitions),
        }
