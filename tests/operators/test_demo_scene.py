"""The home_feed demo graph end to end on a real Redis with the synthetic catalogue."""

from __future__ import annotations

from pathlib import Path

import redis
import redis.asyncio as aioredis

from graphengine import Engine, Graph
from operators.demo.__main__ import main
from operators.demo.catalogue import generate
from operators.demo.load import load
from operators.demo.make_onnx_model import build_model
from operators.demo.scene import home_feed_document, sample_users, user_context


def test_home_feed_shape() -> None:
    graph = Graph.from_dict(home_feed_document("m.onnx"))
    assert len(graph.nodes) >= 15
    recall = [n for n in graph.nodes.values() if n.group == "recall"]
    assert len(recall) >= 4 and graph.groups["recall"].timeout_ms
    assert {n.op.split(".")[0] for n in graph.nodes.values()} >= {
        "recall", "merge", "score", "diversify", "filter", "control"}
    assert any(n.when == "is_new" for n in recall) and any(n.unless == "is_new" for n in recall)


def test_new_and_returning_users_take_different_recall_paths(
    tmp_path: Path, redis_url: str, redis_sync: redis.Redis
) -> None:
    catalogue = generate(n_items=800, n_categories=30, n_users=200)
    load(catalogue, redis_sync)
    graph = Graph.from_dict(home_feed_document(build_model(tmp_path / "m.onnx")))
    engine = Engine()
    client = aioredis.Redis.from_url(redis_url, decode_responses=True)
    try:
        for user in sample_users(catalogue, new=1, existing=1):
            result = engine.run(graph, user_context(user, catalogue.now),
                                resources={"redis": client})
            assert result.status == "ok", result.errors
            rows = result.output.rows()
            assert 0 < len(rows) <= 20 and [r["rank"] for r in rows] == list(
                range(1, len(rows) + 1))
            seen = set(user.seen)
            assert not seen & {r["item_id"] for r in rows}
            assert not catalogue.blocklist & {r["item_id"] for r in rows}
            status = result.node_status
            if user.days_since_signup < 7:
                assert status["cf"] == "skipped" and status["onboarding"] == "ok"
            else:
                assert status["cf"] == "ok" and status["onboarding"] == "skipped"
                assert any("cf" in r["sources"] for r in rows)
            assert status["exposure"] == "ok"
        assert redis_sync.xlen("events:expose") == 2  # one exposure event per request
    finally:
        engine.run_coroutine(client.aclose())
        engine.close()


def test_demo_command_prints_items_and_timing(redis_url: str, redis_sync: redis.Redis,
                                              capsys: object) -> None:
    assert main(["--redis", redis_url, "--users", "2"]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "loaded 5000 items" in out and "home_feed  ok" in out
    assert "new user" in out and "returning user" in out and "[recall] Recall" in out
