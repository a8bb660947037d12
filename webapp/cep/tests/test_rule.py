"""Rule specs: valid ones parse; invalid ones give every problem, each naming its field."""

from __future__ import annotations

from typing import Any

import pytest

from webapp.cep import RuleError, parse_rule
from webapp.cep.rule import CompiledRule


def fields(data: Any) -> dict[str | None, str]:
    with pytest.raises(RuleError) as caught:
        parse_rule(data)
    return {e["field"]: e["message"] for e in caught.value.to_list()}


def seq(**pattern: Any) -> dict[str, Any]:
    return {"id": "r", "pattern": {"kind": "sequence", "within_ms": 10,
                                   "steps": [{"type": "click"}, {"type": "cart"}], **pattern}}


def test_a_valid_rule_gets_defaults() -> None:
    rule = parse_rule(seq())
    assert rule.lateness_ms == 1000 and rule.cooldown_ms == 0 and rule.group_by is None
    assert rule.span_ms == 10 and [s.type.value for s in rule.steps] == ["click", "cart"]


def test_problems_name_their_field_without_the_union_tag() -> None:
    found = fields({"id": "Bad Id", "pattern": {
        "kind": "sequence", "within_ms": 0,
        "steps": [{"type": "click"}, {"type": "teleport"}]}, "lateness_ms": -1})
    assert set(found) == {"id", "pattern.within_ms", "pattern.steps.1.type", "lateness_ms"}
    assert "greater than or equal to 1" in found["pattern.within_ms"]


def test_a_sequence_needs_two_steps_and_unknown_keys_are_refused() -> None:
    found = fields(seq(steps=[{"type": "click"}], extra=1))
    assert set(found) == {"pattern.steps", "pattern.extra"}


def test_the_kind_must_be_known() -> None:
    assert set(fields({"id": "r", "pattern": {"kind": "often"}})) == {"pattern"}


def test_cel_errors_point_at_the_step_predicate() -> None:
    found = fields(seq(steps=[{"type": "click", "where": "event.ts >"},
                              {"type": "cart", "where": "[1].all(x, [2].all(y, true))"}]))
    assert set(found) == {"pattern.steps.0.where", "pattern.steps.1.where"}
    assert "invalid CEL" in found["pattern.steps.0.where"]
    assert "inside another" in found["pattern.steps.1.where"]


def test_count_and_absence_bounds() -> None:
    found = fields({"id": "r", "pattern": {"kind": "count", "step": {"type": "click"},
                                           "min_count": 0, "window_ms": 10}})
    assert set(found) == {"pattern.min_count"}
    found = fields({"id": "r", "pattern": {"kind": "absence", "step": {"type": "cart"},
                                           "within_ms": 10}})
    assert set(found) == {"pattern.absent"}


def test_group_by_is_an_item_or_one_attribute() -> None:
    assert parse_rule({**seq(), "group_by": "attributes.category"}).group_by
    assert set(fields({**seq(), "group_by": "attributes.a.b"})) == {"group_by"}
    assert set(fields({**seq(), "group_by": "unit_id"})) == {"group_by"}


def test_fingerprint_changes_with_the_pattern_not_the_name() -> None:
    base = parse_rule(seq())
    assert parse_rule({**seq(), "name": "Renamed"}).fingerprint == base.fingerprint
    assert parse_rule(seq(within_ms=11)).fingerprint != base.fingerprint
    assert CompiledRule.build(base).slot == f"r:{base.fingerprint}"
