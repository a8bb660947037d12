"""Recording resource calls against a real Redis, then answering them from the tape with
Redis emptied: same outputs, pipelines included; a call never recorded fails its node."""

from __future__ import annotations

import json
from typing import Any

import pytest
import redis

from graphengine import Engine, Graph
from graphengine.recording import NotRecordedError, Tape, jsonable, recording, replaying

DOC: dict[str, Any] = {"schema": 1, "name": "cf", "nodes": [
    {"id": "hist", "op": "datasource.redis",
     "params": {"command": "zrevrange", "key": "user:{user.id}:hist", "limit": 5}},
    {"id": "cf", "op": "recall.item_cf",
     "params": {"history_key": "user:{user.id}:hist", "neighbour_key": "sim:{item_id}",
                "seeds": 2, "per_seed": 3}},
    {"id": "out", "op": "merge.priority", "inputs": {"sources": ["hist", "cf"]}},
]}


def _run(engine: Engine, resources: dict[str, Any]) -> Any:
    plan = engine.compile(Graph.from_dict(DOC))
    result = engine.run(plan, {"user": {"id": "u1"}}, resources=resources)
    assert result.status == "ok", result.errors
    return result


def test_replay_gives_the_recorded_outputs(redis_url: str, redis_sync: redis.Redis) -> None:
    import redis.asyncio as aioredis

    redis_sync.zadd("user:u1:hist", {"a": 3, "b": 2})
    redis_sync.zadd("sim:a", {"x": 0.9, "y": 0.5})
    redis_sync.zadd("sim:b", {"z": 0.7})
    engine = Engine()
    tape = Tape()

    live = _run(engine, recording({"redis": aioredis.Redis.from_url(
        redis_url, decode_responses=True)}, tape))
    assert len(tape) >= 3  # two zrevranges and one pipeline at least
    assert any('"pipeline"' in key for key in tape.to_json())
    stored = json.loads(json.dumps(tape.to_json()))  # as a database gives it back

    redis_sync.flushall()
    again = _run(engine, replaying(["redis"], Tape(stored)))
    assert again.output.rows() == live.output.rows()
    assert {k: v.rows() for k, v in again.outputs.items()} == {
        k: v.rows() for k, v in live.outputs.items()}


def test_an_unrecorded_call_fails_its_node() -> None:
    engine = Engine()
    plan = engine.compile(Graph.from_dict(DOC))
    result = engine.run(plan, {"user": {"id": "u2"}}, resources=replaying(["redis"], Tape()))
    assert result.status == "failed"
    assert any("never made this call" in message for message in result.errors.values())
    with pytest.raises(NotRecordedError, match="never made this call: k"):
        Tape().answer("k")


def test_answers_are_kept_as_json() -> None:
    assert jsonable({"s": {2, 1}, "t": (1, b"x"), 3: None}) == {"s": [1, 2], "t": [1, "x"],
                                                                 "3": None}
    tape = Tape()
    tape.add("k", 1)
    tape.add("k", 2)
    assert [tape.answer("k") for _ in range(3)] == [1, 2, 2]
