"""Recommendations that arrive together travel to a worker together (dynamic batching, as
model servers do it): one task message for many requests spreads Celery's per-task cost
(publish, receipt, hand-over to the pool child, ~2 ms) over the batch, and the worker
runs the batch's graphs concurrently, so one request's Redis round trips overlap
another's CPU work (BENCHMARKS.md "Serving").

When to publish is Nagle's rule with a window: a request is published at once while
fewer than `window` of this process's batches are unanswered (so an idle server adds no
latency); otherwise it waits for the oldest unanswered batch to be answered, and then
goes with everything that queued meanwhile (up to `limit`). `window` should be the
number of serving slots the workers have (LOOM_SERVE_BATCH_WINDOW): fewer leaves slots
idle, more lets batches shrink to one. A queued request never waits more than `hold_s`
(a lost batch must not hold the others up). A failed publish (Redis down) raises in every
request of its batch, which the API turns into a 503.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class _Pending:
    key: Hashable
    item: Any
    wake: threading.Event = field(default_factory=threading.Event)
    sent: bool = False  # its batch was published (or failed to be)
    lead: bool = False  # it is to publish the next batch
    error: BaseException | None = None


@dataclass(eq=False)
class _Batch:
    keys: list[Hashable]


class Batcher:
    def __init__(self, send: Callable[[Sequence[Any]], None], limit: int, window: int = 1,
                 hold_s: float = 0.05) -> None:
        self._send = send
        self._limit = max(1, limit)
        self._window = max(1, window)
        self._hold_s = hold_s
        self._lock = threading.Lock()
        self._queue: list[_Pending] = []
        self._sending = False  # one request at a time publishes
        self._open: dict[Hashable, _Batch] = {}  # key → its unanswered batch
        self._unanswered = 0

    def submit(self, key: Hashable, item: Any) -> None:
        """Returns once the batch holding `item` is published; raises what publishing it
        raised. Call `answered(key)` when its answer came (or its waiter gave up)."""
        mine = _Pending(key, item)
        with self._lock:
            self._queue.append(mine)
            lead = self._take_turn()
        while True:
            if lead:
                self._publish_next()
            with self._lock:
                if mine.sent:
                    break
            woke = mine.wake.wait(self._hold_s)
            with self._lock:
                if mine.sent:
                    break
                mine.wake.clear()
                lead, mine.lead = mine.lead, False
                if not lead and not woke and not self._sending:
                    # Held too long (a lost batch keeps its slot until its waiters give
                    # up): publish whatever is queued, window or not.
                    self._sending = lead = True
        if mine.error is not None:
            raise mine.error

    def answered(self, key: Hashable) -> None:
        """The answer of `key`'s batch came: its window slot frees (its first answer frees
        it; a batch's answers are posted together)."""
        with self._lock:
            batch = self._open.pop(key, None)
            if batch is None:
                return
            for other in batch.keys:
                self._open.pop(other, None)
            self._unanswered -= 1
            nxt = self._hand_turn()
        if nxt is not None:
            nxt.wake.set()

    def _take_turn(self) -> bool:
        """Under the lock: whether the caller may publish now (it then has the turn)."""
        if self._sending or self._unanswered >= self._window:
            return False
        self._sending = True
        return True

    def _hand_turn(self) -> _Pending | None:
        """Under the lock: the oldest queued request, told to publish, when the window
        allows; wake it after releasing the lock."""
        if not self._queue or not self._take_turn():
            return None
        self._queue[0].lead = True
        return self._queue[0]

    def _publish_next(self) -> None:
        """Publish the oldest queued requests (up to the limit), then hand the turn on."""
        with self._lock:
            batch = self._queue[:self._limit]
            del self._queue[:self._limit]
        error: BaseException | None = None
        try:
            self._send([p.item for p in batch])
        except BaseException as exc:  # each waiter re-raises it in its own request
            error = exc
        with self._lock:
            if error is None:
                record = _Batch([p.key for p in batch])
                self._open.update((p.key, record) for p in batch)
                self._unanswered += 1
            for p in batch:
                p.sent, p.error = True, error
            self._sending = False
            nxt = self._hand_turn()
        for p in batch:
            p.wake.set()
        if nxt is not None:
            nxt.wake.set()


_batchers: dict[tuple[Any, ...], Batcher] = {}
_guard = threading.Lock()


def per_process(config: tuple[Any, ...], make: Callable[[], Batcher]) -> Batcher:
    """This process's batcher for a configuration (a fork starts with none: its lock may
    be held; changed settings, as tests make, get a new one)."""
    key = (os.getpid(), *config)
    found = _batchers.get(key)
    if found is None:
        with _guard:
            found = _batchers.get(key)
            if found is None:
                _batchers.clear()
                found = _batchers[key] = make()
    return found
