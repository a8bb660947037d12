from __future__ import annotations

from webapp.conftest import Personas


def test_list_filters_by_category_and_search(people: Personas) -> None:
    client = people.client(people.viewer)
    everything = client.get("/api/operators/").json()
    assert everything["count"] >= 30 and "recall" in everything["categories"]
    recall = client.get("/api/operators/?category=recall").json()
    assert recall["count"] >= 5 and {e["category"] for e in recall["results"]} == {"recall"}
    found = client.get("/api/operators/?search=collaborative").json()
    assert [e["name"] for e in found["results"]] == ["recall.item_cf"]


def test_detail_has_ports_and_schema(people: Personas) -> None:
    entry = people.client(people.viewer).get("/api/operators/recall.hot_items/").json()
    assert entry["params_schema"]["properties"]["limit"]["maximum"] == 5000
    assert entry["output"] == {"type": "Dataset"}
    missing = people.client(people.viewer).get("/api/operators/nope.nope/")
    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == "not_found"


def test_anonymous_and_roleless_users_cannot_read(people: Personas) -> None:
    assert people.client(None).get("/api/operators/").status_code in (401, 403)
    assert people.client(people.outsider).get("/api/operators/").status_code == 403


def test_graphs_using_an_operator(people: Personas) -> None:
    from webapp.conftest import SIMPLE_DOC, create_graph

    editor = people.client(people.author)
    graph = create_graph(editor)
    other = create_graph(editor, {**SIMPLE_DOC, "name": "other",
                                  "nodes": SIMPLE_DOC["nodes"][:1]})
    viewer = people.client(people.viewer)
    using = viewer.get("/api/operators/basic.limit/graphs/").json()
    assert using == [{"id": graph["id"], "name": "simple", "nodes": ["top"]}]
    tables = viewer.get("/api/operators/datasource.table/graphs/").json()
    assert [g["id"] for g in tables] == [other["id"], graph["id"]]  # ordered by name
    assert viewer.get("/api/operators/recall.item_cf/graphs/").json() == []
    assert viewer.get("/api/operators/nope.nope/graphs/").status_code == 404
