"""The consumer (Celery eager here; test_worker.py runs a real worker): stream -> feature
store -> features operators, redelivery without double counts, hooks, poison batches."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest
import redis

from operators import default_registry
from operators.behaviour.event import Event
from webapp.conftest import Personas
from webapp.events import logic, tasks

STREAM = "beh:events"
CALLS: list[list[str]] = []


def record(events: list[Event]) -> None:
    """A handler, as the CEP matcher would be one."""
    CALLS.append([e.id for e in events])


def explode(events: list[Event]) -> None:
    raise RuntimeError("the matcher is down")


def event(i: int, ago_ms: int = 60_000, type_: str = "click") -> dict[str, Any]:
    return {"id": f"e{i}", "unit_id": "u1", "type": type_, "item_id": f"i{i % 3}",
            "ts": time.time_ns() // 1_000_000 - ago_ms, "attributes": {"category": "shoes"}}


@pytest.fixture
def events_redis(web_redis: str, redis_sync: redis.Redis, settings: Any) -> redis.Redis:
    settings.LOOM_EVENTS_HANDLERS = []
    CALLS.clear()
    return redis_sync


def send(people: Personas, events: list[dict[str, Any]]) -> dict[str, Any]:
    response = people.client(people.author).post("/api/events/", {"events": events},
                                                 format="json")
    assert response.status_code == 202, response.content
    return dict(response.json())


def clicks(run_op: Any, window: str = "1d") -> int:
    op = default_registry().get("features.count_in_window")(window=window)
    return int(run_op(op, {"unit_id": "u1"}))


def test_sent_events_reach_the_features_operators(people: Personas, events_redis: redis.Redis,
                                                  run_op: Any) -> None:
    batch = [event(i, ago_ms=i * 60_000) for i in range(10)]
    random.Random(1).shuffle(batch)  # out of order
    send(people, batch[:6])
    send(people, batch[4:])  # overlapping: two duplicates
    tasks.consume_events.delay()
    assert clicks(run_op) == 10 and clicks(run_op, "1h") == 10
    # an id whose ingestion dedupe has expired gets through again; the store still knows it
    events_redis.delete("beh:seen:e3")
    assert send(people, [event(3, ago_ms=3 * 60_000)])["accepted"] == 1
    stats = logic.consume()
    assert (stats["read"], stats["applied"], stats["duplicates"]) == (1, 0, 1)
    assert clicks(run_op) == 10


def test_consumed_entries_are_trimmed_so_the_backlog_is_what_waits(
        people: Personas, events_redis: redis.Redis) -> None:
    assert send(people, [event(i) for i in range(5)])["backlog"] == 5
    stats = logic.consume()
    assert stats["read"] == 5 and stats["trimmed"] == 5
    state = people.client(people.viewer).get("/api/events/").json()
    assert state["backlog"] == 0 and state["groups"][0]["name"] == "features"
    assert state["groups"][0]["pending"] == 0
    assert send(people, [event(9)])["backlog"] == 1
    assert logic.consume() == {"read": 1, "applied": 1, "duplicates": 0, "ignored": 0,
                               "trimmed": 1}
    assert logic.consume() == {"trimmed": 0}  # nothing waits: nothing happens


@pytest.mark.parametrize("applied_before_dying", [True, False])
def test_a_dead_consumers_entries_are_reclaimed_and_counted_once(
        people: Personas, events_redis: redis.Redis, settings: Any, run_op: Any,
        applied_before_dying: bool) -> None:
    send(people, [event(i) for i in range(3)])
    stream = logic.event_stream()
    stream.ensure_group()
    taken = stream.read("dead-host-1", 10)  # read, then the worker was killed: no XACK
    assert len(taken) == 3
    if applied_before_dying:
        logic.feature_store().apply(Event.from_fields(f or {}) for _, f in taken)
    settings.LOOM_EVENTS_CLAIM_IDLE_MS = 60_000
    assert logic.consume() == {"trimmed": 0}  # not idle long enough: the owner may live
    settings.LOOM_EVENTS_CLAIM_IDLE_MS = 0
    stats = logic.consume()
    assert stats["read"] == 3
    assert stats["applied"] == (0 if applied_before_dying else 3)
    assert clicks(run_op) == 3
    assert stream.info()["groups"][0]["pending"] == 0 and stream.backlog() == 0


def test_handlers_see_every_batch(people: Personas, events_redis: redis.Redis,
                                  settings: Any) -> None:
    settings.LOOM_EVENTS_HANDLERS = ["webapp.events.tests.test_consume.record"]
    settings.LOOM_EVENTS_READ_BATCH = 2
    send(people, [event(i) for i in range(3)])
    logic.consume()
    assert CALLS == [["e0", "e1"], ["e2"]]


def test_a_failing_handler_gets_the_batch_again_then_it_is_dropped(
        people: Personas, events_redis: redis.Redis, settings: Any, run_op: Any) -> None:
    settings.LOOM_EVENTS_HANDLERS = ["webapp.events.tests.test_consume.explode"]
    settings.LOOM_EVENTS_CLAIM_IDLE_MS = 0
    settings.LOOM_EVENTS_MAX_DELIVERIES = 2
    send(people, [event(i) for i in range(2)])
    for _ in range(2):  # the first delivery and one redelivery fail
        with pytest.raises(RuntimeError, match="matcher is down"):
            logic.consume()
        assert logic.event_stream().info()["groups"][0]["pending"] == 2
    assert logic.consume()["dropped"] == 2  # the third time it is given up
    assert logic.event_stream().backlog() == 0
    assert clicks(run_op) == 2  # the store counted the events once all along


def test_entries_that_are_no_events_are_skipped(people: Personas,
                                                events_redis: redis.Redis) -> None:
    events_redis.xadd(STREAM, {"event": "{not json"})
    events_redis.xadd(STREAM, {"other": "field"})
    send(people, [event(1)])
    stats = logic.consume()
    assert (stats["read"], stats["invalid"], stats["applied"]) == (3, 2, 1)
    assert logic.event_stream().backlog() == 0
