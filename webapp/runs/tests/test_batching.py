"""Dynamic batching of served requests: an idle server publishes each request at once;
requests that arrive while a publish is in flight go together in the next one; every
request returns only once its own batch is out, and a failed publish fails its batch."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import pytest

from webapp.runs.batching import Batcher


def test_alone_a_request_is_published_at_once_by_itself() -> None:
    sent: list[list[int]] = []
    batcher = Batcher(lambda items: sent.append(list(items)), limit=8)
    batcher.submit(1)
    batcher.submit(2)
    assert sent == [[1], [2]]


def test_requests_arriving_during_a_publish_share_the_next_one() -> None:
    sent: list[list[int]] = []
    first_in_flight, release = threading.Event(), threading.Event()
    returned: list[int] = []

    def send(items: Sequence[int]) -> None:
        sent.append(list(items))
        if items[0] == 0:
            first_in_flight.set()
            assert release.wait(5)

    batcher = Batcher(send, limit=4)

    def client(n: int) -> None:
        batcher.submit(n)
        returned.append(n)

    first = threading.Thread(target=client, args=(0,))
    first.start()
    assert first_in_flight.wait(5)
    others = [threading.Thread(target=client, args=(n,)) for n in range(1, 7)]
    for t in others:
        t.start()
    deadline = time.monotonic() + 5
    while len(batcher._queue) < 6 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert returned == []  # all wait: the first for its publish, the rest for theirs
    release.set()
    for t in [first, *others]:
        t.join(5)
    assert sent[0] == [0]
    assert [len(b) for b in sent[1:]] == [4, 2]  # the limit splits the six
    assert sorted(n for batch in sent for n in batch) == list(range(7))
    assert sorted(returned) == list(range(7))
    assert not batcher._sending and not batcher._queue


def test_a_failed_publish_raises_in_each_request_of_its_batch_only() -> None:
    calls = 0

    def send(items: Sequence[int]) -> None:
        nonlocal calls
        calls += 1
        if 13 in items:
            raise ConnectionError("broker down")

    batcher = Batcher(send, limit=4)
    with pytest.raises(ConnectionError, match="broker down"):
        batcher.submit(13)
    batcher.submit(14)  # the next publish goes ahead
    assert calls == 2


def test_many_threads_lose_nothing() -> None:
    seen: list[int] = []
    lock = threading.Lock()

    def send(items: Sequence[int]) -> None:
        time.sleep(0.001)
        with lock:
            seen.extend(items)

    batcher = Batcher(send, limit=5)
    threads = [threading.Thread(target=lambda n=n: [batcher.submit(n * 100 + i)
                                                     for i in range(50)])
               for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(seen) == sorted(n * 100 + i for n in range(8) for i in range(50))
