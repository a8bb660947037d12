"""The replay gate of a rule scene: the events stream's latest events through the rules of
the scene's production version and of the rollout's candidate, in memory and in event
time (simulate.py: nothing fires), and the matches that would act compared. Approvers read
the report on the review page, beside the one recommend scenes get (rollouts/replay.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from graphengine import Plan
from operators.behaviour.event import Event
from webapp.cep.matcher import Match
from webapp.cep.simulate import simulate
from webapp.events import logic as events_logic

MAX_EXAMPLES = 20


def available() -> int:
    """How many events the stream holds (what a replay can take)."""
    return events_logic.event_stream().backlog()


def recent_events(limit: int) -> list[Event]:
    """The stream's latest `limit` events in arrival order (entries that are not events
    left out, as the consumer leaves them)."""
    return events_logic.events_of(events_logic.event_stream().latest(limit))


def compare(base: Plan, candidate: Plan, events: list[Event],
            progress: Callable[[int], None] = lambda done: None) -> dict[str, Any]:
    """What each version's rules would do with the same events."""
    acting: dict[str, dict[str, Match]] = {}
    ops: dict[str, str] = {}
    for side, plan in (("base", base), ("candidate", candidate)):
        sim = simulate(plan, events)
        acting[side] = {m.id: m for m in sim.matches if sim.in_segment[m.id]}
        ops.update({r.id: sim.rules.patterns[r.id].name for r in sim.rules.rules})
        progress(len(events) // 2 if side == "base" else len(events))
    only_base = [m for i, m in acting["base"].items() if i not in acting["candidate"]]
    only_candidate = [m for i, m in acting["candidate"].items() if i not in acting["base"]]
    count = {side: Counter(m.rule_id for m in found.values())
             for side, found in acting.items()}
    lost, gained = Counter(m.rule_id for m in only_base), Counter(
        m.rule_id for m in only_candidate)
    examples = [{"unit_id": m.unit_id, "rule_id": m.rule_id, "side": side,
                 "event_ids": list(m.event_ids), "match_ts": m.match_ts}
                for side, found in (("base", only_base), ("candidate", only_candidate))
                for m in found[:MAX_EXAMPLES // 2]]
    return {
        "kind": "rules", "events": len(events), "units": len({e.unit_id for e in events}),
        "matches": {"base": len(acting["base"]), "candidate": len(acting["candidate"]),
                    "both": len(acting["base"]) - len(only_base)},
        "units_changed": len({m.unit_id for m in only_base + only_candidate}),
        "rules": [{"rule_id": rule, "op": ops[rule], "base": count["base"][rule],
                   "candidate": count["candidate"][rule], "only_base": lost[rule],
                   "only_candidate": gained[rule]} for rule in sorted(ops)],
        "examples": examples,
    }
