"""Validation returns every problem at once, as structured errors."""

from __future__ import annotations

from typing import Any

import pytest

from graphengine import Graph, GraphError
from operators import Registry


def problems(doc: Any, registry: Registry) -> list[tuple[str, str | None, str | None]]:
    with pytest.raises(GraphError) as info:
        Graph.from_dict(doc, registry)
    return [(p.code, p.node, p.field) for p in info.value.errors]


def messages(doc: Any, registry: Registry) -> list[str]:
    with pytest.raises(GraphError) as info:
        Graph.from_dict(doc, registry)
    return [p.message for p in info.value.errors]


def doc(*nodes: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"schema": 1, "name": "v", "nodes": list(nodes), **extra}


def test_a_valid_graph_is_canonical(registry: Registry) -> None:
    g = Graph.from_dict(doc(
        {"id": "b", "op": "t.pick", "inputs": {"items": ["a"]}, "optional": False},
        {"id": "a", "op": "t.source", "params": {"n": 3}, "position": {"x": 1, "y": 2.5}},
    ), registry)
    assert g.sink == "b"
    assert g.to_dict() == {
        "schema": 1, "name": "v", "settings": {}, "groups": [],
        "nodes": [
            {"id": "a", "op": "t.source", "params": {"n": 3}, "position": {"x": 1, "y": 2.5}},
            {"id": "b", "op": "t.pick", "inputs": {"items": ["a"]}},
        ],
    }


def test_cycle_message_names_the_path(registry: Registry) -> None:
    d = doc(
        {"id": "a", "op": "t.union", "inputs": {"sources": ["c"]}},
        {"id": "b", "op": "t.union", "inputs": {"sources": ["a"]}},
        {"id": "c", "op": "t.union", "inputs": {"sources": ["b"]}},
        {"id": "out", "op": "t.union", "inputs": {"sources": ["c"]}},
    )
    assert problems(d, registry) == [("cycle", "a", None)]
    message = messages(d, registry)[0]
    assert message.startswith("cycle: ") and "a" in message and message.count("→") == 3


def test_every_problem_is_reported_at_once(registry: Registry) -> None:
    d = doc(
        {"id": "a", "op": "t.nope"},
        {"id": "b", "op": "t.source", "params": {"n": -1, "bogus": 1}},
        {"id": "c", "op": "t.pick", "inputs": {"items": ["ghost"], "extra": ["b"]}},
        {"id": "d", "op": "t.pick", "inputs": {"items": ["a", "b"]}, "when": "b",
         "group": "nowhere"},
        {"id": "d", "op": "t.source"},
        {"id": "e", "op": "t.union"},
    )
    found = problems(d, registry)
    for expected in [
        ("unknown_operator", "a", "op"),
        ("param_out_of_range", "b", "params.n"),
        ("unknown_param", "b", "params.bogus"),
        ("dangling_source", "c", "inputs.items"),
        ("unknown_port", "c", "inputs.extra"),
        ("single_port", "d", "inputs.items"),
        ("not_boolean", "d", "when"),
        ("unknown_group", "d", "group"),
        ("duplicate_id", "d", "id"),
        ("missing_port", "e", "inputs.sources"),
    ]:
        assert expected in found, expected


def test_range_message_says_the_allowed_range(registry: Registry) -> None:
    msgs = messages(doc({"id": "a", "op": "t.source", "params": {"n": 5000}}), registry)
    assert msgs == ["'n' must be ≥ 0 and ≤ 1000 (got 5000)"]


def test_port_type_mismatch(registry: Registry) -> None:
    d = doc({"id": "f", "op": "t.flag"}, {"id": "p", "op": "t.pick", "inputs": {"items": ["f"]}})
    assert ("port_type", "p", "inputs.items") in problems(d, registry)


def test_several_sinks_need_settings_output(registry: Registry) -> None:
    d = doc({"id": "a", "op": "t.source"}, {"id": "b", "op": "t.source"})
    assert problems(d, registry) == [("several_sinks", None, "settings.output")]
    assert Graph.from_dict({**d, "settings": {"output": "b"}}, registry).sink == "b"
    bad = {**d, "settings": {"output": "zzz"}}
    assert ("dangling_output", None, "settings.output") in problems(bad, registry)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ([], [("not_an_object", None, None)]),
        ({"schema": 1, "name": "x", "nodes": [], "extra": 1},
         [("unknown_key", None, "extra"), ("empty_graph", None, "nodes")]),
        ({"schema": 2, "name": "x", "nodes": [{"id": "a", "op": "t.source"}]},
         [("bad_schema", None, "schema")]),
        ({"schema": 1, "nodes": [{"id": "a", "op": "t.source"}]}, [("bad_name", None, "name")]),
        ({"schema": 1, "name": "x", "nodes": [{"id": "A b", "op": "t.source"}]},
         [("bad_id", "A b", "id")]),
        ({"schema": 1, "name": "x", "nodes": [{"id": "a", "op": "t.source", "colour": 1}]},
         [("unknown_key", "a", "colour")]),
        ({"schema": 1, "name": "x", "nodes": [{"id": "a", "op": "t.source", "timeout_ms": 0}]},
         [("out_of_range", "a", "timeout_ms")]),
        ({"schema": 1, "name": "x", "settings": {"timeout_ms": "5"},
          "nodes": [{"id": "a", "op": "t.source"}]},
         [("bad_type", None, "settings.timeout_ms")]),
    ],
)
def test_structural_problems(document: Any, expected: list[Any], registry: Registry) -> None:
    assert problems(document, registry) == expected


def test_a_broken_node_does_not_hide_references_to_it(registry: Registry) -> None:
    d = doc({"id": "a", "op": "t.source", "timeout_ms": -5},
            {"id": "b", "op": "t.pick", "inputs": {"items": ["a"]}})
    assert problems(d, registry) == [("out_of_range", "a", "timeout_ms")]


def test_condition_must_exist_and_not_loop(registry: Registry) -> None:
    d = doc({"id": "a", "op": "t.source", "when": "ghost"},
            {"id": "f", "op": "t.flag", "unless": "f"}, settings={"output": "a"})
    found = problems(d, registry)
    assert ("dangling_condition", "a", "when") in found
    assert ("cycle", "f", "unless") in found


def test_errors_are_plain_json(registry: Registry) -> None:
    with pytest.raises(GraphError) as info:
        Graph.from_dict(doc({"id": "a", "op": "zz.top"}), registry)
    assert info.value.to_list() == [{"code": "unknown_operator", "node": "a", "field": "op",
                                     "message": "unknown operator 'zz.top'"}]
