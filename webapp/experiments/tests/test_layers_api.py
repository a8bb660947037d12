"""Layers over HTTP: key ownership is exclusive within a scene; roles."""

from __future__ import annotations

from typing import Any

from webapp.conftest import Personas
from webapp.experiments.tests.conftest import make_experiment, make_layer
from webapp.scenes.models import Scene


def post_layer(people: Personas, slug: str, keys: list[str], scene: str = "feed") -> Any:
    return people.client(people.author).post(
        "/api/layers/", {"scene": scene, "name": slug, "slug": slug, "keys": keys},
        format="json")


def test_editor_creates_a_layer_with_a_generated_salt(people: Personas, scene: Scene) -> None:
    response = post_layer(people, "ranking", ["node.top.param.*"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["scene"] == "feed" and len(body["salt"]) == 16
    listed = people.client(people.viewer).get("/api/layers/?scene=feed").json()
    assert [layer["slug"] for layer in listed["results"]] == ["ranking"]
    assert people.client(people.viewer).get("/api/layers/?scene=other").json()["count"] == 0


def test_overlapping_ownership_is_refused_with_a_clear_message(people: Personas,
                                                              scene: Scene) -> None:
    assert post_layer(people, "ranking", ["node.top.param.*"]).status_code == 201
    response = post_layer(people, "limits", ["graph.timeout_ms", "node.*.param.n"])
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["code"] == "key_owned" and error["field"] == "keys"
    assert "'node.*.param.n' overlaps 'node.top.param.*', owned by layer 'ranking'" in error[
        "message"] and "node.top.param.n" in error["message"]
    # Disjoint patterns are fine, and another scene's layers do not count.
    assert post_layer(people, "recall", ["node.items.param.*"]).status_code == 201
    Scene.objects.create(slug="other", name="Other")
    assert post_layer(people, "ranking", ["node.top.param.*"], scene="other").status_code == 201


def test_an_update_cannot_steal_keys_either(people: Personas, scene: Scene) -> None:
    make_layer(scene, "ranking", ["node.top.param.*"])
    recall = make_layer(scene, "recall", ["node.items.param.*"])
    response = people.client(people.author).patch(f"/api/layers/{recall.pk}/",
                                                  {"keys": ["node.*"]}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "key_owned"


def test_bad_patterns_and_duplicate_slugs(people: Personas, scene: Scene) -> None:
    response = post_layer(people, "x", ["node.top.param.[ab]"])
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "bad_pattern"
    assert post_layer(people, "x", []).status_code == 400
    assert post_layer(people, "x", ["node.top.*"]).status_code == 201
    assert post_layer(people, "x", ["graph.name"]).status_code == 400  # slug taken in scene


def test_narrowing_keys_in_use_and_changing_a_running_salt_are_refused(
        people: Personas, scene: Scene) -> None:
    layer = make_layer(scene, "ranking", ["node.top.param.*"])
    make_experiment(layer, "exp", [("b", 0, 5000, {"node.top.param.n": "2"})])
    client = people.client(people.author)
    response = client.patch(f"/api/layers/{layer.pk}/", {"keys": ["node.top.op"]},
                            format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "key_in_use"
    response = client.patch(f"/api/layers/{layer.pk}/", {"salt": "new"}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "salt"
    assert client.delete(f"/api/layers/{layer.pk}/").status_code == 409


def test_roles(people: Personas, scene: Scene) -> None:
    layer = make_layer(scene, "ranking", ["node.top.param.*"])
    assert people.client(people.viewer).get(f"/api/layers/{layer.pk}/").status_code == 200
    assert people.client(people.outsider).get("/api/layers/").status_code == 403
    assert people.client(None).get("/api/layers/").status_code in (401, 403)
    assert post_layer(people, "y", ["graph.name"]).status_code == 201
    viewer = people.client(people.viewer)
    assert viewer.post("/api/layers/", {"scene": "feed", "name": "z", "slug": "z",
                                        "keys": ["graph.output"]},
                       format="json").status_code == 403
    assert viewer.delete(f"/api/layers/{layer.pk}/").status_code == 403
