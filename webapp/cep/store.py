"""Where per-(rule, unit) state lives: the interface, and an in-process implementation.

A store runs one *transaction* per unit: it loads the states of the named rule slots, hands
them to a step function, and writes back what the step returns, atomically with respect to
any other transaction on the same unit. The step also asks which of its candidate match ids
were already fired (remembered for `dedupe_ttl_ms` of processing time), so a match fires
once even when a replay finds it again after its state expired. A store that retries on a
conflict (Redis) calls the step again on freshly loaded state, so the step must be pure.

The *due index* records, per (unit, slot), when a processing-time tick next has work (an
absence deadline, a pending event): `Matcher.advance` reads it.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from webapp.cep.patterns import RuleState

T = TypeVar("T")
DAY_MS = 24 * 3600 * 1000

FiredCheck = Callable[[Sequence[str]], set[str]]


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass
class Changes:
    """What a step writes back: states with their TTL (ms), per-slot due times (None: no
    tick needed), and the match ids it fired."""

    states: dict[str, tuple[RuleState, int]] = field(default_factory=dict)
    due: dict[str, int | None] = field(default_factory=dict)
    fired: list[str] = field(default_factory=list)


Step = Callable[[dict[str, RuleState | None], FiredCheck], tuple[Changes, T]]
Job = tuple[str, Sequence[str], Step[T]]  # unit id, rule slots, step


class StateStore(Protocol):
    def transact(self, unit_id: str, slots: Sequence[str], step: Step[T]) -> T: ...

    def transact_many(self, jobs: Sequence[Job[T]]) -> list[T]:
        """One transaction per job (one job per unit), in as few round trips as may be."""
        ...

    def due(self, now_ms: int, limit: int) -> list[tuple[str, str]]:
        """Up to `limit` (unit_id, slot) pairs whose due time is <= now_ms."""
        ...


class MemoryStore:
    """State in this process (tests, notebooks, one worker). One lock makes each unit's
    transaction atomic; states are held as objects, so the step mutates them in place."""

    def __init__(self, clock: Callable[[], int] = wall_ms, dedupe_ttl_ms: int = DAY_MS) -> None:
        self._clock = clock
        self._dedupe_ttl_ms = dedupe_ttl_ms
        self._lock = threading.Lock()
        self._states: dict[tuple[str, str], tuple[RuleState, int]] = {}  # → (state, expiry)
        self._fired: dict[tuple[str, str], int] = {}  # (unit, match id) → expiry
        self._due: dict[tuple[str, str], int] = {}
        # The due times again, as a heap for the earliest ones; an entry whose time the dict
        # no longer holds is stale and dropped when it surfaces.
        self._heap: list[tuple[int, tuple[str, str]]] = []

    def transact(self, unit_id: str, slots: Sequence[str], step: Step[T]) -> T:
        with self._lock:
            now = self._clock()
            loaded: dict[str, RuleState | None] = {}
            for slot in slots:
                held = self._states.get((unit_id, slot))
                loaded[slot] = held[0] if held is not None and held[1] > now else None

            def fired(ids: Sequence[str]) -> set[str]:
                return {i for i in ids if self._fired.get((unit_id, i), 0) > now}

            changes, result = step(loaded, fired)
            for slot, (state, ttl) in changes.states.items():
                self._states[(unit_id, slot)] = (state, now + ttl)
            for match_id in changes.fired:
                self._fired[(unit_id, match_id)] = now + self._dedupe_ttl_ms
            for slot, due in changes.due.items():
                if due is None:
                    self._due.pop((unit_id, slot), None)
                else:
                    self._due[(unit_id, slot)] = due
                    heapq.heappush(self._heap, (due, (unit_id, slot)))
            return result

    def transact_many(self, jobs: Sequence[Job[T]]) -> list[T]:
        return [self.transact(unit_id, slots, step) for unit_id, slots, step in jobs]

    def due(self, now_ms: int, limit: int) -> list[tuple[str, str]]:
        with self._lock:
            ready: list[tuple[int, tuple[str, str]]] = []
            seen: set[tuple[str, str]] = set()
            while self._heap and self._heap[0][0] <= now_ms and len(ready) < limit:
                entry = heapq.heappop(self._heap)
                if self._due.get(entry[1]) == entry[0] and entry[1] not in seen:
                    seen.add(entry[1])
                    ready.append(entry)
            for entry in ready:  # still due until a transaction changes them
                heapq.heappush(self._heap, entry)
            return [pair for _, pair in ready]

    def next_due(self) -> int | None:
        """The earliest due time in the index (a simulation ticks exactly then)."""
        with self._lock:
            while self._heap and self._due.get(self._heap[0][1]) != self._heap[0][0]:
                heapq.heappop(self._heap)
            return self._heap[0][0] if self._heap else None

    def sweep(self) -> int:
        """Forget expired states and fired ids; returns how many entries went."""
        with self._lock:
            now = self._clock()
            gone = [k for k, (_, expiry) in self._states.items() if expiry <= now]
            for key in gone:
                del self._states[key]
            old = [k for k, expiry in self._fired.items() if expiry <= now]
            for key in old:
                del self._fired[key]
            return len(gone) + len(old)
