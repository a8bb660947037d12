"""Conditional pruning checked against a brute-force reading of the rule in DESIGN §3."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TEST_OPERATORS
from graphengine import Engine, Graph
from operators import Registry

REGISTRY = Registry(TEST_OPERATORS)
ENGINE = Engine(REGISTRY)


@st.composite
def dags(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 12))
    nodes: list[dict[str, Any]] = []
    flags: list[str] = []
    data: list[str] = []
    for i in range(n):
        nid = f"n{i}"
        node: dict[str, Any]
        if draw(st.booleans()) and i < n - 1:
            node = {"id": nid, "op": "t.flag", "params": {"value": draw(st.booleans())}}
            flags.append(nid)
        elif data and draw(st.booleans()):
            sources = draw(st.lists(st.sampled_from(data), min_size=1, max_size=4, unique=True))
            node = {"id": nid, "op": "t.union", "params": {"tag": nid},
                    "inputs": {"sources": sources}}
            data.append(nid)
        else:
            node = {"id": nid, "op": "t.source", "params": {"tag": nid}}
            data.append(nid)
        if flags and flags[-1] != nid and draw(st.booleans()):
            node[draw(st.sampled_from(["when", "unless"]))] = draw(
                st.sampled_from([f for f in flags if f != nid]))
        nodes.append(node)
    return {"schema": 1, "name": "p", "settings": {"output": nodes[-1]["id"]}, "nodes": nodes}


def reference(doc: dict[str, Any]) -> dict[str, str]:
    """The rule, read literally, over nodes listed in dependency order."""
    ran: dict[str, bool] = {}
    value: dict[str, Any] = {}
    for node in doc["nodes"]:
        nid = node["id"]
        skipped = False
        if "when" in node and (not ran[node["when"]] or value[node["when"]] is False):
            skipped = True
        if "unless" in node and (not ran[node["unless"]] or value[node["unless"]] is True):
            skipped = True
        sources = node.get("inputs", {}).get("sources", [])
        if sources and not any(ran[s] for s in sources):
            skipped = True
        ran[nid] = not skipped
        value[nid] = node.get("params", {}).get("value") if node["op"] == "t.flag" else None
    return {nid: "ok" if r else "skipped" for nid, r in ran.items()}


@settings(max_examples=200, deadline=None)
@given(dags())
def test_executor_prunes_exactly_like_the_reference(doc: dict[str, Any]) -> None:
    graph = Graph.from_dict(doc, REGISTRY)
    expected = reference(doc)
    for serial in (False, True):
        log: list[dict[str, Any]] = []
        result = ENGINE.run(graph, {}, serial=serial, resources={"log": log})
        assert result.node_status == expected
        called = {e["tag"].split(":")[0] for e in log if not e["tag"].startswith("flag")}
        assert called == {nid for nid, s in expected.items()
                          if s == "ok" and not nid.startswith("flag")
                          and doc_op(doc, nid) != "t.flag"}


def doc_op(doc: dict[str, Any], nid: str) -> str:
    return next(n["op"] for n in doc["nodes"] if n["id"] == nid)
