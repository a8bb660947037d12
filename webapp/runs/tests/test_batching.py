"""Dynamic batching of served requests (Nagle's rule with a window): an idle server
publishes each request at once; while `window` batches are unanswered, new requests wait
and then go together; a held request goes anyway after the hold time; a failed publish
fails its own batch only; nothing is lost under many threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

import pytest

from webapp.runs.batching import Batcher


def eventually(check: Callable[[], bool], within_s: float = 5.0) -> None:
    deadline = time.monotonic() + within_s
    while not check():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.005)


def test_an_idle_server_publishes_each_request_at_once() -> None:
    sent: list[list[int]] = []
    batcher = Batcher(lambda items: sent.append(list(items)), limit=8, window=1)
    for n in range(3):
        batcher.submit(n, n)
        batcher.answered(n)
    assert sent == [[0], [1], [2]]


def test_while_the_window_is_full_requests_wait_and_then_go_together() -> None:
    sent: list[list[int]] = []
    batcher = Batcher(lambda items: sent.append(list(items)), limit=4, window=1, hold_s=10)
    batcher.submit(0, 0)  # published: the window (one batch) is now full
    returned: list[int] = []
    threads = [threading.Thread(target=lambda n=n: (batcher.submit(n, n), returned.append(n)))
               for n in range(1, 7)]
    for t in threads:
        t.start()
    eventually(lambda: len(batcher._queue) == 6)
    queued = list(batcher._queue)
    time.sleep(0.05)
    assert sent == [[0]] and returned == []  # held back while batch 0 is out
    batcher.answered(0)
    eventually(lambda: len(sent) == 2)
    assert sent[1] == [p.item for p in queued[:4]]  # the oldest four, together
    assert sent[2:] == []  # the window is full again
    batcher.answered(sent[1][0])
    eventually(lambda: len(sent) == 3)
    for t in threads:
        t.join(5)
    assert sorted(n for batch in sent for n in batch) == list(range(7))
    assert sorted(returned) == list(range(1, 7))


def test_a_wider_window_lets_batches_go_without_waiting() -> None:
    sent: list[list[int]] = []
    batcher = Batcher(lambda items: sent.append(list(items)), limit=4, window=3, hold_s=10)
    for n in range(3):
        batcher.submit(n, n)  # none answered, all published at once
    assert sent == [[0], [1], [2]]


def test_a_held_request_goes_after_the_hold_time_when_no_answer_comes() -> None:
    sent: list[list[int]] = []
    batcher = Batcher(lambda items: sent.append(list(items)), limit=4, window=1, hold_s=0.05)
    batcher.submit(0, 0)  # never answered: as if its worker died
    started = time.monotonic()
    batcher.submit(1, 1)
    assert sent == [[0], [1]] and 0.04 < time.monotonic() - started < 2


def test_a_failed_publish_raises_in_its_batch_only_and_keeps_no_slot() -> None:
    def send(items: Sequence[int]) -> None:
        if 13 in items:
            raise ConnectionError("broker down")

    batcher = Batcher(send, limit=4, window=1, hold_s=10)
    with pytest.raises(ConnectionError, match="broker down"):
        batcher.submit(13, 13)
    started = time.monotonic()
    batcher.submit(14, 14)  # not held: the failed batch took no window slot
    assert time.monotonic() - started < 1


def test_many_threads_lose_nothing() -> None:
    seen: list[int] = []
    lock = threading.Lock()

    def send(items: Sequence[int]) -> None:
        time.sleep(0.001)
        with lock:
            seen.extend(items)

    batcher = Batcher(send, limit=5, window=2, hold_s=0.02)

    def client(n: int) -> None:
        for i in range(50):
            batcher.submit((n, i), n * 100 + i)
            if i % 3:  # some answers never come: the hold time must cover them
                batcher.answered((n, i))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(seen) == sorted(n * 100 + i for n in range(8) for i in range(50))
