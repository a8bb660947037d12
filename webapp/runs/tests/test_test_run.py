"""Test runs of a graph's head from the editor."""

from __future__ import annotations

import copy

from webapp.conftest import SIMPLE_DOC, Personas, create_graph
from webapp.runs import logic
from webapp.runs.models import Run


def test_test_run_returns_statuses_timings_and_samples(people: Personas) -> None:
    graph = create_graph(people.client(people.author))
    response = people.client(people.viewer).post(f"/api/graphs/{graph['id']}/test-run/",
                                                  {"context": {"x": 1}}, format="json")
    assert response.status_code == 200, response.content
    out = response.json()
    assert out["status"] == "ok" and out["node_status"] == {"items": "ok", "top": "ok"}
    assert out["outputs"]["items"]["rows"] == 2 and len(out["outputs"]["items"]["sample"]) == 2
    assert out["output"] == [{"item_id": "a", "score": 1}]
    assert {c["id"] for c in out["trace"]["children"]} == {"items", "top"}
    assert all(c["duration_us"] is not None for c in out["trace"]["children"])


def test_invalid_graphs_and_bad_context_are_refused(people: Personas) -> None:
    client = people.client(people.author)
    bad = copy.deepcopy(SIMPLE_DOC)
    bad["nodes"][1]["params"]["n"] = -1
    graph = create_graph(client, bad)
    response = client.post(f"/api/graphs/{graph['id']}/test-run/", {}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["node"] == "top"
    good = create_graph(client)
    assert client.post(f"/api/graphs/{good['id']}/test-run/", {"context": "x"},
                       format="json").status_code == 400
    assert Run.objects.count() == 0


def test_execute_is_idempotent(people: Personas) -> None:
    graph = create_graph(people.client(people.author))
    run = Run.objects.create(kind="test", graph_id=graph["id"], graph_document=SIMPLE_DOC)
    first = logic.execute(str(run.pk))
    again = logic.execute(str(run.pk))
    assert first == again and first["status"] == "ok"
    assert logic.prune(days=0) == 1 and Run.objects.count() == 0
