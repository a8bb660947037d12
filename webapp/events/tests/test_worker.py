"""End to end with real processes: events sent over HTTP are consumed by a real Celery worker
on beat's schedule, and a graph test-run on that worker reads the resulting features."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from webapp.celery_processes import celery
from webapp.conftest import Personas, create_graph

FEATURE_GRAPH = {"schema": 1, "name": "clicks", "nodes": [
    {"id": "clicks", "op": "features.count_in_window",
     "params": {"type": "click", "window": "1h", "category_path": "page.category"}}]}


@pytest.fixture
def worker(transactional_db: Any, web_redis: str, redis_sync: redis.Redis,
           tmp_path: Path) -> Iterator[str]:
    with celery(web_redis, tmp_path, beat=True):
        yield web_redis


def wait_for(check: Any, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.slow
def test_beat_and_a_worker_turn_sent_events_into_features(worker: str) -> None:
    people = Personas()
    client = redis.Redis.from_url(worker, decode_responses=True)
    now = time.time_ns() // 1_000_000
    events = [{"id": f"e{i}", "unit_id": "u7", "type": "click", "item_id": f"i{i}",
               "ts": now - i * 1000, "attributes": {"category": "shoes" if i % 2 else "hats"}}
              for i in range(7)]
    sent = people.client(people.author).post("/api/events/", {"events": events},
                                             format="json")
    assert sent.status_code == 202 and sent.json()["accepted"] == 7
    # beat schedules consume_events every second; the worker drains and trims the stream
    wait_for(lambda: client.xlen("beh:events") == 0)
    groups = client.xinfo_groups("beh:events")
    assert groups[0]["name"] == "features" and groups[0]["pending"] == 0
    graph = create_graph(people.client(people.author), FEATURE_GRAPH)
    run = people.client(people.viewer).post(
        f"/api/graphs/{graph['id']}/test-run/",
        {"context": {"unit_id": "u7", "page": {"category": "shoes"}}}, format="json")
    assert run.status_code == 200, run.content
    assert run.json()["status"] == "ok" and run.json()["output"] == 3  # e1, e3, e5
    client.close()
