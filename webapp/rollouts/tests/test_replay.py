"""The replay gate: served requests are recorded with their Redis answers; a replay runs
base and candidate on them with Redis emptied (answers come from the recording) and
reports the output and latency differences."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import redis

from webapp.conftest import Personas
from webapp.graphs import logic as graphs
from webapp.rollouts import logic
from webapp.rollouts.compare import kendall_tau, overlap_at_k
from webapp.rollouts.models import Rollout
from webapp.runs.models import Recording
from webapp.scenes.models import Scene


def _doc(n: int, key: str = "hot") -> dict[str, Any]:
    return {"schema": 1, "name": "hot_feed", "nodes": [
        {"id": "hot", "op": "datasource.redis",
         "params": {"command": "zrevrange", "key": key, "limit": 10}},
        {"id": "top", "op": "basic.limit", "params": {"n": n}, "inputs": {"items": ["hot"]}},
    ]}


@pytest.fixture
def served(people: Personas, web_redis: str, redis_sync: redis.Redis,
           settings: Any) -> Scene:
    """A scene reading Redis, with six requests served and recorded."""
    settings.LOOM_REPLAY_RECORD_SAMPLE = 1.0
    redis_sync.zadd("hot", {"a": 5, "b": 4, "c": 3, "d": 2, "e": 1})
    graph = graphs.create_graph(people.author, _doc(3))
    scene = Scene.objects.create(slug="hot", name="Hot",
                                 production_version=graphs.snapshot(graph, people.author))
    for i in range(6):
        response = people.client(people.viewer).post("/api/scenes/hot/recommend/",
                                                      {"unit_id": f"u{i}"}, format="json")
        assert response.status_code == 200, response.content
        assert [r["item_id"] for r in response.json()["items"]] == ["a", "b", "c"]
    assert Recording.objects.filter(scene=scene).count() == 6
    redis_sync.flushall()  # from here on, only the recording can answer
    return scene


def _rollout(people: Personas, scene: Scene, document: dict[str, Any]) -> Rollout:
    graph = graphs.create_graph(people.author, document)
    return logic.create(Rollout(scene=scene, version=graphs.snapshot(graph, people.author)),
                        people.author)


def _replay(people: Personas, rollout: Rollout,
            capture: Callable[..., Any]) -> dict[str, Any]:
    author = people.client(people.author)
    with capture(execute=True):
        queued = author.post(f"/api/rollouts/{rollout.pk}/replay/")
    assert queued.status_code == 202, queued.content
    assert queued.json()["total"] == 6
    replay = author.get(f"/api/rollouts/{rollout.pk}/replay/").json()
    assert replay["status"] == "done", replay
    assert replay["progress"] == 1.0
    return dict(replay["report"])


def test_replay_reports_the_output_diff(people: Personas, served: Scene,
                                        django_capture_on_commit_callbacks: Any) -> None:
    report = _replay(people, _rollout(people, served, _doc(2)),
                     django_capture_on_commit_callbacks)
    assert report["requests"] == 6
    assert report["status"] == {"base": {"ok": 6}, "candidate": {"ok": 6}}
    assert report["overlap_at_k"] == {"mean": 0.6667, "min": 0.6667}
    assert report["rank_correlation"] == {"mean": 1.0, "min": 1.0}
    assert report["identical"] == 0
    nodes = {n["node"]: n["changed"] for n in report["nodes"]}
    assert nodes == {"top": 6, "hot": 0}
    assert report["examples"][0]["base"] == ["a", "b", "c"]
    assert report["examples"][0]["candidate"] == ["a", "b"]
    assert report["latency"]["base"]["p50_ms"] is not None


def test_a_call_the_recording_lacks_is_reported(people: Personas, served: Scene,
                                                django_capture_on_commit_callbacks: Any
                                                ) -> None:
    report = _replay(people, _rollout(people, served, _doc(3, key="cold")),
                     django_capture_on_commit_callbacks)
    assert report["status"]["candidate"] == {"failed": 6}
    assert "never made this call" in report["errors"][0]["message"]
    assert report["errors"][0]["requests"] == 6


def test_replay_needs_recordings(people: Personas, scene: Scene) -> None:
    from webapp.rollouts.tests.conftest import draft

    rollout = draft(people, scene)
    refused = people.client(people.author).post(f"/api/rollouts/{rollout.pk}/replay/")
    assert refused.status_code == 409 and refused.json()["errors"][0]["code"] == (
        "no_recordings")
    assert people.client(people.author).get(
        f"/api/rollouts/{rollout.pk}/replay/").status_code == 404


def test_overlap_and_rank_correlation() -> None:
    assert overlap_at_k(["a", "b", "c"], ["c", "b", "a"]) == 1.0
    assert overlap_at_k(["a", "b"], ["x", "y"]) == 0.0
    assert overlap_at_k([], []) == 1.0
    assert overlap_at_k(list("abcdefghijkl"), list("abcdefghijxy"), k=10) == 1.0
    assert kendall_tau(["a", "b", "c"], ["a", "b", "c"]) == 1.0
    assert kendall_tau(["a", "b", "c"], ["c", "b", "a"]) == -1.0
    assert kendall_tau(["a", "b", "c"], ["a", "c", "b"]) == pytest.approx(1 / 3)
    assert kendall_tau(["a"], ["a"]) is None


def test_a_replay_never_calls_out(people: Personas, served: Scene,
                                  django_capture_on_commit_callbacks: Any) -> None:
    """A candidate that adds an HTTP source gets a refusal, not the network."""
    calls_out = _doc(3)
    calls_out["nodes"] += [
        {"id": "remote", "op": "datasource.http_json", "optional": True,
         "params": {"url": "http://127.0.0.1:9/items"}},
        {"id": "both", "op": "merge.priority", "inputs": {"sources": ["hot", "remote"]}}]
    calls_out["nodes"][1]["inputs"] = {"items": ["both"]}
    report = _replay(people, _rollout(people, served, calls_out),
                     django_capture_on_commit_callbacks)
    assert report["status"]["candidate"] == {"degraded": 6}
    assert "replay: no network" in report["errors"][0]["message"]
