"""Recommendations that arrive together travel to a worker together (dynamic batching, as
model servers do it): one task message for many requests spreads Celery's per-task cost
(publish, receipt, hand-over to the pool child, ~2-3 ms) over the batch, and the worker
runs the batch's graphs concurrently, so one request's Redis round trips overlap
another's CPU work (BENCHMARKS.md "Serving").

No timer and no thread of its own: the first request to find no publish in flight
publishes at once (an idle server adds no latency); requests arriving meanwhile queue, and
when the publish returns the oldest of them publishes everything queued (up to `limit`).
Batches so form only under load, and grow with it. A failed publish (Redis down) raises in
every request of its batch, which the API turns into a 503.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(eq=False)
class _Pending(Generic[T]):
    item: T
    done: threading.Event = field(default_factory=threading.Event)
    lead: bool = False  # woken to publish the next batch, not because its batch went
    error: BaseException | None = None


class Batcher(Generic[T]):
    def __init__(self, send: Callable[[Sequence[T]], None], limit: int) -> None:
        self._send = send
        self._limit = max(1, limit)
        self._lock = threading.Lock()
        self._queue: list[_Pending[T]] = []
        self._sending = False

    def submit(self, item: T) -> None:
        """Returns once the batch holding `item` is published; raises what publishing it
        raised."""
        mine = _Pending(item)
        with self._lock:
            self._queue.append(mine)
            lead = not self._sending
            self._sending = True
        if not lead:
            mine.done.wait()
        if lead or mine.lead:
            self._publish_next()
        if mine.error is not None:
            raise mine.error

    def _publish_next(self) -> None:
        """Publish the oldest queued requests (the caller's among them), then hand the
        publishing to the oldest request still queued, if any."""
        with self._lock:
            batch = self._queue[:self._limit]
            del self._queue[:self._limit]
        try:
            self._send([p.item for p in batch])
        except BaseException as exc:  # each waiter re-raises it in its own request
            for p in batch:
                p.error = exc
        with self._lock:
            after = self._queue[0] if self._queue else None
            if after is None:
                self._sending = False
            else:
                after.lead = True
        for p in batch:
            p.done.set()
        if after is not None:
            after.done.set()


_batchers: dict[int, Batcher[object]] = {}
_guard = threading.Lock()


def per_process(make: Callable[[], Batcher[object]]) -> Batcher[object]:
    """This process's batcher (a fork starts with none: its lock may be held)."""
    pid = os.getpid()
    found = _batchers.get(pid)
    if found is None:
        with _guard:
            found = _batchers.get(pid)
            if found is None:
                _batchers.clear()
                found = _batchers[pid] = make()
    return found
