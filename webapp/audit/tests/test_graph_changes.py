"""Graph writes leave an entry with the actor and a graph-structured diff; refused ones
leave none."""

from __future__ import annotations

import copy

from webapp.audit.models import AuditEntry
from webapp.conftest import SIMPLE_DOC, Personas, create_graph


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def test_create_records_every_node_as_added(people: Personas) -> None:
    graph = create_graph(people.client(people.author))
    [entry] = entries("graph.create")
    assert entry.actor == people.author and entry.target_id == str(graph["id"])
    assert entry.target_type == "graphs.graph"
    assert entry.details["nodes"]["added"] == ["items", "top"]


def test_an_update_records_the_actor_and_the_param_diff(people: Personas) -> None:
    graph = create_graph(people.client(people.author))
    doc = copy.deepcopy(SIMPLE_DOC)
    doc["nodes"][1]["params"]["n"] = 2
    response = people.client(people.editor2).put(f"/api/graphs/{graph['id']}/",
                                                 {"document": doc}, format="json",
                                                 HTTP_IF_MATCH=graph["etag"])
    assert response.status_code == 200
    [entry] = entries("graph.update")
    assert entry.actor == people.editor2 and entry.summary == "1 param changed"
    assert entry.details["params"]["changed"] == [
        {"node": "top", "param": "n", "old": 1, "new": 2}]


def test_a_stale_update_records_nothing(people: Personas) -> None:
    client = people.client(people.author)
    graph = create_graph(client)
    url = f"/api/graphs/{graph['id']}/"
    assert client.patch(url, {"description": "x"}, format="json",
                        HTTP_IF_MATCH=graph["etag"]).status_code == 200
    stale = client.patch(url, {"description": "y"}, format="json",
                         HTTP_IF_MATCH=graph["etag"])
    assert stale.status_code == 412
    [entry] = entries("graph.update")
    assert entry.details["description"] == {"old": "", "new": "x"}


def test_a_snapshot_and_a_delete_are_recorded(people: Personas) -> None:
    client = people.client(people.author)
    graph = create_graph(client)
    version = client.post(f"/api/graphs/{graph['id']}/versions/", {}, format="json").json()
    [snap] = entries("graph.snapshot")
    assert snap.details["version"] == version["id"] and snap.summary == "version 1 created"
    assert client.delete(f"/api/graphs/{graph['id']}/").status_code == 204
    [gone] = entries("graph.delete")
    assert gone.target_id == str(graph["id"]) and gone.actor == people.author


def test_an_import_is_recorded_as_such(people: Personas) -> None:
    client = people.client(people.author)
    kv = client.get(f"/api/graphs/{create_graph(client)['id']}/kv/").json()["kv"]
    assert client.post("/api/graphs/import-kv/", {"kv": kv}, format="json").status_code == 201
    assert len(entries("graph.import_kv")) == 1
