"""Served recommendations trip a node's breaker in Redis; the API lists and resets it."""

from __future__ import annotations

import socket
from typing import Any

import pytest
import redis

from webapp.audit.models import AuditEntry
from webapp.conftest import Personas
from webapp.runs.models import Run
from webapp.scenes.models import Scene

FLAKY_DOC: dict[str, Any] = {"schema": 1, "name": "flaky", "settings": {"output": "top"},
                             "nodes": [
    {"id": "items", "op": "datasource.table",
     "params": {"rows": [{"item_id": "a", "score": 1}]}},
    # A dependency that is down: the database file cannot be opened.
    {"id": "extra", "op": "datasource.sql", "optional": True,
     "params": {"query": "SELECT 'b' AS item_id", "url": "sqlite:////no/such/dir/x.db"}},
    {"id": "all", "op": "basic.union", "inputs": {"sources": ["items", "extra"]}},
    {"id": "top", "op": "basic.limit", "params": {"n": 5}, "inputs": {"items": ["all"]}},
]}


@pytest.fixture
def flaky_scene(people: Personas, web_redis: str, redis_sync: redis.Redis,
                settings: Any) -> Scene:
    from webapp.graphs import logic as graphs

    settings.LOOM_BREAKER_MINIMUM_CALLS = 3
    settings.LOOM_BREAKER_OPEN_DURATION_S = 60
    graph = graphs.create_graph(people.author, FLAKY_DOC)
    return Scene.objects.create(slug="flaky", name="Flaky",
                                production_version=graphs.snapshot(graph, people.author))


def recommend(people: Personas) -> dict[str, Any]:
    response = people.client(people.viewer).post(
        "/api/scenes/flaky/recommend/", {"unit_id": "u1", "context": {}}, format="json")
    assert response.status_code == 200, response.content
    return dict(response.json())


def breakers_of(people: Personas, user: Any, query: str = "?scene=flaky") -> Any:
    return people.client(user).get(f"/api/breakers/{query}")


def test_a_failing_node_opens_its_breaker_and_the_api_shows_and_resets_it(
        people: Personas, flaky_scene: Scene) -> None:
    first = [recommend(people) for _ in range(3)]
    assert {r["status"] for r in first} == {"degraded"}
    broken = recommend(people)
    assert broken["status"] == "degraded" and broken["items"] == [{"item_id": "a", "score": 1}]
    run = Run.objects.get(pk=broken["run_id"])
    assert run.node_status["extra"] == "broken"
    [error] = run.errors
    assert error["code"] == "broken" and "circuit breaker open since" in error["message"]

    listed = breakers_of(people, people.viewer)
    assert listed.status_code == 200
    body = listed.json()
    rows = {r["node"]: r for r in body["results"]}
    assert set(rows) == {"items", "extra", "all", "top"} and body["enabled"] is True
    extra = rows["extra"]
    assert (extra["scene"], extra["state"], extra["calls"], extra["failures"]) == (
        "flaky", "open", 3, 3)
    assert extra["failure_rate"] == 1.0 and extra["transitions"] == {"open": 1}
    assert extra["opened_at"] and extra["next_trial_at"] > extra["opened_at"]
    assert rows["items"]["state"] == "closed" and rows["items"]["calls"] == 4
    assert body["config"]["minimum_calls"] == 3
    only_open = breakers_of(people, people.viewer, "?state=open").json()["results"]
    assert [r["node"] for r in only_open] == ["extra"]

    url = "/api/breakers/flaky/extra/reset/"
    assert people.client(people.viewer).post(url).status_code == 403
    assert breakers_of(people, people.outsider).status_code == 403
    reset = people.client(people.editor2).post(url)
    assert reset.status_code == 200, reset.content
    assert (reset.json()["state"], reset.json()["was"], reset.json()["calls"]) == (
        "closed", "open", 0)
    assert reset.json()["transitions"] == {"open": 1, "reset": 1}
    entry = AuditEntry.objects.get(action="breaker.reset")
    assert entry.actor == people.editor2 and "extra" in entry.summary
    for user in (people.approver, people.admin):
        assert people.client(user).post(url).json()["was"] == "closed"

    # Closed again: the next request calls the node (and it fails, as it still would).
    again = Run.objects.get(pk=recommend(people)["run_id"])
    assert again.node_status["extra"] == "failed"


def test_bad_and_unknown_breakers(people: Personas, flaky_scene: Scene) -> None:
    client = people.client(people.editor2)
    missing = client.post("/api/breakers/flaky/nope/reset/")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["code"] == "not_found"
    assert client.post("/api/breakers/flaky/Bad-Node/reset/").status_code == 400
    bad = client.get("/api/breakers/?scene=no%20such")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "scene"
    assert client.get("/api/breakers/?state=ajar").status_code == 400
    assert client.get("/api/breakers/?scene=other").json()["results"] == []


def test_with_redis_down_requests_are_served_and_the_api_says_so(
        people: Personas, scene: Any, settings: Any) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        settings.REDIS_URL = f"redis://127.0.0.1:{s.getsockname()[1]}/0"
    response = people.client(people.viewer).post(
        "/api/scenes/feed/recommend/", {"unit_id": "u1", "context": {}}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    down = people.client(people.viewer).get("/api/breakers/")
    assert down.status_code == 503
    assert down.json()["errors"][0]["code"] == "breaker_store_unavailable"


def test_breakers_can_be_switched_off(people: Personas, flaky_scene: Scene,
                                      settings: Any) -> None:
    settings.LOOM_BREAKERS_ENABLED = False
    runs = [recommend(people) for _ in range(4)]
    assert [Run.objects.get(pk=r["run_id"]).node_status["extra"] for r in runs] == [
        "failed"] * 4
    assert breakers_of(people, people.viewer).json() == {
        "enabled": False, "config": breakers_of(people, people.viewer).json()["config"],
        "count": 0, "results": []}
