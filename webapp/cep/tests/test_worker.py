"""End to end with real processes: events sent over HTTP are consumed by a real Celery
worker on beat's schedule, the CEP handler matches them there, and beat's tick fires an
absence: both land as match rows with their actions' outcome."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from webapp.celery_processes import celery
from webapp.cep.models import Match
from webapp.cep.tests.conftest import count_rule, rule_scene
from webapp.conftest import Personas

ABANDONED = {"id": "abandoned", "op": "cep.absence",
             "params": {"step": {"type": "cart"}, "absent": {"type": "order"},
                        "within_ms": 1000, "lateness_ms": 0}}


@pytest.fixture
def worker(transactional_db: Any, web_redis: str, redis_sync: redis.Redis,
           tmp_path: Path) -> Iterator[str]:
    with celery(web_redis, tmp_path, beat=True):
        yield web_redis


def wait_for(check: Any, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.mark.slow
def test_sent_events_become_matches_on_a_real_worker(worker: str) -> None:
    people = Personas()
    document = count_rule("burst")
    document["nodes"] += [ABANDONED, {"id": "note", "op": "action.record",
                                      "when": "abandoned", "params": {"label": "cart"}},
                          {"id": "done", "op": "action.done",
                           "inputs": {"results": ["keep", "note"]}}]
    document["settings"] = {"output": "done"}
    rule_scene(people, document)
    now = time.time_ns() // 1_000_000
    events = [{"id": f"k{i}", "unit_id": "u7", "type": "click", "item_id": f"i{i}",
               "ts": now - 3000 + i} for i in range(2)]
    events.append({"id": "c1", "unit_id": "u8", "type": "cart", "item_id": "i9",
                   "ts": now - 100})
    sent = people.client(people.author).post("/api/events/", {"events": events},
                                             format="json")
    assert sent.status_code == 202 and sent.json()["accepted"] == 3
    wait_for(lambda: Match.objects.filter(status="ok").count() == 2)
    burst = Match.objects.get(rule="clicks")
    assert burst.unit_id == "u7" and burst.event_ids == ["k0", "k1"]
    assert burst.records == [{"label": "burst", "data": {"item": "i1"}}]
    cart = Match.objects.get(rule="abandoned")  # fired by beat's tick, a second later
    assert cart.unit_id == "u8" and cart.records == [{"label": "cart", "data": {}}]
