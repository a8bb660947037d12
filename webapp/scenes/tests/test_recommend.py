"""Recommendations through the serving path (Celery eager here; see test_worker for a real
worker)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from webapp.conftest import Personas
from webapp.runs.models import Run
from webapp.scenes.demo import load_demo
from webapp.scenes.models import Scene

SMALL = {"n_items": 600, "n_categories": 30, "n_users": 100}


@pytest.fixture
def demo(people: Personas, web_redis: str, tmp_path: Any) -> dict[str, Any]:
    with override_settings(LOOM_MODEL_DIR=tmp_path):
        return load_demo(web_redis, users=False, catalogue_size=SMALL)


def test_recommend_returns_items_version_and_hash(people: Personas,
                                                  demo: dict[str, Any]) -> None:
    client = people.client(people.viewer)
    body = {"unit_id": "u0001", "context": {"user": {"id": "u0001", "days_since_signup": 40,
                                                     "favourite_category": "c01"}}}
    response = client.post("/api/scenes/home_feed/recommend/", body, format="json")
    assert response.status_code == 200, response.content
    out = response.json()
    scene = Scene.objects.get(slug="home_feed")
    assert out["status"] == "ok" and out["version"] == demo["version"]
    assert out["graph_hash"] == scene.production_version.config_hash
    assert 0 < len(out["items"]) <= 20 and out["items"][0]["rank"] == 1
    run = Run.objects.get(pk=out["run_id"])
    assert run.kind == "serve" and run.unit_id == "u0001"
    detail = client.get(f"/api/runs/{run.pk}/").json()
    assert detail["node_status"]["cf"] == "ok"


def test_good_recommendations_keep_a_sample_of_traces(people: Personas, demo: dict[str, Any],
                                                      settings: Any) -> None:
    client = people.client(people.viewer)
    body = {"unit_id": "u0001", "context": {"user": {"id": "u0001", "days_since_signup": 40}}}
    traced = {}
    for rate in (1.0, 0.0):
        settings.LOOM_SERVE_TRACE_SAMPLE = rate
        out = client.post("/api/scenes/home_feed/recommend/", body, format="json").json()
        assert out["status"] == "ok"
        traced[rate] = Run.objects.get(pk=out["run_id"]).trace
    assert traced[1.0]["graph"] == "home_feed" and traced[0.0] is None
    settings.LOOM_SERVE_TRACE_SAMPLE = 0.0
    failed = client.post("/api/scenes/home_feed/recommend/", {"unit_id": "u9"}, format="json")
    assert failed.status_code == 503  # no days_since_signup: the condition fails
    assert Run.objects.get(pk=failed.json()["run_id"]).trace["status"] == "failed"


def test_async_recommend_returns_a_run_to_poll(people: Personas, demo: dict[str, Any]) -> None:
    client = people.client(people.viewer)
    response = client.post("/api/scenes/home_feed/recommend/?async=1",
                           {"unit_id": "u0002"}, format="json")
    assert response.status_code == 202
    run_id = response.json()["run_id"]
    assert client.get(f"/api/runs/{run_id}/").json()["id"] == run_id


def test_bad_requests(people: Personas, demo: dict[str, Any]) -> None:
    client = people.client(people.viewer)
    assert client.post("/api/scenes/home_feed/recommend/", {}, format="json").json()[
        "errors"][0]["field"] == "unit_id"
    assert client.post("/api/scenes/home_feed/recommend/", {"unit_id": "u", "context": [1]},
                       format="json").status_code == 400
    assert client.post("/api/scenes/nope/recommend/", {"unit_id": "u"},
                       format="json").status_code == 404
    Scene.objects.create(slug="empty", name="Empty")
    assert client.post("/api/scenes/empty/recommend/", {"unit_id": "u"},
                       format="json").status_code == 409


def test_a_new_production_version_is_served_at_once(people: Personas,
                                                    demo: dict[str, Any]) -> None:
    from webapp.graphs import logic as graphs

    scene = Scene.objects.get(slug="home_feed")
    graph = scene.production_version.graph
    doc = dict(graph.document)
    doc["nodes"] = [dict(n) for n in doc["nodes"]]
    top = next(n for n in doc["nodes"] if n["id"] == "top")
    top["params"] = {**top["params"], "limit": 5}
    graph = graphs.update_graph(graph.pk, graph.revision, people.author, {"document": doc})
    scene.production_version = graphs.snapshot(graph, people.author)
    scene.save()
    body = {"unit_id": "u0003", "context": {"user": {"id": "u0003", "days_since_signup": 2}}}
    out = people.client(people.viewer).post("/api/scenes/home_feed/recommend/", body,
                                            format="json").json()
    assert len(out["items"]) == 5 and out["graph_hash"] == scene.production_version.config_hash


def test_a_failed_run_is_a_plain_503(people: Personas, demo: dict[str, Any]) -> None:
    # home_feed's condition needs ctx.user.days_since_signup
    response = people.client(people.viewer).post("/api/scenes/home_feed/recommend/",
                                                 {"unit_id": "u9"}, format="json")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failed" and body["run_id"]
    assert body["errors"][0]["node"] == "is_new" and "days_since_signup" in body["errors"][0][
        "message"]


def test_only_admins_change_scenes(people: Personas, demo: dict[str, Any]) -> None:
    editor = people.client(people.author)
    assert editor.patch("/api/scenes/home_feed/", {"name": "x"}, format="json"
                        ).status_code == 403
    assert people.client(people.admin).patch("/api/scenes/home_feed/", {"name": "Home"},
                                             format="json").status_code == 200
