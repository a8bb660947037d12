"""A new production version that would break a running experiment's bucket is refused,
naming the bucket; one that keeps every bucket valid is taken."""

from __future__ import annotations

import copy

from webapp.conftest import SIMPLE_DOC, Personas
from webapp.experiments.tests.conftest import make_experiment, make_layer
from webapp.graphs import logic as graphs
from webapp.scenes.models import Scene


def _version(people: Personas, document: dict[str, object]) -> int:
    graph = graphs.create_graph(people.author, document)
    return graphs.snapshot(graph, people.author).pk


def test_a_version_breaking_a_running_bucket_is_refused(people: Personas, scene: Scene) -> None:
    layer = make_layer(scene, "shape", ["node.top.param.*"])
    make_experiment(layer, "bigger", [("two", 0, 5000, {"node.top.param.n": "2"})])
    before = scene.production_version_id
    without_top = {**SIMPLE_DOC, "name": "no_top", "nodes": SIMPLE_DOC["nodes"][:1]}
    admin = people.client(people.admin)
    refused = admin.patch(f"/api/scenes/{scene.slug}/",
                          {"production_version": _version(people, without_top)}, format="json")
    assert refused.status_code == 409, refused.content
    assert "bucket 'two' of running experiment 'bigger'" in refused.json()["errors"][0]["message"]
    scene.refresh_from_db()
    assert scene.production_version_id == before

    still_fits = copy.deepcopy(SIMPLE_DOC)
    still_fits["nodes"][1]["params"] = {"n": 3}
    taken = admin.patch(f"/api/scenes/{scene.slug}/",
                        {"production_version": _version(people, still_fits)}, format="json")
    assert taken.status_code == 200, taken.content
    scene.refresh_from_db()
    assert scene.production_version_id != before
