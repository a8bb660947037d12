"""GET /api/scenes/<slug>/assignment/?unit_id=X: what a unit is served, and why."""

from __future__ import annotations

from webapp.conftest import Personas
from webapp.experiments.tests.conftest import make_experiment, make_layer
from webapp.experiments.traffic import slot
from webapp.scenes.models import Scene


def test_the_checker_shows_buckets_provenance_and_the_merged_graph(people: Personas,
                                                                  scene: Scene) -> None:
    ranking = make_layer(scene, "ranking", ["node.top.param.*"], salt="r")
    make_layer(scene, "recall", ["node.items.param.*"], salt="c")
    make_experiment(ranking, "limit", [("all", 0, 10_000, {"node.top.param.n": "2"})])
    response = people.client(people.viewer).get("/api/scenes/feed/assignment/?unit_id=u7")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["assignment"] == {"ranking": {"experiment": "limit", "bucket": "all",
                                              "slot": slot("r", "u7")}}
    assert body["slots"] == {"ranking": slot("r", "u7"), "recall": slot("c", "u7")}
    assert body["provenance"] == {"node.top.param.n": "ranking"}
    assert body["kv"]["node.top.param.n"] == "2" and body["kv"]["node.top.op"] == "basic.limit"
    top = next(n for n in body["document"]["nodes"] if n["id"] == "top")
    assert top["params"] == {"n": 2} and body["errors"] == []
    assert body["graph_hash"] != scene.production_version.config_hash


def test_checker_bad_input(people: Personas, scene: Scene) -> None:
    client = people.client(people.viewer)
    response = client.get("/api/scenes/feed/assignment/")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "unit_id"
    assert client.get("/api/scenes/nope/assignment/?unit_id=u").status_code == 404
    Scene.objects.create(slug="empty", name="Empty")
    response = client.get("/api/scenes/empty/assignment/?unit_id=u")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "no_production_version"
    assert people.client(people.outsider).get(
        "/api/scenes/feed/assignment/?unit_id=u").status_code == 403
