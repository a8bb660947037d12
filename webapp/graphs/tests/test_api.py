"""Graphs CRUD with optimistic concurrency, validation, KV, versions and diffs."""

from __future__ import annotations

import copy
from typing import Any

from webapp.conftest import SIMPLE_DOC, Personas, create_graph
from webapp.graphs.models import Graph


def edited(doc: dict[str, Any], n: int) -> dict[str, Any]:
    new = copy.deepcopy(doc)
    new["nodes"][1]["params"]["n"] = n
    return new


def test_create_read_and_etag(people: Personas) -> None:
    client = people.client(people.author)
    graph = create_graph(client)
    assert graph["valid"] is True and graph["revision"] == 1 and graph["name"] == "simple"
    response = client.get(f"/api/graphs/{graph['id']}/")
    assert response.headers["ETag"] == graph["etag"]
    cached = client.get(f"/api/graphs/{graph['id']}/", HTTP_IF_NONE_MATCH=graph["etag"])
    assert cached.status_code == 304


def test_update_needs_if_match_and_a_stale_write_changes_nothing(people: Personas) -> None:
    client = people.client(people.author)
    graph = create_graph(client)
    url = f"/api/graphs/{graph['id']}/"
    missing = client.put(url, {"document": edited(SIMPLE_DOC, 2)}, format="json")
    assert missing.status_code == 428
    ok = client.put(url, {"document": edited(SIMPLE_DOC, 2)}, format="json",
                    HTTP_IF_MATCH=graph["etag"])
    assert ok.status_code == 200 and ok.json()["revision"] == 2
    stale = people.client(people.editor2).put(url, {"document": edited(SIMPLE_DOC, 3)},
                                              format="json", HTTP_IF_MATCH=graph["etag"])
    assert stale.status_code == 412
    body = stale.json()
    assert body["errors"][0]["code"] == "stale_revision"
    assert body["current"]["revision"] == 2 and body["current"]["document"]["nodes"][1][
        "params"]["n"] == 2
    assert Graph.objects.get(pk=graph["id"]).document["nodes"][1]["params"]["n"] == 2


def test_invalid_heads_are_saved_as_drafts(people: Personas) -> None:
    client = people.client(people.author)
    graph = create_graph(client)
    bad = edited(SIMPLE_DOC, -5)
    response = client.patch(f"/api/graphs/{graph['id']}/", {"document": bad}, format="json",
                            HTTP_IF_MATCH=graph["etag"])
    assert response.status_code == 200
    saved = response.json()
    assert saved["valid"] is False and saved["errors"][0]["field"] == "params.n"
    snapshot = client.post(f"/api/graphs/{graph['id']}/versions/", {}, format="json")
    assert snapshot.status_code == 400 and snapshot.json()["errors"][0]["node"] == "top"


def test_bad_input_gets_structured_errors(people: Personas) -> None:
    client = people.client(people.author)
    response = client.post("/api/graphs/", {"document": [1, 2]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "document"
    assert client.post("/api/graphs/", "{not json", content_type="application/json"
                       ).status_code == 400


def test_validate_endpoint(people: Personas) -> None:
    client = people.client(people.viewer)  # validating changes nothing: viewers may
    good = client.post("/api/graphs/validate/", {"document": SIMPLE_DOC}, format="json").json()
    assert good["valid"] is True and len(good["config_hash"]) == 64
    bad = client.post("/api/graphs/validate/", {"document": {"schema": 1, "name": "x",
                      "nodes": [{"id": "a", "op": "nope.nope"}]}}, format="json").json()
    assert bad == {"valid": False, "config_hash": None, "errors": [
        {"code": "unknown_operator", "node": "a", "field": "op",
         "message": "unknown operator 'nope.nope'"}]}


def test_kv_export_and_import(people: Personas) -> None:
    client = people.client(people.author)
    graph = create_graph(client)
    exported = client.get(f"/api/graphs/{graph['id']}/kv/").json()
    assert exported["kv"]["node.top.param.n"] == "1"
    text = client.get(f"/api/graphs/{graph['id']}/kv/?as=text").content.decode()
    assert "node.top.param.n = 1" in text
    imported = client.post("/api/graphs/import-kv/", {"kv": text}, format="json")
    assert imported.status_code == 201 and imported.json()["config_hash"] == graph[
        "config_hash"]
    broken = client.post("/api/graphs/import-kv/", {"kv": {"node.a.op": "nope.x"}},
                         format="json")
    assert broken.status_code == 400
    assert {e["code"] for e in broken.json()["errors"]} == {"bad_name", "unknown_operator"}


def test_versions_and_diff(people: Personas) -> None:
    client = people.client(people.author)
    graph = create_graph(client)
    v1 = client.post(f"/api/graphs/{graph['id']}/versions/", {"note": "first"},
                     format="json").json()
    client.put(f"/api/graphs/{graph['id']}/", {"document": edited(SIMPLE_DOC, 5)},
               format="json", HTTP_IF_MATCH=graph["etag"])
    v2 = client.post(f"/api/graphs/{graph['id']}/versions/", {}, format="json").json()
    assert (v1["number"], v2["number"]) == (1, 2) and v1["config_hash"] != v2["config_hash"]
    listed = client.get(f"/api/graphs/{graph['id']}/versions/").json()
    assert [v["number"] for v in listed] == [2, 1]
    diff = client.get(f"/api/versions/{v2['id']}/diff/?against={v1['id']}").json()["diff"]
    assert diff["params"]["changed"] == [{"node": "top", "param": "n", "old": 1, "new": 5}]
    assert client.get(f"/api/versions/{v2['id']}/diff/").status_code == 400
    assert client.get(f"/api/versions/{v2['id']}/diff/?against=999999").status_code == 404


def test_viewers_cannot_write(people: Personas) -> None:
    graph = create_graph(people.client(people.author))
    viewer = people.client(people.viewer)
    assert viewer.post("/api/graphs/", {"document": SIMPLE_DOC}, format="json"
                       ).status_code == 403
    assert viewer.delete(f"/api/graphs/{graph['id']}/").status_code == 403
    assert viewer.get(f"/api/graphs/{graph['id']}/").status_code == 200


def test_a_graph_a_scene_serves_cannot_be_deleted(people: Personas) -> None:
    from webapp.graphs import logic as graphs
    from webapp.graphs.models import Graph
    from webapp.scenes.models import Scene

    editor = people.client(people.author)
    created = create_graph(editor)
    graph = Graph.objects.get(pk=created["id"])
    Scene.objects.create(slug="feed", name="Feed",
                         production_version=graphs.snapshot(graph, people.author))
    response = editor.delete(f"/api/graphs/{graph.pk}/")
    assert response.status_code == 409, response.content
    assert response.json()["errors"][0]["code"] == "in_production"
    assert Graph.objects.filter(pk=graph.pk).exists()
