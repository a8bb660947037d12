"""Experiments and buckets over HTTP: overrides stay within the layer's keys and keep the
graph valid; live buckets never share slots; start / stop."""

from __future__ import annotations

from typing import Any

from webapp.conftest import Personas
from webapp.experiments.models import Experiment, Layer
from webapp.experiments.tests.conftest import make_experiment, make_layer
from webapp.scenes.models import Scene


def setup(scene: Scene) -> tuple[Layer, Experiment]:
    layer = make_layer(scene, "ranking", ["node.top.param.*"])
    return layer, make_experiment(layer, "exp", [], start=False)


def post_bucket(people: Personas, experiment: Experiment, name: str, start: int, end: int,
                overrides: dict[str, Any] | None = None) -> Any:
    return people.client(people.author).post(
        "/api/buckets/", {"experiment": experiment.pk, "name": name, "start": start,
                          "end": end, "overrides": overrides or {}}, format="json")


def test_a_bucket_overrides_its_layers_keys(people: Personas, scene: Scene) -> None:
    _, experiment = setup(scene)
    response = post_bucket(people, experiment, "treatment", 0, 5000, {"node.top.param.n": "2"})
    assert response.status_code == 201, response.content
    assert response.json()["overrides"] == {"node.top.param.n": "2"}


def test_an_override_outside_the_layer_is_refused(people: Personas, scene: Scene) -> None:
    _, experiment = setup(scene)
    response = post_bucket(people, experiment, "t", 0, 5000, {"node.items.param.rows": "[]"})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["code"] == "key_not_owned" and error["field"] == "overrides.node.items.param.rows"
    assert "layer 'ranking' owns (node.top.param.*)" in error["message"]


def test_an_override_breaking_the_graph_is_refused_naming_the_key(people: Personas,
                                                                 scene: Scene) -> None:
    _, experiment = setup(scene)
    for value, code in [("-1", "param_out_of_range"), ("many", "bad_value")]:
        response = post_bucket(people, experiment, "t", 0, 5000, {"node.top.param.n": value})
        assert response.status_code == 400, value
        [error] = response.json()["errors"]
        assert error["code"] == code and error["node"] == "top"
        assert error["field"] == "overrides.node.top.param.n"
        assert "node.top.param.n" in error["message"]
    assert experiment.buckets.count() == 0


def test_bad_ranges(people: Personas, scene: Scene) -> None:
    _, experiment = setup(scene)
    assert post_bucket(people, experiment, "t", 10, 10).status_code == 400
    assert post_bucket(people, experiment, "t", 0, 10_001).status_code == 400
    assert post_bucket(people, experiment, "t", -1, 5).status_code == 400
    assert post_bucket(people, experiment, "a", 0, 5000).status_code == 201
    response = post_bucket(people, experiment, "b", 4999, 6000)  # overlaps its sibling
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "slots_taken"
    b = post_bucket(people, experiment, "b", 5000, 6000).json()
    response = people.client(people.author).patch(f"/api/buckets/{b['id']}/", {"name": "a"},
                                                  format="json")  # a sibling's name: no 500
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "unique"


def test_running_experiments_of_a_layer_do_not_share_slots(people: Personas,
                                                          scene: Scene) -> None:
    layer = make_layer(scene, "ranking", ["node.top.param.*"])
    make_experiment(layer, "first", [("a", 0, 3000, {"node.top.param.n": "2"})])
    second = make_experiment(layer, "second", [("b", 2000, 4000, {})], start=False)
    client = people.client(people.author)
    response = client.post(f"/api/experiments/{second.pk}/start/")
    assert response.status_code == 400
    assert "overlaps bucket 'first/a' [0, 3000)" in response.json()["errors"][0]["message"]
    bucket = second.buckets.get()
    assert client.patch(f"/api/buckets/{bucket.pk}/", {"start": 3000},
                        format="json").status_code == 200
    response = client.post(f"/api/experiments/{second.pk}/start/")
    assert response.status_code == 200 and response.json()["status"] == "running"
    # Now live: growing into the other experiment's slots is refused.
    response = client.patch(f"/api/buckets/{bucket.pk}/", {"start": 2500}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "slots_taken"


def test_start_stop_and_delete(people: Personas, scene: Scene) -> None:
    _, experiment = setup(scene)
    client = people.client(people.author)
    assert client.post(f"/api/experiments/{experiment.pk}/start/").status_code == 409  # empty
    post_bucket(people, experiment, "a", 0, 100)
    assert people.client(people.viewer).post(
        f"/api/experiments/{experiment.pk}/start/").status_code == 403
    assert client.post(f"/api/experiments/{experiment.pk}/start/").json()["status"] == "running"
    assert client.post(f"/api/experiments/{experiment.pk}/start/").status_code == 409
    assert client.delete(f"/api/experiments/{experiment.pk}/").status_code == 409
    assert client.post(f"/api/experiments/{experiment.pk}/stop/").json()["status"] == "stopped"
    assert client.delete(f"/api/experiments/{experiment.pk}/").status_code == 204


def test_experiment_crud_and_filters(people: Personas, scene: Scene) -> None:
    layer, _ = setup(scene)
    client = people.client(people.author)
    response = client.post("/api/experiments/", {"layer": layer.pk, "name": "new"},
                           format="json")
    assert response.status_code == 201 and response.json()["status"] == "draft"
    assert response.json()["scene"] == "feed"
    listed = people.client(people.viewer).get("/api/experiments/?scene=feed&status=draft")
    assert sorted(e["name"] for e in listed.json()["results"]) == ["exp", "new"]
    assert client.post("/api/experiments/", {"layer": layer.pk, "name": "new"},
                       format="json").status_code == 400  # duplicate name in the layer
