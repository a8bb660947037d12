"""The structured graph diff (DESIGN §6): nodes, edges, params, groups, settings, layout."""

from __future__ import annotations

import copy
import json
from typing import Any

from graphengine import Graph
from graphengine.diff import diff_documents, diff_graphs

BASE: dict[str, Any] = {
    "schema": 1, "name": "d", "settings": {"output": "merge"},
    "groups": [{"id": "recall", "label": "Recall", "timeout_ms": 100}],
    "nodes": [
        {"id": "flag", "op": "control.constant"},
        {"id": "a", "op": "datasource.table", "group": "recall", "params": {"tag": "a"}},
        {"id": "b", "op": "datasource.table", "group": "recall", "when": "flag"},
        {"id": "merge", "op": "merge.priority", "inputs": {"sources": ["a", "b"]}},
        {"id": "top", "op": "basic.limit", "params": {"n": 5}, "inputs": {"items": ["merge"]}},
    ],
}

EMPTY_SECTIONS: dict[str, dict[str, list[Any]]] = {
    "nodes": {"added": [], "removed": [], "changed": []},
    "edges": {"added": [], "removed": [], "reordered": []},
    "params": {"added": [], "removed": [], "changed": []},
    "groups": {"added": [], "removed": [], "changed": []},
    "settings": {"changed": []},
}


def canon(doc: dict[str, Any]) -> dict[str, Any]:
    return Graph.from_dict(doc).to_dict()


def node(doc: dict[str, Any], nid: str) -> dict[str, Any]:
    return next(n for n in doc["nodes"] if n["id"] == nid)


def diff_with(edit: Any) -> dict[str, Any]:
    new = copy.deepcopy(BASE)
    edit(new)
    d = diff_graphs(Graph.from_dict(BASE), Graph.from_dict(new))
    assert json.loads(json.dumps(d)) == d
    return d


def test_identical_documents_have_no_changes() -> None:
    d = diff_documents(canon(BASE), canon(copy.deepcopy(BASE)))
    assert {k: d[k] for k in EMPTY_SECTIONS} == EMPTY_SECTIONS
    assert d["layout_only"] is False and d["summary"] == "no changes"
    assert json.loads(json.dumps(d)) == d


def test_nodes_added_removed_and_changed() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["nodes"].append({"id": "c", "op": "datasource.table"})
        doc["nodes"].append({"id": "bb", "op": "datasource.table"})
        node(doc, "merge")["inputs"]["sources"] = ["a", "b", "bb", "c"]
        node(doc, "a").update(optional=True, timeout_ms=40)
        node(doc, "a").pop("group")

    d = diff_with(edit)
    assert d["nodes"]["added"] == ["bb", "c"] and d["nodes"]["removed"] == []
    assert d["nodes"]["changed"] == [{"id": "a", "changes": [
        {"field": "group", "old": "recall", "new": None},
        {"field": "optional", "old": False, "new": True},
        {"field": "timeout_ms", "old": None, "new": 40},
    ]}]
    assert d["summary"] == "2 nodes added, 1 changed, 2 edges added"


def test_removed_node_takes_its_edges_and_params_stay_out() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["nodes"] = [n for n in doc["nodes"] if n["id"] != "top"]

    d = diff_with(edit)
    assert d["nodes"]["removed"] == ["top"] and d["nodes"]["changed"] == []
    assert d["edges"]["removed"] == [{"source": "merge", "target": "top", "port": "items"}]
    assert d["params"] == {"added": [], "removed": [], "changed": []}  # only shared nodes
    assert d["summary"] == "1 node removed, 1 edge removed"


def test_params_added_removed_changed() -> None:
    def edit(doc: dict[str, Any]) -> None:
        node(doc, "a")["params"] = {"rows": [{"item_id": "x"}]}
        node(doc, "top")["params"]["n"] = 7
        node(doc, "flag")["params"] = {"value": False}

    d = diff_with(edit)
    assert d["params"] == {
        "added": [{"node": "a", "param": "rows", "value": [{"item_id": "x"}]},
                  {"node": "flag", "param": "value", "value": False}],
        "removed": [{"node": "a", "param": "tag", "value": "a"}],
        "changed": [{"node": "top", "param": "n", "old": 5, "new": 7}],
    }
    assert d["nodes"]["changed"] == [
        {"id": "a", "changes": [{"field": "params.rows", "old": None,
                                 "new": [{"item_id": "x"}]},
                                {"field": "params.tag", "old": "a", "new": None}]},
        {"id": "flag", "changes": [{"field": "params.value", "old": None, "new": False}]},
        {"id": "top", "changes": [{"field": "params.n", "old": 5, "new": 7}]},
    ]
    assert d["summary"] == "2 params added, 1 removed, 1 changed"


def test_reorder_within_a_port() -> None:
    d = diff_with(lambda doc: node(doc, "merge")["inputs"].update(sources=["b", "a"]))
    assert d["edges"] == {"added": [], "removed": [], "reordered": [
        {"target": "merge", "port": "sources", "old": ["a", "b"], "new": ["b", "a"]}]}
    assert d["nodes"]["changed"] == [] and not d["layout_only"]
    assert d["summary"] == "1 port reordered"


def test_added_source_at_the_end_is_not_a_reorder_but_moving_one_is() -> None:
    def append(doc: dict[str, Any]) -> None:
        doc["nodes"].append({"id": "c", "op": "datasource.table"})
        node(doc, "merge")["inputs"]["sources"] = ["a", "b", "c"]

    d = diff_with(append)
    assert d["edges"]["added"] == [{"source": "c", "target": "merge", "port": "sources"}]
    assert d["edges"]["reordered"] == []

    def insert_and_swap(doc: dict[str, Any]) -> None:
        doc["nodes"].append({"id": "c", "op": "datasource.table"})
        node(doc, "merge")["inputs"]["sources"] = ["b", "c", "a"]

    d = diff_with(insert_and_swap)
    assert d["edges"]["added"] == [{"source": "c", "target": "merge", "port": "sources"}]
    assert d["edges"]["reordered"] == [{"target": "merge", "port": "sources",
                                        "old": ["a", "b"], "new": ["b", "c", "a"]}]


def test_repeated_source_in_a_port_counts_as_an_edge() -> None:
    d = diff_with(lambda doc: node(doc, "merge")["inputs"].update(sources=["a", "b", "a"]))
    assert d["edges"]["added"] == [{"source": "a", "target": "merge", "port": "sources"}]
    assert d["edges"]["reordered"] == []


def test_condition_edges() -> None:
    def edit(doc: dict[str, Any]) -> None:
        node(doc, "b")["unless"] = node(doc, "b").pop("when")
        doc["nodes"].append({"id": "off", "op": "control.constant", "params": {"value": False}})
        node(doc, "a")["when"] = "off"

    d = diff_with(edit)
    assert d["edges"]["added"] == [{"source": "off", "target": "a", "kind": "when"},
                                   {"source": "flag", "target": "b", "kind": "unless"}]
    assert d["edges"]["removed"] == [{"source": "flag", "target": "b", "kind": "when"}]
    changed_b = next(c for c in d["nodes"]["changed"] if c["id"] == "b")
    assert changed_b["changes"] == [{"field": "when", "old": "flag", "new": None},
                                    {"field": "unless", "old": None, "new": "flag"}]


def test_groups_added_removed_changed() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["groups"] = [
            {"id": "recall", "label": "Recall 2", "timeout_ms": 100, "max_concurrency": 2},
            {"id": "rank", "label": "Rank"},
        ]

    d = diff_with(edit)
    assert d["groups"] == {"added": ["rank"], "removed": [], "changed": [
        {"id": "recall", "changes": [
            {"field": "label", "old": "Recall", "new": "Recall 2"},
            {"field": "max_concurrency", "old": None, "new": 2}]}]}
    assert d["summary"] == "1 group added, 1 changed"

    with_rank = {**BASE, "groups": [*BASE["groups"], {"id": "rank", "label": "Rank"}]}
    back = diff_documents(canon(with_rank), canon(BASE))
    assert back["groups"] == {"added": [], "removed": ["rank"], "changed": []}


def test_settings_and_name() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["name"] = "d2"
        doc["settings"] = {"output": "merge", "timeout_ms": 300}

    d = diff_with(edit)
    assert d["settings"]["changed"] == [
        {"field": "name", "old": "d", "new": "d2"},
        {"field": "timeout_ms", "old": None, "new": 300},
    ]
    assert d["summary"] == "2 settings changed"


def test_positions_are_layout_only() -> None:
    def move(doc: dict[str, Any]) -> None:
        node(doc, "a")["position"] = {"x": 10, "y": 20}

    d = diff_with(move)
    assert {k: d[k] for k in EMPTY_SECTIONS} == EMPTY_SECTIONS
    assert d["layout_only"] is True and d["summary"] == "layout only"

    def move_and_edit(doc: dict[str, Any]) -> None:
        move(doc)
        node(doc, "top")["params"]["n"] = 9

    d = diff_with(move_and_edit)
    assert d["layout_only"] is False and d["summary"] == "1 param changed"
    assert [c["id"] for c in d["nodes"]["changed"]] == ["top"]


def test_everything_at_once_is_sorted_and_json() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["nodes"] = [n for n in doc["nodes"] if n["id"] != "top"]
        doc["nodes"] += [{"id": "z", "op": "datasource.table"},
                         {"id": "c", "op": "datasource.table"}]
        node(doc, "merge")["inputs"]["sources"] = ["z", "b", "a", "c"]

    d = diff_with(edit)
    assert d["nodes"]["added"] == ["c", "z"]
    assert d["edges"]["added"] == [{"source": "c", "target": "merge", "port": "sources"},
                                   {"source": "z", "target": "merge", "port": "sources"}]
    assert d["summary"] == ("2 nodes added, 1 removed, 2 edges added, 1 removed, "
                            "1 port reordered")
    assert diff_documents(canon(BASE), canon(BASE)) == diff_graphs(
        Graph.from_dict(BASE), Graph.from_dict(copy.deepcopy(BASE)))
