"""A compiled rule graph: its pattern nodes as matcher rules (rule id = node id), the plan
that runs its actions, and what is wrong with it. Django-free; `logic.py` caches one per
(scene, config hash), as the engine caches plans.

Checks beyond the graph's own validation, reported by `GET /api/cep/scenes/<slug>/rules/`:
- `no_rules` (problem): the graph has no pattern node, so it never fires;
- `same_pattern` (warning): two pattern nodes with identical parameters are one rule (the
  first node's id); each match of it runs the actions of both;
- `action_without_rule` (warning): an action node with neither a `when` nor a data source
  runs on every match of every rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphengine import Plan
from webapp.cep.matcher import STATE_MARGIN_MS, Match, Matcher
from webapp.cep.operators import Pattern
from webapp.cep.rule import Rule, RuleError
from webapp.cep.store import StateStore


@dataclass
class RuleSet:
    config_hash: str
    matcher: Matcher  # with no rules when the graph is broken: ticks then clear its units
    plan: Plan | None = None
    patterns: dict[str, Pattern] = field(default_factory=dict)  # rule id (node id) → node
    problems: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rules(self) -> list[Rule]:
        return self.matcher.rules

    @property
    def event_types(self) -> frozenset[str]:
        return frozenset(step.type.value for rule in self.rules for step in rule.steps)

    @property
    def horizon_ms(self) -> int:
        """How long an event may still take part in a match (its details are kept so)."""
        return max((max(r.span_ms, r.cooldown_ms) + r.lateness_ms for r in self.rules),
                   default=0) + STATE_MARGIN_MS

    def describe(self) -> list[dict[str, Any]]:
        """Each rule as the API lists it, with the context a test run needs to fire it."""
        out = []
        for rule in self.rules:
            node = self.patterns[rule.id]
            out.append({"id": rule.id, "op": node.name, "fingerprint": node.fingerprint,
                        "rule": rule.model_dump(mode="json", exclude={"name"}),
                        "segment": node.segment,
                        "test_context": {"unit_id": "u1", "unit": {"id": "u1",
                                                                     "attributes": {}},
                                         "match": {"rule_id": rule.id,
                                                   "pattern": node.fingerprint}}})
        return out


def match_context(scene: str, rules: RuleSet, match: Match,
                  events: list[dict[str, Any]]) -> dict[str, Any]:
    """The context a rule graph runs with for one match (see webapp.cep.operators)."""
    last = events[-1] if events else {}
    return {"unit_id": match.unit_id, "scene": scene,
            "unit": {"id": match.unit_id, "attributes": last.get("attributes", {})},
            "match": {**match.to_dict(), "pattern": rules.patterns[match.rule_id].fingerprint,
                      "events": events},
            "event": last}


def _problem(code: str, message: str, node: str | None = None) -> dict[str, Any]:
    return {"code": code, "node": node, "field": None, "message": message}


def broken(config_hash: str, problems: list[dict[str, Any]],
           store: StateStore) -> RuleSet:
    return RuleSet(config_hash, Matcher([], store=store), problems=problems)


def build(plan: Plan, store: StateStore, clock: Callable[[], int] | None = None) -> RuleSet:
    patterns: dict[str, Pattern] = {}
    by_fingerprint: dict[str, str] = {}
    rules: list[Rule] = []
    problems: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    for node in plan.nodes:
        op = node.operator
        if isinstance(op, Pattern):
            first = by_fingerprint.get(op.fingerprint)
            if first is not None:
                warnings.append(_problem("same_pattern", f"same pattern as '{first}': one "
                                         f"rule, whose matches run the actions of both",
                                         node.id))
                continue
            try:
                rules.append(op.rule(node.id))
            except RuleError as exc:  # the graph's validation checks this already
                problems += [_problem(e.code, e.message, node.id) for e in exc.errors]
                continue
            by_fingerprint[op.fingerprint] = node.id
            patterns[node.id] = op
        elif op.category == "action" and node.when < 0 and node.unless < 0 \
                and not node.data_sources:
            warnings.append(_problem("action_without_rule", "no `when` names a pattern: it "
                                     "runs on every match of every rule", node.id))
    if not rules and not problems:
        problems.append(_problem("no_rules", "the graph has no pattern node (cep.sequence, "
                                 "cep.count, cep.absence), so it never fires"))
    kwargs: dict[str, Any] = {} if clock is None else {"clock": clock}
    matcher = Matcher([] if problems else rules, store=store, **kwargs)
    return RuleSet(plan.config_hash, matcher, plan, patterns if not problems else {},
                   problems, warnings)
