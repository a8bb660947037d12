"""Property tests of the A/B key-value codec: every valid graph survives the KV form and
its text form exactly, and no junk mapping gets past the codec with anything but GraphError.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from hypothesis import given, settings
from hypothesis import strategies as st

from graphengine import kv
from graphengine.errors import GraphError
from graphengine.graph import Graph
from operators import Context, Dataset, Operator, Param, Registry
from operators.library.control import Condition

FAST = settings(max_examples=150, deadline=None)


class KvSource(Operator):
    """One parameter of every kind the codec spells differently."""

    name = "kvp.source"
    i: Annotated[int, Param(ge=-(10**15), le=10**15)] = 0
    f: Annotated[float, Param()] = 0.0
    b: Annotated[bool, Param()] = False
    s: Annotated[str, Param()] = ""
    o: Annotated[str | None, Param()] = None
    ls: Annotated[list[str], Param()] = []  # noqa: RUF012 - pydantic copies defaults
    d: Annotated[dict[str, Any], Param()] = {}  # noqa: RUF012
    a: Annotated[Any, Param()] = None

    def run(self, ctx: Context) -> Dataset:
        return Dataset.empty()


class KvCond(Operator):
    name = "kvp.cond"
    on: Annotated[bool, Param()] = True

    def run(self, ctx: Context) -> bool:
        return self.on


class KvPick(Operator):
    name = "kvp.pick"
    n: Annotated[int, Param(ge=0)] = 1
    s: Annotated[str, Param()] = ""

    def run(self, ctx: Context, items: Dataset, other: Dataset | None = None) -> Dataset:
        return items


class KvMerge(Operator):
    name = "kvp.merge"
    o: Annotated[str | None, Param()] = None
    a: Annotated[Any, Param()] = None

    def run(self, ctx: Context, sources: list[Dataset]) -> Dataset:
        return Dataset.empty()


REGISTRY = Registry([KvSource, KvCond, KvPick, KvMerge])
JUNK_REGISTRY = Registry([KvSource, KvCond, KvPick, KvMerge, Condition])

AWKWARD = ["", " ", "null", "123", "-0.0", '"x"', ' "x"', "a,b", "é", "\n", "\r\n", "=",
           " = ", "\\", "\\n", "true", "[]", "{}", "NaN", "1e999", "#", "x = y", "\u2028",
           "\x85", "\x00", "\t", "漢字", "🙂"]
texts = st.sampled_from(AWKWARD) | st.text(max_size=12)
finite = st.floats(allow_nan=False, allow_infinity=False)
# -0.0 stays -0.0: json writes it as "-0.0" and reads it back with its sign.
floats = finite | st.sampled_from([-0.0, 0.0, 5e-324, 1e-300, 1.7976931348623157e308, 1e16])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | floats | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
timeouts = st.integers(1, 3_600_000)
# Editor coordinates are bounded to ±1e9 by the document model.
coordinates = st.integers(-(10**6), 10**6) | st.floats(-1e9, 1e9, allow_nan=False)

PARAMS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "kvp.source": {"i": st.integers(-(10**15), 10**15), "f": floats, "b": st.booleans(),
                   "s": texts, "o": st.none() | texts, "ls": st.lists(texts, max_size=4),
                   "d": st.dictionaries(texts, json_values, max_size=3), "a": json_values},
    "kvp.cond": {"on": st.booleans()},
    "kvp.pick": {"n": st.integers(0, 10**6), "s": texts},
    "kvp.merge": {"o": st.none() | texts, "a": json_values},
}
SETTINGS_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "timeout_ms": timeouts, "max_concurrency": st.integers(1, 10_000)}
GROUP_FIELDS: dict[str, st.SearchStrategy[Any]] = {"label": texts, **SETTINGS_FIELDS}


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A random valid document: a DAG of 1-30 nodes in a random order."""
    size = draw(st.integers(1, 30))  # uniform: hypothesis alone favours tiny graphs
    node_ids = draw(st.lists(ids, min_size=size, max_size=size, unique=True))
    groups = [
        {"id": g, **draw(st.fixed_dictionaries({}, optional=GROUP_FIELDS))}
        for g in draw(st.lists(ids, max_size=3, unique=True))
    ]
    nodes: list[dict[str, Any]] = []
    data: list[str] = []  # ids of nodes that output a Dataset
    conds: list[str] = []
    for nid in node_ids:
        op = draw(st.sampled_from(["kvp.source", "kvp.cond", "kvp.pick", "kvp.merge"]
                                  if data else ["kvp.source", "kvp.cond"]))
        node: dict[str, Any] = {"id": nid, "op": op}
        node["params"] = draw(st.fixed_dictionaries({}, optional=PARAMS[op]))
        if op == "kvp.pick":
            node["inputs"] = {"items": [draw(st.sampled_from(data))]}
            if draw(st.booleans()):
                node["inputs"]["other"] = [draw(st.sampled_from(data))]
        elif op == "kvp.merge":  # repeats allowed: the order and count must survive
            node["inputs"] = {"sources": draw(st.lists(st.sampled_from(data), min_size=1,
                                                       max_size=4))}
        for cond in ("when", "unless"):
            if draw(st.booleans()) and conds:
                node[cond] = draw(st.sampled_from(conds))
        if draw(st.booleans()) and groups:
            node["group"] = draw(st.sampled_from(groups))["id"]
        if draw(st.booleans()):
            node["optional"] = draw(st.booleans())
        if draw(st.booleans()):
            node["timeout_ms"] = draw(timeouts)
        if draw(st.booleans()):
            node["position"] = {"x": draw(coordinates), "y": draw(coordinates)}
        nodes.append(node)
        (conds if op == "kvp.cond" else data).append(nid)
    used = {d for n in nodes for d in [*(s for v in n.get("inputs", {}).values() for s in v),
                                       n.get("when"), n.get("unless")]}
    sinks = [n for n in node_ids if n not in used]
    doc_settings: dict[str, Any] = draw(st.fixed_dictionaries({}, optional=SETTINGS_FIELDS))
    if len(sinks) > 1 or draw(st.booleans()):
        doc_settings["output"] = draw(st.sampled_from(node_ids))
    return {"schema": 1, "name": draw(texts.filter(lambda t: bool(t.strip()))),
            "settings": doc_settings, "groups": groups, "nodes": draw(st.permutations(nodes))}


def exact(doc: dict[str, Any]) -> str:
    """Equality that also tells 1 from 1.0 and 0.0 from -0.0, and sees list order. Object
    key order is not part of a value (JSON params are stored with sorted keys)."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True)


@FAST
@given(documents())
def test_every_valid_graph_round_trips_through_kv_and_text(doc: dict[str, Any]) -> None:
    g = Graph.from_dict(doc, REGISTRY)
    mapping = g.to_kv()
    assert list(mapping) == sorted(mapping)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items())
    back = Graph.from_kv(mapping, REGISTRY)
    assert back.to_dict() == g.to_dict()
    assert exact(back.to_dict()) == exact(g.to_dict())
    assert back.to_kv() == mapping
    assert back.config_hash == g.config_hash == kv.config_hash(mapping)
    assert kv.parse_kv_text(kv.format_kv_text(mapping)) == mapping


@FAST
@given(documents(), st.data())
def test_positions_never_change_the_hash(doc: dict[str, Any], data: st.DataObject) -> None:
    moved = {**doc, "nodes": [
        {**{k: v for k, v in n.items() if k != "position"},
         **({"position": data.draw(st.fixed_dictionaries({"x": coordinates, "y": coordinates}))}
            if data.draw(st.booleans()) else {})}
        for n in doc["nodes"]
    ]}
    before = Graph.from_dict(doc, REGISTRY).config_hash
    assert Graph.from_dict(moved, REGISTRY).config_hash == before


@FAST
@given(st.sampled_from(["str", "mixed", "json"]), json_values)
def test_param_text_reads_back_exactly(kind: kv.Kind, value: Any) -> None:
    if kind == "str" and not isinstance(value, str):
        value = json.dumps(value)
    text = kv.encode_param(kind, value)
    assert exact({"v": kv.decode_param(kind, text)}) == exact({"v": value})


# A tiny alphabet of the characters that matter makes near-collisions likely.
tricky = st.text(alphabet="a=\\\n\rn.pos", max_size=5)


@FAST
@given(st.dictionaries(tricky, tricky, max_size=4), st.dictionaries(tricky, tricky, max_size=4))
def test_canonical_text_is_injective(a: dict[str, str], b: dict[str, str]) -> None:
    def visible(m: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in m.items() if not k.endswith(".pos")}

    if visible(a) != visible(b):
        assert kv.canonical_text(a) != kv.canonical_text(b)
        assert kv.config_hash(a) != kv.config_hash(b)


@FAST
@given(st.dictionaries(st.from_regex(r"[a-z][a-z0-9_.]{0,20}", fullmatch=True), texts))
def test_text_form_round_trips_any_values(mapping: dict[str, str]) -> None:
    assert kv.parse_kv_text(kv.format_kv_text(mapping)) == mapping


NODE_ATTRS = ["op", "group", "when", "unless", "optional", "timeout_ms", "pos", "in.items",
              "in.sources", "in.other", "in.nope", "param.i", "param.f", "param.s", "param.o",
              "param.ls", "param.d", "param.a", "param.on", "param.expr", "param.zz", "label"]
# Well-formed keys get past the codec, so validation sees the junk too.
WELL_FORMED_KEYS = st.one_of(
    st.builds("node.{}.{}".format, st.sampled_from(["a", "b", "c", "a_b"]),
              st.sampled_from(NODE_ATTRS)),
    st.builds("group.{}.{}".format, st.sampled_from(["g", "h"]),
              st.sampled_from(["label", "timeout_ms", "max_concurrency"])),
    st.sampled_from(["graph.schema", "graph.name", "graph.output", "graph.timeout_ms",
                     "graph.max_concurrency"]),
)
JUNK_KEYS = WELL_FORMED_KEYS | st.sampled_from(
    ["graph.nope", "node.a", "node..op", "node.A.op", "group.g.op", "node.a.in.x-y"]
) | st.text(max_size=20)
JUNK_VALUES = st.one_of(
    texts,
    st.sampled_from(["kvp.source", "kvp.cond", "kvp.pick", "kvp.merge", "control.condition",
                     "nope", "a", "b", "c", "a,b", "b,a", "g", "1", "0", "-1", "true", "false",
                     "1,2", "1.5", "null", '["x"]', '{"k":1}', "ctx.x < 1", "1 +", "1" * 400,
                     '"x",1', "1" * 400 + ",1"]),
)


@FAST
@given(st.dictionaries(WELL_FORMED_KEYS, JUNK_VALUES, max_size=12)
       | st.dictionaries(JUNK_KEYS, JUNK_VALUES, max_size=6))
def test_junk_mappings_raise_only_graph_error(mapping: dict[str, str]) -> None:
    check_junk(mapping)


@FAST
@given(documents(), st.data())
def test_junk_overlays_raise_only_graph_error(doc: dict[str, Any], data: st.DataObject) -> None:
    base = Graph.from_dict(doc, REGISTRY).to_kv()
    keys = st.sampled_from(sorted(base)) | JUNK_KEYS
    overlay = data.draw(st.dictionaries(keys, st.none() | JUNK_VALUES, min_size=1, max_size=4))
    check_junk(kv.apply_overlay(base, overlay))


def check_junk(mapping: dict[str, str]) -> None:
    try:
        g = Graph.from_kv(mapping, JUNK_REGISTRY)
    except GraphError as exc:
        assert exc.errors and all(p.message for p in exc.errors)
        return
    # Whatever got through is a real graph and round-trips like any other.
    assert Graph.from_kv(g.to_kv(), JUNK_REGISTRY).to_dict() == g.to_dict()


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.none()),
                       st.one_of(st.text(max_size=8), st.integers(), st.none(), st.floats()),
                       max_size=6))
def test_any_python_mapping_raises_only_graph_error(mapping: dict[Any, Any]) -> None:
    try:
        Graph.from_kv(mapping, JUNK_REGISTRY)
    except GraphError:
        return
