"""The CEP matcher: events in, matches out, state in a `StateStore` shared by workers.

`process(event)` evaluates every rule's step predicates on the event (CEL, outside any
transaction: they are pure), then runs one store transaction for the event's unit that
adds the hits, moves each rule's frontier and collects the matches (see `patterns.py` for
the semantics). `advance(now_ms)` is the processing-time tick: for the (unit, rule) pairs
the due index lists, the frontier moves to `now_ms - lateness`, which fires absences whose
deadline passed and evaluates events nothing newer has followed. It assumes an event
reaches the matcher within `lateness_ms` of its `ts`; a backfill of old events should not
tick (or tick in event time).

A match id hashes the rule id, the unit id and the ids of the events that formed it, so a
replay, a duplicate or a second worker never fires the same match twice (the store remembers
fired ids for a day).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from operators.behaviour.event import Event
from operators.expressions import ExpressionError
from webapp.cep.patterns import Hit, Outcome, RuleState, add_hit, advance, next_due, prune
from webapp.cep.rule import CompiledRule, Rule
from webapp.cep.store import Changes, FiredCheck, MemoryStore, StateStore, Step, wall_ms

# Kept a little past its horizon so a tick that comes late still finds the state.
STATE_MARGIN_MS = 60_000


@dataclass(frozen=True)
class Match:
    id: str
    rule_id: str
    unit_id: str
    kind: str
    key: str | None  # the group_by value the events share; None without group_by
    event_ids: tuple[str, ...]
    match_ts: int  # event time it completed (absence: trigger ts + within_ms)
    detected_ms: int  # processing time the matcher found it

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "event_ids": list(self.event_ids)}


def match_id(rule_id: str, unit_id: str, event_ids: Sequence[str]) -> str:
    body = json.dumps([rule_id, unit_id, list(event_ids)], separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()[:32]


Work = list[tuple[Event, dict[str, Hit]]]


class Matcher:
    def __init__(self, rules: Iterable[Rule], store: StateStore | None = None,
                 clock: Callable[[], int] = wall_ms) -> None:
        compiled = [CompiledRule.build(rule) for rule in rules]
        ids = [c.rule.id for c in compiled]
        if len(set(ids)) != len(ids):
            raise ValueError(f"rule ids must be unique: {sorted(ids)}")
        self._rules = {c.slot: c for c in compiled}
        # Which (rule, step index) pairs an event type can match: most events skip most rules.
        self._by_type: dict[str, list[tuple[CompiledRule, list[int]]]] = defaultdict(list)
        for rule in compiled:
            for event_type in {s.type for s in rule.steps}:
                self._by_type[event_type].append(
                    (rule, [i for i, s in enumerate(rule.steps) if s.type == event_type]))
        self.store: StateStore = store if store is not None else MemoryStore(clock)
        self._clock = clock
        self.stats: Counter[str] = Counter()

    @property
    def rules(self) -> list[Rule]:
        return [c.rule for c in self._rules.values()]

    def process(self, event: Event) -> list[Match]:
        return self.process_many([event])

    def process_many(self, events: Iterable[Event]) -> list[Match]:
        """Events in arrival order: the batch's units in one store round (on Redis, three
        round trips for the batch), each unit's events applied in order."""
        by_unit: dict[str, Work] = defaultdict(list)
        for event in events:
            self.stats["events"] += 1
            hits = self.hits(event)
            if hits:
                by_unit[event.unit_id].append((event, hits))
        return self._run([(unit_id, sorted({slot for _, hits in work for slot in hits}), work)
                          for unit_id, work in by_unit.items()], tick=None)

    def advance(self, now_ms: int | None = None, limit: int = 10_000) -> list[Match]:
        """The processing-time tick (call it every second or so from one beat task; two
        at once are safe). Handles at most `limit` due (unit, rule) pairs."""
        now = self._clock() if now_ms is None else now_ms
        return self.advance_due(self.store.due(now, limit), now)

    def advance_due(self, due: Iterable[tuple[str, str]], now_ms: int) -> list[Match]:
        """The tick for (unit_id, slot) pairs the caller read from the due index: when
        several rule sets share a store, each unit's pairs go to the matcher of the rules
        that unit is on (a slot this matcher lacks is cleared from the index)."""
        by_unit: dict[str, list[str]] = defaultdict(list)
        for unit_id, slot in due:
            by_unit[unit_id].append(slot)
        return self._run([(unit_id, sorted(slots), []) for unit_id, slots in by_unit.items()],
                         tick=now_ms)

    def hits(self, event: Event) -> dict[str, Hit]:
        """Per rule slot, the steps this event matches (type, group key, CEL predicate)."""
        found: dict[str, Hit] = {}
        for rule, indexes in self._by_type.get(event.type.value, ()):
            key = rule.group_key(event)
            if key is None:
                continue
            mask = 0
            for i in indexes:
                predicate = rule.steps[i].predicate
                if predicate is not None:
                    try:
                        if not predicate(event):
                            continue
                    except ExpressionError:
                        self.stats["predicate_error"] += 1
                        continue
                mask |= 1 << i
            if mask:
                found[rule.slot] = Hit(event.ts, event.id, mask, key)
        return found

    def _run(self, batch: list[tuple[str, list[str], Work]], tick: int | None) -> list[Match]:
        if not batch:
            return []
        detected = self._clock()
        results = self.store.transact_many(
            [(unit_id, slots, self._step(unit_id, slots, work, tick, detected))
             for unit_id, slots, work in batch])
        matches: list[Match] = []
        for found, counts in results:
            matches += found
            self.stats.update(counts)
        return matches

    def _step(self, unit_id: str, slots: list[str], work: Work, tick: int | None,
              detected: int) -> Step[tuple[list[Match], dict[str, int]]]:
        """The store transaction of one unit: pure, as a conflict on Redis reruns it."""

        def step(loaded: dict[str, RuleState | None],
                 fired: FiredCheck) -> tuple[Changes, tuple[list[Match], dict[str, int]]]:
            changes = Changes()
            states: dict[str, RuleState] = {}
            outcomes: dict[str, Outcome] = {}
            due_before: dict[str, int | None] = {}  # the due index holds these already
            touched = {slot for _, hits in work for slot in hits}
            for slot in slots:
                state = loaded.get(slot)
                if slot not in self._rules or (state is None and slot not in touched):
                    changes.due[slot] = None  # a rule since removed or edited, or expired state
                    continue
                states[slot] = state if state is not None else RuleState()
                outcomes[slot] = Outcome()
                due_before[slot] = None if state is None else next_due(state, self._rules[slot])
            for _, hits in work:
                for slot, hit in hits.items():
                    rule, state, out = self._rules[slot], states[slot], outcomes[slot]
                    # A fresh Hit: the step may run again after a conflict.
                    if add_hit(state, Hit(hit.ts, hit.id, hit.mask, hit.key), out):
                        advance(state, rule, hit.ts - rule.lateness_ms, out)
            matches: list[Match] = []
            counts: dict[str, int] = {}
            for slot, state in states.items():
                rule, out = self._rules[slot], outcomes[slot]
                if tick is not None:
                    advance(state, rule, tick - rule.lateness_ms, out)
                prune(state, rule, out)
                for name in ("late", "duplicate", "suppressed", "overflow"):
                    if value := getattr(out, name):
                        counts[name] = counts.get(name, 0) + value
                for f in out.found:
                    ids = f.event_ids
                    matches.append(Match(
                        match_id(rule.rule.id, unit_id, ids), rule.rule.id, unit_id,
                        rule.rule.pattern.kind, f.key if rule.rule.group_by else None, ids,
                        f.match_ts, detected))
                ttl = rule.horizon_ms + rule.lateness_ms + STATE_MARGIN_MS
                changes.states[slot] = (state, ttl)
                due = next_due(state, rule)
                # A tick came from the index, whose entry may be stale (expired state).
                if tick is not None or due != due_before[slot]:
                    changes.due[slot] = due
            if matches:
                already = fired([m.id for m in matches])
                if already:
                    counts["refired"] = len(already)
                    matches = [m for m in matches if m.id not in already]
                changes.fired = [m.id for m in matches]
                counts["matches"] = len(matches)
            return changes, (matches, counts)

        return step
