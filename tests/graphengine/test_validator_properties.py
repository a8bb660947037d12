"""Property tests of validation on garbage, with the real operator registry: generated graph
documents (well-shaped and not: wrong types, missing fields, unknown operators, cycles,
huge numbers, unicode, NUL characters) and KV maps either make a graph or raise GraphError
carrying structured problems. Nothing else ever escapes, and what passes is canonical."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphengine import kv
from graphengine.errors import GraphError, Problem
from graphengine.graph import Graph
from operators import default_registry

REGISTRY = default_registry()
OPS = REGISTRY.names()
FUZZ = settings(max_examples=250, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# A small id pool: references hit existing nodes often, so cycles and shared sources appear.
IDS = ["a", "b", "c", "top"]
AWKWARD = ["", " ", "\x00", "a\x00b", "\ud800", "\U0001f642", "漢字", "\u2028", "x" * 300,
           "A", "1a", "a-b", "a.b", "ctx.x < 1", "1 +", "{user.id}", "{", "}", "null", "NaN",
           "1e999", "true", "-0", "http://u:p@127.0.0.1/x", "SELECT 1", "DROP TABLE t",
           "node.a.op", "=", "\\", "\n", "\r\n", "#"]
texts = st.sampled_from(AWKWARD) | st.text(max_size=10)
numbers = st.one_of(
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, -1, 1, 2**63, -(2**63) - 1, 10**400, 3_600_001, 10_001]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([-0.0, 5e-324, 1.7976931348623157e308, 1e9 + 1]))
EXTREMES = st.sampled_from([10**400, -(10**400), 2**63, float("inf"), float("nan"), -0.0])
scalars = st.none() | st.booleans() | numbers | texts
junk = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(texts, inner, max_size=3), max_leaves=10)


def maybe(draw: st.DrawFn, target: dict[str, Any], key: str,
          good: st.SearchStrategy[Any]) -> None:
    """Sets `key` to a fitting value (mostly), to junk, or leaves it out."""
    choice = draw(st.integers(0, 9))
    if choice >= 5:
        target[key] = draw(good)
    elif choice == 4:
        target[key] = draw(junk)


def renumbered(draw: st.DrawFn, value: Any) -> Any:
    """`value` with each number inside it swapped for a drawn one (huge, negative, inf)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return draw(EXTREMES | numbers)
    if isinstance(value, list | tuple):
        return [renumbered(draw, v) for v in value]
    if isinstance(value, dict):
        return {k: renumbered(draw, v) for k, v in value.items()}
    return value


@st.composite
def params(draw: st.DrawFn, op: str, garbage: bool = True) -> Any:
    """Params of `op`: examples and defaults, some with their numbers swapped, some junk
    (without `garbage`, every required one is there and nothing else is junk)."""
    specs = REGISTRY.get(op).param_specs if op in REGISTRY else {}
    out: dict[str, Any] = {}
    for name, spec in specs.items():
        fitting = [v for v in (spec.param.example, None if spec.required else spec.default)
                   if v is not None]
        if not garbage and fitting and spec.required:
            out[name] = draw(st.sampled_from(fitting))
        else:
            maybe(draw, out, name, st.sampled_from(fitting) if fitting else junk)
        if name in out and draw(st.integers(0, 2)) == 0:
            out[name] = renumbered(draw, out[name])
    if not garbage:
        return out
    if draw(st.integers(0, 9)) == 0:
        out[draw(texts)] = draw(junk)
    return out if draw(st.integers(0, 9)) else draw(junk)


@st.composite
def nodes(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 14)) == 0:
        return draw(junk)
    op = draw(st.sampled_from(OPS) | st.sampled_from(["nope", "", "basic.", "x" * 201]))
    cls = REGISTRY.get(op) if op in REGISTRY else None
    ports = [p.name for p in cls.ports] if cls else []
    ids = st.sampled_from(IDS) | texts
    node: dict[str, Any] = {"op": op}
    maybe(draw, node, "id", st.sampled_from(IDS))
    if draw(st.integers(0, 3)):
        node["id"] = draw(st.sampled_from(IDS))
    node["params"] = draw(params(op))
    maybe(draw, node, "inputs", st.dictionaries(
        st.sampled_from([*ports, "nope", "1x"]), st.lists(ids, max_size=3) | junk, max_size=3))
    for key in ("when", "unless", "group"):
        maybe(draw, node, key, st.sampled_from([*IDS, "g"]))
    maybe(draw, node, "optional", st.booleans())
    maybe(draw, node, "timeout_ms", numbers)
    maybe(draw, node, "position", st.fixed_dictionaries({"x": numbers, "y": numbers}))
    if draw(st.integers(0, 9)) == 0:
        node[draw(texts)] = draw(junk)
    return node


@st.composite
def documents(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 19)) == 0:
        return draw(junk)
    doc: dict[str, Any] = {}
    maybe(draw, doc, "schema", st.just(1))
    if draw(st.integers(0, 3)):
        doc["schema"] = 1
    maybe(draw, doc, "name", texts)
    if draw(st.integers(0, 3)):
        doc["name"] = "fuzzed"
    maybe(draw, doc, "settings", st.fixed_dictionaries({}, optional={
        "output": st.sampled_from(IDS), "timeout_ms": numbers, "max_concurrency": numbers}))
    maybe(draw, doc, "groups", st.lists(st.fixed_dictionaries(
        {"id": st.sampled_from(["g", "h"]) | texts},
        optional={"label": texts, "timeout_ms": numbers, "max_concurrency": numbers}),
        max_size=3))
    doc["nodes"] = draw(st.lists(nodes(), max_size=6) | junk)
    if draw(st.integers(0, 9)) == 0:
        doc[draw(texts)] = draw(junk)
    return doc


def assert_structured(exc: GraphError) -> None:
    """What the API hands back: a non-empty list of plain JSON problems."""
    assert exc.errors
    for p in exc.errors:
        assert isinstance(p, Problem) and p.code and isinstance(p.code, str)
        assert p.message and isinstance(p.message, str)
        assert p.node is None or isinstance(p.node, str)
        assert p.field is None or isinstance(p.field, str)
    json.dumps(exc.to_list())
    assert str(exc)


def assert_canonical(g: Graph) -> None:
    """A graph that passed is a fixed point of both of its forms."""
    doc = g.to_dict()
    assert Graph.from_dict(doc, REGISTRY).to_dict() == doc
    mapping = g.to_kv()
    assert Graph.from_kv(mapping, REGISTRY).to_dict() == doc
    assert g.config_hash == kv.config_hash(mapping)


@FUZZ
@given(documents())
def test_any_document_gives_a_graph_or_structured_problems(doc: Any) -> None:
    try:
        g = Graph.from_dict(doc, REGISTRY)
    except GraphError as exc:
        assert_structured(exc)
        return
    assert_canonical(g)


@st.composite
def one_operator(draw: st.DrawFn) -> dict[str, Any]:
    """Any real operator, each required port fed by a table, with example or default
    params whose numbers may be swapped: every operator's own checks get exercised."""
    op = draw(st.sampled_from(OPS))
    return one_operator_doc(op, draw(params(op, garbage=False)))


def one_operator_doc(op: str, op_params: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {"id": "top", "op": op, "params": op_params}
    ports = {p.name: ["a"] for p in REGISTRY.get(op).ports if p.required}
    if ports:
        node["inputs"] = ports
    table = {"id": "a", "op": "datasource.table", "params": {"rows": [{"item_id": "x"}]}}
    return {"schema": 1, "name": op, "nodes": [table, node] if ports else [node]}


@FUZZ
@given(one_operator())
def test_every_operator_s_params_give_a_graph_or_structured_problems(
        doc: dict[str, Any]) -> None:
    try:
        g = Graph.from_dict(doc, REGISTRY)
    except GraphError as exc:
        assert_structured(exc)
        return
    assert_canonical(g)


def _valid_base() -> dict[str, Any]:
    return {"schema": 1, "name": "base", "groups": [{"id": "g", "label": "G"}], "nodes": [
        {"id": "a", "op": "datasource.table", "params": {"rows": [{"item_id": "x"}]}},
        {"id": "b", "op": "control.condition", "params": {"expr": "true"}},
        {"id": "c", "op": "basic.limit", "params": {"n": 2}, "inputs": {"items": ["a"]},
         "when": "b", "group": "g"},
        {"id": "top", "op": "basic.union", "inputs": {"sources": ["a", "c"]}}]}


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(
    ["op", "params", "inputs", "when", "unless", "group", "timeout_ms", "id", "optional"]),
    junk | st.sampled_from(IDS) | st.just({"items": ["top"]})), min_size=1, max_size=3))
def test_a_valid_graph_with_one_field_broken_gives_structured_problems(
        edits: list[tuple[int, str, Any]]) -> None:
    """Near-valid documents reach the deepest checks (ports, conditions, cycles, sinks)."""
    doc = _valid_base()
    for index, field, value in edits:
        doc["nodes"][index][field] = value
    try:
        g = Graph.from_dict(doc, REGISTRY)
    except GraphError as exc:
        assert_structured(exc)
        return
    assert_canonical(g)


KEY_PARTS = st.one_of(
    st.builds("node.{}.op".format, st.sampled_from(IDS)),
    st.builds("node.{}.{}".format, st.sampled_from(IDS), st.sampled_from(
        ["group", "when", "unless", "optional", "timeout_ms", "pos", "in.items",
         "in.sources", "in.left", "in.nope", "label"])),
    st.builds("node.{}.param.{}".format, st.sampled_from(IDS), st.sampled_from(sorted(
        {name for cls in REGISTRY for name in cls.param_specs}))),
    st.sampled_from(["graph.schema", "graph.name", "graph.output", "graph.timeout_ms",
                     "graph.max_concurrency", "group.g.label", "group.g.timeout_ms",
                     "group.G.label", "node.A.op", "node..op", "graph.nope"]),
    texts)
KV_VALUES = st.one_of(
    st.sampled_from(OPS), st.sampled_from(IDS), texts,
    st.sampled_from(["a,b", "top,a", "1,2", "true", "false", "[]", "{}", '["x"]',
                     '[{"item_id":"x"}]', '{"k":1}', "1" * 400, "[" * 5000]),
    junk.map(lambda v: json.dumps(v, ensure_ascii=False)))


BASE_KV = Graph.from_dict(_valid_base(), REGISTRY).to_kv()
# A valid graph's KV with a few keys changed, added or (None) deleted: mostly near-valid.
kv_overlays = st.builds(kv.apply_overlay, st.just(BASE_KV), st.dictionaries(
    st.sampled_from(sorted(BASE_KV)) | KEY_PARTS, st.none() | KV_VALUES, max_size=4))
kv_maps = st.dictionaries(KEY_PARTS, KV_VALUES, max_size=12) | kv_overlays


@FUZZ
@given(kv_maps)
def test_any_kv_map_gives_a_graph_or_structured_problems(mapping: dict[str, str]) -> None:
    assert isinstance(kv.config_hash(mapping), str)  # hashes whatever it is handed
    try:
        g = Graph.from_kv(mapping, REGISTRY)
    except GraphError as exc:
        assert_structured(exc)
        return
    assert_canonical(g)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("ab.=\\ \t\n\r#nrx\x00\u2028")), max_size=60)
       | st.text(max_size=60))
def test_any_kv_text_parses_or_gives_structured_problems(text: str) -> None:
    try:
        mapping = kv.parse_kv_text(text)
    except GraphError as exc:
        assert_structured(exc)
        return
    assert all(isinstance(k, str) and k and isinstance(v, str) for k, v in mapping.items())
    try:
        written = kv.format_kv_text(mapping)
    except GraphError as exc:  # a key no text line can hold (e.g. one with a backslash)
        assert_structured(exc)
        return
    assert kv.parse_kv_text(written) == mapping


def _with_numbers(value: Any, number: int) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | list | tuple | dict):
        return value
    if isinstance(value, int | float):
        return number
    if isinstance(value, dict):
        return {k: _with_numbers(v, number) for k, v in value.items()}
    return [_with_numbers(v, number) for v in value]


NUMERIC_EXAMPLES = [(cls.name, name, spec.param.example) for cls in REGISTRY
                    for name, spec in cls.param_specs.items()
                    if _with_numbers(spec.param.example, 0) != spec.param.example]


@pytest.mark.parametrize(("op", "param", "example"), NUMERIC_EXAMPLES)
@pytest.mark.parametrize("number", [pytest.param(10**400, id="1e400"),
                                    pytest.param(-(10**400), id="-1e400")])
def test_numbers_past_the_float_range_never_pass_silently(op: str, param: str,
                                                          example: Any, number: int) -> None:
    """JSON allows an integer of any length; one that only fits a float as infinity must
    be refused, not stored as a value the KV form cannot spell back."""
    doc = one_operator_doc(op, {param: _with_numbers(example, number)})
    try:
        g = Graph.from_dict(doc, REGISTRY)
    except GraphError as exc:
        assert_structured(exc)
        return
    assert_canonical(g)


@pytest.mark.parametrize("depth", [500, 5_000, 100_000])
def test_absurdly_deep_params_are_a_problem_not_a_crash(depth: int) -> None:
    deep: Any = []
    for _ in range(depth):
        deep = [deep]
    with pytest.raises(GraphError) as raised:
        Graph.from_dict(one_operator_doc("datasource.table", {"rows": [{"x": deep}]}),
                        REGISTRY)
    assert_structured(raised.value)
