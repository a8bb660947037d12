"""A rule graph over a list of events, in memory and in event time: which rules match,
for which units, and which actions each match would run. Nothing is fired, written or
sent. The editor's Simulate tab and the rollout replay gate of rule scenes use it.

Events are taken in list order (the arrival order) and may be out of order or repeated,
as the stream delivers them: the matcher handles both as it does in production. Time is
the events' own: processing time is the newest `ts` seen so far, and the tick runs at
every due time it passes (as if beat ticked without pause), last at `until_ms` (by
default once every pending absence is decided). Django-free.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graphengine import Plan
from operators import Context
from operators.behaviour.event import Event
from webapp.cep import ruleset
from webapp.cep.matcher import Match
from webapp.cep.operators import Pattern
from webapp.cep.store import MemoryStore

MAX_EVENTS = 10_000  # per simulation: the editor's limit (the API checks it)
TICK_LIMIT = 100_000


@dataclass
class Simulation:
    rules: ruleset.RuleSet
    matches: list[Match] = field(default_factory=list)
    in_segment: dict[str, bool] = field(default_factory=dict)  # match id → in segment
    stats: Counter[str] = field(default_factory=Counter)
    until_ms: int = 0

    def per_rule(self) -> dict[str, int]:
        found = Counter(m.rule_id for m in self.matches)
        return {rule.id: found[rule.id] for rule in self.rules.rules}

    def to_dict(self) -> dict[str, Any]:
        reach = actions_by_rule(self.rules)
        return {
            "rules": [{"id": r["id"], "op": r["op"], "kind": r["rule"]["pattern"]["kind"],
                       "segment": r["segment"]} for r in self.rules.describe()],
            "problems": self.rules.problems, "warnings": self.rules.warnings,
            "stats": {key: self.stats[key] for key in
                      ("events", "duplicates", "late", "units", "matches", "out_of_segment")},
            "per_rule": self.per_rule(),
            "matches": [{"id": m.id, "rule_id": m.rule_id, "unit_id": m.unit_id,
                         "kind": m.kind, "key": m.key, "event_ids": list(m.event_ids),
                         "match_ts": m.match_ts, "in_segment": self.in_segment[m.id],
                         "actions": reach.get(m.rule_id, []) if self.in_segment[m.id]
                         else []}
                        for m in self.matches],
            "until_ms": self.until_ms,
        }


def simulate(plan: Plan, events: Sequence[Event], until_ms: int | None = None) -> Simulation:
    now = [min((e.ts for e in events), default=0)]
    store = MemoryStore(clock=lambda: now[0])
    rules = ruleset.build(plan, store, clock=lambda: now[0])
    sim = Simulation(rules)
    if rules.problems:
        return sim
    found: list[Match] = []

    def tick_until(t: int) -> None:
        """Beat's tick, had it run at every due time up to t (and at t)."""
        last = -1
        while (due := store.next_due()) is not None and last < due <= t:
            now[0] = max(now[0], due)
            found.extend(rules.matcher.advance(now[0], limit=TICK_LIMIT))
            last = due
        now[0] = max(now[0], t)
        found.extend(rules.matcher.advance(now[0], limit=TICK_LIMIT))

    for event in events:
        if event.ts > now[0]:
            tick_until(event.ts)
        found.extend(rules.matcher.process(event))
    tick_until(now[0] + rules.horizon_ms if until_ms is None else until_ms)
    sim.until_ms = now[0]
    by_id = {e.id: e for e in events}
    for match in sorted(found, key=lambda m: (m.match_ts, m.unit_id, m.id)):
        context = ruleset.match_context("", rules, match,
                                        [by_id[i].model_dump(mode="json")
                                         for i in match.event_ids if i in by_id])
        sim.in_segment[match.id] = rules.patterns[match.rule_id].in_segment(Context(context))
        sim.matches.append(match)
    stats = rules.matcher.stats
    sim.stats.update(events=len(events), duplicates=stats["duplicate"], late=stats["late"],
                     units=len({e.unit_id for e in events}), matches=len(sim.matches),
                     out_of_segment=sum(not v for v in sim.in_segment.values()))
    return sim


def actions_by_rule(rules: ruleset.RuleSet) -> dict[str, list[str]]:
    """Per rule (pattern node), the action nodes a match of it runs, by the pruning of
    DESIGN §3 with that pattern true and every other false. A condition that is not a
    pattern node counts as true: what it decides is only known in a real run."""
    plan = rules.plan
    if plan is None:
        return {}
    out: dict[str, list[str]] = {}
    for rule_id in rules.patterns:
        skipped: list[bool] = [False] * len(plan.nodes)
        value: list[bool | None] = [None] * len(plan.nodes)
        for node in plan.nodes:  # in topological order
            if isinstance(node.operator, Pattern):
                value[node.index] = node.id == rule_id or (
                    node.operator.fingerprint == rules.patterns[rule_id].fingerprint)
            off = (node.when >= 0 and (skipped[node.when] or value[node.when] is False)) \
                or (node.unless >= 0 and (skipped[node.unless] or value[node.unless] is True)) \
                or (bool(node.data_sources) and all(skipped[i] for i in node.data_sources))
            skipped[node.index] = off
        out[rule_id] = [n.id for n in plan.nodes if not skipped[n.index]
                        and n.operator.category == "action" and n.op_name != "action.done"]
    return out
