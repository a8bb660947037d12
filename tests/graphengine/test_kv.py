"""The A/B key-value codec (DESIGN §5): exact mappings, errors naming the key, overlays,
hashes and the plain-text form."""

from __future__ import annotations

import copy
import hashlib
from typing import Annotated, Any

import pytest

from graphengine import kv
from graphengine.errors import GraphError, Problem
from graphengine.graph import Graph
from operators import Context, Dataset, Operator, Param, Registry
from operators.library.basic import Limit
from operators.library.control import Condition
from operators.library.merge import PriorityMerge


class HotItems(Operator):
    name = "recall.hot_items"
    category = "recall"

    limit: Annotated[int, Param(ge=1, le=5000)] = 200
    category_id: Annotated[str | None, Param()] = None

    async def run(self, ctx: Context) -> Dataset:
        return Dataset.empty()


class ItemCF(Operator):
    name = "recall.item_cf"
    category = "recall"

    limit: Annotated[int, Param(ge=1, le=5000)] = 200
    alpha: Annotated[float, Param(ge=-10, le=10)] = 0.5
    exact: Annotated[bool, Param()] = False
    tags: Annotated[list[str], Param()] = []  # noqa: RUF012 - pydantic copies defaults
    extra: Annotated[dict[str, Any], Param()] = {}  # noqa: RUF012
    anything: Annotated[Any, Param()] = None

    async def run(self, ctx: Context) -> Dataset:
        return Dataset.empty()


REGISTRY = Registry([HotItems, ItemCF, Condition, PriorityMerge, Limit])

DESIGN_EXAMPLE: dict[str, Any] = {
    "schema": 1,
    "name": "home_feed",
    "settings": {"timeout_ms": 300, "max_concurrency": 8},
    "groups": [{"id": "recall", "label": "Recall", "timeout_ms": 120, "max_concurrency": 4}],
    "nodes": [
        {"id": "is_new", "op": "control.condition",
         "params": {"expr": "ctx.user.days_since_signup < 7"}},
        {"id": "hot", "op": "recall.hot_items", "params": {"limit": 200}, "group": "recall",
         "position": {"x": 0, "y": 0}},
        {"id": "cf", "op": "recall.item_cf", "params": {"limit": 300}, "group": "recall",
         "unless": "is_new", "optional": True, "timeout_ms": 60},
        {"id": "merge", "op": "merge.priority", "inputs": {"sources": ["cf", "hot"]}},
        {"id": "top", "op": "basic.limit", "params": {"n": 50}, "inputs": {"items": ["merge"]}},
    ],
}

DESIGN_KV = {
    "graph.max_concurrency": "8",
    "graph.name": "home_feed",
    "graph.schema": "1",
    "graph.timeout_ms": "300",
    "group.recall.label": "Recall",
    "group.recall.max_concurrency": "4",
    "group.recall.timeout_ms": "120",
    "node.cf.group": "recall",
    "node.cf.op": "recall.item_cf",
    "node.cf.optional": "true",
    "node.cf.param.limit": "300",
    "node.cf.timeout_ms": "60",
    "node.cf.unless": "is_new",
    "node.hot.group": "recall",
    "node.hot.op": "recall.hot_items",
    "node.hot.param.limit": "200",
    "node.hot.pos": "0,0",
    "node.is_new.op": "control.condition",
    "node.is_new.param.expr": "ctx.user.days_since_signup < 7",
    "node.merge.in.sources": "cf,hot",
    "node.merge.op": "merge.priority",
    "node.top.in.items": "merge",
    "node.top.op": "basic.limit",
    "node.top.param.n": "50",
}


def graph(doc: dict[str, Any] = DESIGN_EXAMPLE) -> Graph:
    return Graph.from_dict(copy.deepcopy(doc), REGISTRY)


def problems(mapping: dict[Any, Any]) -> list[Problem]:
    with pytest.raises(GraphError) as info:
        Graph.from_kv(mapping, REGISTRY)
    return info.value.errors


def only(mapping: dict[Any, Any]) -> Problem:
    found = problems(mapping)
    assert len(found) == 1, found
    return found[0]


def with_cf(**params: str) -> dict[str, str]:
    return {**DESIGN_KV, **{f"node.cf.param.{k}": v for k, v in params.items()}}


# -- the design example ---------------------------------------------------------------------


def test_design_example_gives_the_exact_mapping_with_sorted_keys() -> None:
    mapping = graph().to_kv()
    assert mapping == DESIGN_KV
    assert list(mapping) == sorted(mapping)


def test_design_example_round_trips() -> None:
    g = graph()
    back = Graph.from_kv(g.to_kv(), REGISTRY)
    assert back.to_dict() == g.to_dict()
    assert back.config_hash == g.config_hash


def test_output_is_written_only_when_set() -> None:
    doc = copy.deepcopy(DESIGN_EXAMPLE)
    doc["settings"]["output"] = "top"
    assert graph(doc).to_kv()["graph.output"] == "top"
    assert "graph.output" not in graph().to_kv()


def test_an_empty_group_label_is_written_as_the_id() -> None:
    doc = copy.deepcopy(DESIGN_EXAMPLE)
    doc["groups"] = [{"id": "recall"}]
    mapping = graph(doc).to_kv()
    assert mapping["group.recall.label"] == "recall"
    assert "group.recall.timeout_ms" not in mapping


def test_optional_false_and_unset_fields_write_no_key() -> None:
    doc = copy.deepcopy(DESIGN_EXAMPLE)
    doc["nodes"][2]["optional"] = False
    mapping = graph(doc).to_kv()
    assert "node.cf.optional" not in mapping
    assert "node.top.group" not in mapping and "node.top.pos" not in mapping


# -- parameter spelling by declared type ----------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"alpha": 0.5}, {"alpha": "0.5"}),
        ({"alpha": 2.0}, {"alpha": "2.0"}),
        ({"alpha": -0.0}, {"alpha": "-0.0"}),
        ({"alpha": 1e-300}, {"alpha": "1e-300"}),
        ({"exact": True}, {"exact": "true"}),
        ({"tags": ["a,b", "é"]}, {"tags": '["a,b","é"]'}),
        ({"extra": {"k": None, "n": [1, 2.5]}}, {"extra": '{"k":null,"n":[1,2.5]}'}),
        ({"anything": "plain"}, {"anything": "plain"}),
        ({"anything": "123"}, {"anything": '"123"'}),
        ({"anything": 123}, {"anything": "123"}),
        ({"anything": None}, {"anything": "null"}),
    ],
)
def test_params_are_written_by_declared_type(
    params: dict[str, Any], expected: dict[str, str]
) -> None:
    doc = copy.deepcopy(DESIGN_EXAMPLE)
    doc["nodes"][2]["params"] = params
    g = graph(doc)
    mapping = g.to_kv()
    assert {k[len("node.cf.param."):]: v for k, v in mapping.items()
            if k.startswith("node.cf.param.")} == expected
    assert Graph.from_kv(mapping, REGISTRY).to_dict() == g.to_dict()


@pytest.mark.parametrize(
    ("value", "text"),
    [("null", '"null"'), ("123", '"123"'), ('"x"', '"\\"x\\""'), ("", ""), (" ", " "),
     ("a,b", "a,b"), ("é", "é"), ("\n", "\n"), ("=", "="), ("\\", "\\"), ("true", '"true"'),
     ("[1]", '"[1]"'), (' "x"', ' "x"'), ("NaN", "NaN"), ("1e999", "1e999"), (None, "null")],
)
def test_str_or_none_params_read_back_exactly(value: str | None, text: str) -> None:
    assert kv.encode_param("mixed", value) == text
    assert kv.decode_param("mixed", text) == value


def test_a_plain_str_param_is_verbatim() -> None:
    doc = copy.deepcopy(DESIGN_EXAMPLE)
    doc["nodes"][0]["params"]["expr"] = 'ctx.user.name == "null"'
    mapping = graph(doc).to_kv()
    assert mapping["node.is_new.param.expr"] == 'ctx.user.name == "null"'


# -- codec errors name the key --------------------------------------------------------------


def test_a_param_that_does_not_parse_names_the_key() -> None:
    p = only(with_cf(limit="abc"))
    assert p == Problem("bad_value", "node.cf.param.limit: expected an integer, got 'abc'",
                        "cf", "node.cf.param.limit")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [("alpha", "fast", "a number"), ("exact", "yes", "true or false"),
     ("exact", "True", "true or false"), ("tags", "a,b", "a JSON list"),
     ("extra", "{oops", "a JSON object"), ("alpha", "NaN", "a number"),
     ("alpha", "1e999", "a number")],
)
def test_each_declared_type_refuses_text_that_is_not_json(
    name: str, text: str, expected: str
) -> None:
    p = only(with_cf(**{name: text}))
    assert (p.code, p.node, p.field) == ("bad_value", "cf", f"node.cf.param.{name}")
    assert p.message.startswith(f"node.cf.param.{name}: expected {expected}, got ")


def test_json_of_the_wrong_type_is_left_to_validation() -> None:
    p = only(with_cf(limit="1.5"))
    assert (p.code, p.node, p.field) == ("param_type", "cf", "params.limit")


def test_every_codec_problem_is_reported_at_once() -> None:
    mapping: dict[Any, Any] = {
        **DESIGN_KV,
        "node.top.foo": "1",
        "graph.schema": "2",
        "graph.timeout_ms": "soon",
        "graph.max_concurrency": "1.5",
        "group.recall.timeout_ms": "",
        "group.recall.colour": "red",
        "node.cf.timeout_ms": "60ms",
        "node.cf.optional": "yes",
        "node.hot.pos": "1,2,3",
        "node.merge.pos": "x,1",
        "node.orphan.group": "recall",
        "node.Bad.op": "basic.limit",
        "node.top.in.bad-port": "merge",
        "nodes.top.op": "basic.limit",
        "node.cf.param.limit": "abc",
        7: "x",
        "graph.name": 7,
    }
    found = {p.field: p for p in problems(mapping)}
    assert set(found) == {
        "node.top.foo", "graph.schema", "graph.timeout_ms", "graph.max_concurrency",
        "group.recall.timeout_ms", "group.recall.colour", "node.cf.timeout_ms",
        "node.cf.optional", "node.hot.pos", "node.merge.pos", "node.orphan.op", "node.Bad.op",
        "node.top.in.bad-port", "nodes.top.op", "node.cf.param.limit", "7", "graph.name",
    }
    assert found["node.top.foo"].code == "unknown_key"
    assert found["node.top.foo"].node == "top"
    assert found["graph.schema"].message == (
        "graph.schema: only schema 1 is supported, got '2'")
    assert found["graph.timeout_ms"].message == (
        "graph.timeout_ms: expected an integer, got 'soon'")
    assert found["node.cf.optional"].message == (
        "node.cf.optional: expected true or false, got 'yes'")
    assert found["node.hot.pos"].message == (
        "node.hot.pos: expected two numbers 'x,y', got '1,2,3'")
    assert (found["node.orphan.op"].code, found["node.orphan.op"].node) == (
        "missing_key", "orphan")
    assert found["node.Bad.op"].code == "bad_id"
    assert found["7"].code == "bad_type" and found["graph.name"].code == "bad_type"
    assert all(p.message for p in found.values())


@pytest.mark.parametrize("value", ["true,1", "1", "nan,1", "1e999,0", "", "1,", '"1",0',
                                   "1" * 400 + ",0"])
def test_positions_need_two_finite_numbers(value: str) -> None:
    assert only({**DESIGN_KV, "node.hot.pos": value}).field == "node.hot.pos"


def test_params_of_an_unknown_operator_reach_validation_as_raw_text() -> None:
    mapping = {**DESIGN_KV, "node.cf.op": "recall.nope", "node.cf.param.limit": "abc"}
    doc = kv.kv_to_document(mapping, REGISTRY)
    cf = next(n for n in doc["nodes"] if n["id"] == "cf")
    assert cf["params"] == {"limit": "abc"}
    assert [(p.code, p.node) for p in problems(mapping)] == [("unknown_operator", "cf")]


def test_an_unknown_param_name_reaches_validation_as_raw_text() -> None:
    p = only(with_cf(colour="[1]"))
    assert (p.code, p.node, p.field) == ("unknown_param", "cf", "params.colour")
    doc = kv.kv_to_document(with_cf(colour="[1]"), REGISTRY)
    assert next(n for n in doc["nodes"] if n["id"] == "cf")["params"]["colour"] == "[1]"


def test_semantic_problems_come_from_validation() -> None:
    found = problems({**DESIGN_KV, "node.merge.in.sources": "cf,ghost"})
    assert ("dangling_source", "merge", "inputs.sources") in [
        (p.code, p.node, p.field) for p in found]
    assert only({**DESIGN_KV, "node.top.when": "merge"}).code == "not_boolean"


def test_an_empty_port_value_means_unconnected() -> None:
    found = problems({**DESIGN_KV, "node.top.in.items": ""})
    assert ("single_port", "top") in [(p.code, p.node) for p in found]


# -- overlays -------------------------------------------------------------------------------


def test_overlay_sets_adds_and_deletes_keys() -> None:
    merged = kv.apply_overlay(DESIGN_KV, {
        "node.cf.param.limit": "500", "node.hot.param.category_id": "shoes",
        "node.cf.optional": None, "node.cf.timeout_ms": None, "node.nope.op": None,
    })
    assert list(merged) == sorted(merged)
    assert merged["node.cf.param.limit"] == "500"
    assert "node.cf.optional" not in merged and "node.cf.timeout_ms" not in merged
    g = Graph.from_kv(merged, REGISTRY)
    assert g.nodes["cf"].params["limit"] == 500
    assert g.nodes["hot"].params["category_id"] == "shoes"
    assert g.nodes["cf"].optional is False
    assert DESIGN_KV["node.cf.param.limit"] == "300"  # the base is not touched


def test_a_bad_overlay_is_refused_by_validation() -> None:
    merged = kv.apply_overlay(DESIGN_KV, {"node.cf.param.limit": "0"})
    p = only(merged)
    assert (p.code, p.node, p.field) == ("param_out_of_range", "cf", "params.limit")
    assert "≥ 1" in p.message


def test_an_overlay_deleting_an_op_is_refused() -> None:
    merged = kv.apply_overlay(DESIGN_KV, {"node.cf.op": None})
    assert only(merged).field == "node.cf.op"


# -- hash -----------------------------------------------------------------------------------


def test_hash_ignores_positions() -> None:
    doc = copy.deepcopy(DESIGN_EXAMPLE)
    doc["nodes"][1]["position"] = {"x": 120.5, "y": -4}
    doc["nodes"][3]["position"] = {"x": 1, "y": 2}
    assert graph(doc).config_hash == graph().config_hash
    assert graph(doc).to_kv() != graph().to_kv()
    assert "pos" not in kv.canonical_text(graph(doc).to_kv())


def test_hash_changes_with_a_param() -> None:
    base = graph().to_kv()
    changed = {**base, "node.cf.param.limit": "301"}
    assert kv.config_hash(changed) != kv.config_hash(base)
    assert Graph.from_kv(changed, REGISTRY).config_hash == kv.config_hash(changed)


def test_hash_is_sha256_of_the_canonical_text() -> None:
    text = kv.canonical_text(DESIGN_KV)
    assert text.startswith("graph.max_concurrency=8\ngraph.name=home_feed\n")
    assert text.endswith("node.top.param.n=50\n")
    assert kv.config_hash(DESIGN_KV) == hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize(
    ("a", "b"),
    [({"a": "x\nb=y"}, {"a": "x", "b": "y"}),
     ({"a": "x\\nb=y"}, {"a": "x\nb=y"}),
     ({"a": "x\r"}, {"a": "x\\r"}),
     ({"a=b": "c"}, {"a": "b=c"})],
)
def test_different_mappings_never_share_a_canonical_text(
    a: dict[str, str], b: dict[str, str]
) -> None:
    assert kv.canonical_text(a) != kv.canonical_text(b)
    assert kv.config_hash(a) != kv.config_hash(b)


# -- plain-text form ------------------------------------------------------------------------


def test_text_form_round_trips_awkward_values() -> None:
    mapping = {**DESIGN_KV, "graph.name": " two\nlines\\ = \r end ", "group.recall.label": ""}
    text = kv.format_kv_text(mapping)
    assert "graph.name =  two\\nlines\\\\ = \\r end \n" in text
    assert kv.parse_kv_text(text) == mapping


def test_text_form_skips_comments_blank_lines_and_crlf() -> None:
    text = "# home feed\r\n\r\n  graph.name = home feed\r\n  # note\nnode.a.op=basic.limit\n"
    assert kv.parse_kv_text(text) == {"graph.name": "home feed", "node.a.op": "basic.limit"}


def test_text_form_reports_every_bad_line_with_its_number() -> None:
    text = "graph.name = a\nno equals sign\n = value\ngraph.name = b\nx = bad \\q escape\n"
    with pytest.raises(GraphError) as info:
        kv.parse_kv_text(text)
    assert [(p.code, p.message.split(":")[0]) for p in info.value.errors] == [
        ("kv_syntax", "line 2"), ("kv_syntax", "line 3"), ("duplicate_key", "line 4"),
        ("kv_syntax", "line 5"),
    ]
    assert "first on line 1" in info.value.errors[2].message


def test_text_form_refuses_keys_it_cannot_write() -> None:
    with pytest.raises(GraphError) as info:
        kv.format_kv_text({"a=b": "c", " a": "b", "#a": "b", "ok": "fine"})
    assert sorted(p.field or "" for p in info.value.errors) == [" a", "#a", "a=b"]


def test_the_hash_ignores_the_key_order_of_json_params() -> None:
    from graphengine import Graph

    def doc(row: dict[str, object]) -> dict[str, object]:
        return {"schema": 1, "name": "g", "nodes": [
            {"id": "t", "op": "datasource.table", "params": {"rows": [row]}}]}

    one = Graph.from_dict(doc({"item_id": "a", "score": 1}))
    other = Graph.from_dict(doc({"score": 1, "item_id": "a"}))
    assert one.config_hash == other.config_hash
    assert one.to_kv()["node.t.param.rows"] == '[{"item_id":"a","score":1}]'
