"""The Redis breaker store: the same behaviour as the engine's in-memory store (the Lua
mirrors `graphengine.breaker`), atomic under concurrent workers, and never in the way
when Redis is down."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import redis

from graphengine import BreakerConfig, Breakers, MemoryStore
from graphengine.breaker import CALL_CANCELLED, CALL_FAILED, CALL_OK, CALL_TIMEOUT
from graphengine.guard import Call
from webapp.monitoring.breakers import RedisStore, StoreDown

CODES = {"F": CALL_FAILED, "T": CALL_TIMEOUT, "O": CALL_OK, "S": CALL_OK, "C": CALL_CANCELLED}


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.25

    def __call__(self) -> float:
        return self.now


def drive(b: Breakers, clock: Clock, script: list[tuple[str, Any]]) -> list[tuple[str, ...]]:
    """Steps: ("rec", "FFO") records calls of node 'cf' one run each, ("trial", "OF") records
    them as half-open trials, ("ask", n) asks n times, ("at", dt) moves the clock,
    ("reset", _). Returns every transition and every ask's answer."""
    seen: list[tuple[str, ...]] = []
    for step, arg in script:
        if step == "at":
            clock.now += arg
        elif step in ("rec", "trial"):
            for c in arg:
                calls = [Call("cf", CODES[c], 2000.0 if c == "S" else 3.0, step == "trial")]
                for t in b.store.record("feed", calls, b.config, clock.now):
                    seen.append((t.from_state, t.to_state, t.reason))
        elif step == "ask":
            for _ in range(arg):
                permit = b.store.acquire("feed", "cf", b.config, clock.now)
                seen.append(("ask", str(permit.allowed), str(permit.trial)))
                seen += [(t.from_state, t.to_state, t.reason) for t in permit.transitions]
        else:
            t = b.reset("feed", "cf", "by hand")
            seen.append(("reset", t.from_state if t else "none"))
    return seen


SCENARIOS = {
    "failure rate, half-open closes": (
        {}, [("rec", "OFOFFO"), ("at", 5), ("ask", 1), ("at", 30), ("ask", 3),
             ("trial", "OO"), ("rec", "O")]),
    "slow calls, trial fails, reopens": (
        {"slow_call_rate": 0.5, "failure_rate": 1.0},
        [("rec", "SOSO"), ("at", 31), ("ask", 2), ("trial", "ST"), ("ask", 1),
         ("at", 30), ("ask", 1)]),
    "count window slides": (
        {"window_size": 4, "failure_rate": 0.75}, [("rec", "FFOOOOFFF")]),
    "time window slides": (
        {"window": "time", "window_size": 10, "minimum_calls": 3},
        [("rec", "F"), ("at", 1.5), ("rec", "F"), ("at", 20), ("rec", "OOO"), ("at", 1),
         ("rec", "FF"), ("at", 4), ("rec", "F")]),
    "cancelled and lost trials, reset": (
        {}, [("rec", "FFFF"), ("at", 30), ("ask", 2), ("trial", "C"), ("ask", 2),
             ("at", 60), ("ask", 1), ("reset", None), ("reset", None), ("rec", "O")]),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_redis_store_behaves_as_the_engine_state_machine(name: str, redis_url: str,
                                                          redis_sync: redis.Redis) -> None:
    overrides, script = SCENARIOS[name]
    config = BreakerConfig(**{"minimum_calls": 4, "window_size": 10, "open_duration_s": 30,
                              "half_open_calls": 2, "half_open_max_wait_s": 60,
                              "slow_call_ms": 1000, **overrides})
    outcomes, views = [], []
    for store in (MemoryStore(), RedisStore.from_url(redis_url, refresh_s=0)):
        clock = Clock()
        b = Breakers(store, config, clock=clock, on_transition=lambda t: None)
        outcomes.append(drive(b, clock, script))
        views.append(b.states("feed"))
    assert outcomes[0] == outcomes[1]
    assert views[0] == views[1]
    assert any(len(step) == 3 and step[0] != "ask" for step in outcomes[0])  # it did change


def test_gates_list_only_breakers_that_are_not_closed(redis_url: str,
                                                      redis_sync: redis.Redis) -> None:
    store = RedisStore.from_url(redis_url, refresh_s=0)
    config = BreakerConfig(minimum_calls=2)
    assert store.gates("feed") == {}
    store.record("feed", [Call("cf", CALL_FAILED, 1, False), Call("hot", CALL_OK, 1, False)],
                 config, 100.0)
    store.record("feed", [Call("cf", CALL_FAILED, 1, False), Call("hot", CALL_OK, 1, False)],
                 config, 101.0)
    gates = store.gates("feed")
    assert list(gates) == ["cf"] and gates["cf"].state == "open"
    assert gates["cf"].opened_at == 101.0
    assert redis_sync.smembers("loom:breaker:scenes") == {"feed"}
    assert redis_sync.smembers("loom:breaker:feed:nodes") == {"cf", "hot"}


def _together(n: int, work: Callable[[int], None]) -> None:
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # surfaced below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_two_concurrent_writers_lose_no_count_and_open_it_once(
        redis_url: str, redis_sync: redis.Redis) -> None:
    # 1,000 calls, half of them failed, from two workers (two stores, two connections):
    # the minimum is reached by the very last call, whichever worker makes it, and that
    # call (and only it) opens the breaker at exactly 50 %.
    config = BreakerConfig(minimum_calls=1000, window_size=2000, failure_rate=0.5)
    stores = [RedisStore.from_url(redis_url, refresh_s=0) for _ in range(2)]
    transitions: list[Any] = []

    def writer(i: int) -> None:
        for k in range(500):
            outcome = CALL_FAILED if k % 2 else CALL_OK
            transitions.extend(stores[i].record("feed", [Call("cf", outcome, 1.0, False)],
                                                config, time.time()))

    _together(2, writer)
    [info] = stores[0].read("feed", config, time.time())
    assert (info["calls"], info["failures"], info["state"]) == (1000, 500, "open")
    assert [(t.from_state, t.to_state) for t in transitions] == [("closed", "open")]
    assert info["transitions"] == {"open": 1}


def test_concurrent_workers_share_the_half_open_trial_permits(
        redis_url: str, redis_sync: redis.Redis) -> None:
    config = BreakerConfig(minimum_calls=1, half_open_calls=3, open_duration_s=0)
    stores = [RedisStore.from_url(redis_url, refresh_s=0) for _ in range(2)]
    stores[0].record("feed", [Call("cf", CALL_FAILED, 1.0, False)], config, 100.0)
    granted: list[bool] = []

    def asker(i: int) -> None:
        for _ in range(20):
            granted.append(stores[i].acquire("feed", "cf", config, 101.0).trial)

    _together(2, asker)
    assert granted.count(True) == 3


def test_a_dead_redis_fails_fast_and_is_left_alone_for_a_while(
        caplog: pytest.LogCaptureFixture) -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = RedisStore.from_url(f"redis://127.0.0.1:{port}/0", retry_s=60)
    b = Breakers(store)
    started = time.monotonic()
    assert b.guard("feed") is None  # the run goes on unguarded
    with pytest.raises(StoreDown):
        store.gates("feed")  # not asked again for retry_s
    assert time.monotonic() - started < 1.0
    assert "could not read the breakers" in caplog.text
