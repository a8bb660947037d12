"""Rule graphs without Django: pattern nodes are conditions true for their own matches only
(and within their segment), actions run under them, and a graph compiles to matcher rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphengine import Engine, Graph
from operators import Context, default_registry
from webapp.cep import Matcher, MemoryStore, ruleset
from webapp.cep.demo import cart_rescue_document
from webapp.cep.operators import Pattern
from webapp.cep.tests.streams import ev

DOC: dict[str, Any] = {"schema": 1, "name": "r", "settings": {"output": "done"}, "nodes": [
    {"id": "two_clicks", "op": "cep.count",
     "params": {"step": {"type": "click"}, "min_count": 2, "window_ms": 1000,
                "lateness_ms": 0, "segment": 'unit.attributes.tier == "gold"'}},
    {"id": "gold", "op": "action.record", "when": "two_clicks", "params": {"label": "gold"}},
    {"id": "cart_then_order", "op": "cep.sequence",
     "params": {"steps": [{"type": "cart"}, {"type": "order"}], "within_ms": 1000,
                "lateness_ms": 0}},
    {"id": "thanks", "op": "action.run_graph", "when": "cart_then_order",
     "params": {"scene": "home_feed", "context": {"why": "match.rule_id"}}},
    {"id": "done", "op": "action.done", "inputs": {"results": ["gold", "thanks"]}},
]}


class Host:
    def __init__(self) -> None:
        self.records: list[tuple[str, dict[str, Any]]] = []
        self.runs: list[tuple[str, str, dict[str, Any]]] = []

    def record(self, label: str, data: Mapping[str, Any]) -> dict[str, Any]:
        self.records.append((label, dict(data)))
        return {"label": label}

    def run_graph(self, scene: str, unit_id: str, context: Mapping[str, Any]) -> str:
        self.runs.append((scene, unit_id, dict(context)))
        return "run-1"


def test_rule_operators_are_published_through_the_entry_point() -> None:
    registry = default_registry()
    for name in ("cep.sequence", "cep.count", "cep.absence", "action.webhook",
                 "action.broadcast", "action.record", "action.run_graph", "action.done"):
        assert name in registry, name
    meta = registry.get("cep.count").metadata()
    assert meta["output"] == {"type": "bool"} and meta["category"] == "cep"
    assert meta["params_schema"]["$defs"]["Step"]["properties"]["type"]["$ref"]


def test_only_the_fired_patterns_actions_run() -> None:
    graph = Graph.from_dict(DOC)
    engine = Engine()
    plan = engine.compile(graph)
    rules = ruleset.build(plan, MemoryStore())
    assert [r.id for r in rules.rules] == ["cart_then_order", "two_clicks"]
    [match] = rules.matcher.process_many([ev("c", "cart", 0), ev("o", "order", 5)])
    host = Host()
    context = {"unit_id": "u1", "unit": {"id": "u1", "attributes": {}},
               "match": {**match.to_dict(),
                         "pattern": rules.patterns[match.rule_id].fingerprint}}
    result = engine.run(plan, context, resources={"cep": host})
    assert result.status == "ok"
    assert result.node_status["gold"] == "skipped" and result.node_status["thanks"] == "ok"
    assert host.runs == [("home_feed", "u1", {"why": "cart_then_order",
                                              "match": context["match"]})]
    assert result.output == [{"scene": "home_feed", "run_id": "run-1"}]


def test_a_segment_keeps_the_pattern_false_outside_it() -> None:
    op = default_registry().get("cep.count")(step={"type": "click"}, min_count=2,
                                             window_ms=1000, segment='unit.attributes.tier '
                                             '== "gold"')
    assert isinstance(op, Pattern)
    match = {"pattern": op.fingerprint}
    for attributes, fired in (({"tier": "gold"}, True), ({"tier": "tin"}, False),
                              ({}, False)):
        ctx = Context({"match": match, "unit": {"id": "u", "attributes": attributes}})
        assert op.run(ctx) is fired, attributes
    assert op.run(Context({"match": {"pattern": "another"},
                           "unit": {"attributes": {"tier": "gold"}}})) is False


def test_warnings_and_problems_of_a_rule_set() -> None:
    nodes = [*DOC["nodes"][:4], {**DOC["nodes"][2], "id": "again"},
             {"id": "always", "op": "action.record", "params": {"label": "x"}},
             {"id": "done", "op": "action.done",
              "inputs": {"results": ["gold", "thanks", "always"]}}]
    plan = Engine().compile({**DOC, "nodes": nodes})
    rules = ruleset.build(plan, MemoryStore())
    # Of two identical patterns the first in the graph's order is the rule.
    assert sorted((w["code"], w["node"]) for w in rules.warnings) == [
        ("action_without_rule", "always"), ("same_pattern", "cart_then_order")]
    assert [r.id for r in rules.rules] == ["again", "two_clicks"]
    empty = ruleset.build(Engine().compile({"schema": 1, "name": "e", "nodes": [
        {"id": "c", "op": "control.constant"}]}), MemoryStore())
    assert [p["code"] for p in empty.problems] == ["no_rules"]
    assert isinstance(empty.matcher, Matcher) and empty.rules == []


def test_the_demo_rule_set_compiles_to_its_two_rules() -> None:
    rules = ruleset.build(Engine().compile(cart_rescue_document()), MemoryStore())
    assert (rules.problems, rules.warnings) == ([], [])
    assert [(r.id, r.pattern.kind) for r in rules.rules] == [
        ("cart_abandoned", "absence"), ("category_burst", "count")]
