"""Pattern evaluation over one (rule, unit) state, in event-time order. Pure: no IO, no clock.

The state keeps the unit's recent *hits* (events that matched at least one step of the
rule) sorted by (ts, id), and a frontier `ready`: under the lateness assumption every event
with ts <= ready has arrived (ready = the newest ts among the unit's hits of this rule
- lateness, or tick time - lateness, whichever is later; it never goes back). A hit
is *pending* until the frontier reaches its ts; then it is evaluated, in (ts, id) order, so
a match depends on the set of events that arrived within lateness, not on their arrival
order. An event older than the frontier is late and dropped; one whose id is already held
is a duplicate and dropped. (Only an event with ts exactly at the frontier that arrives after
the frontier reached it is evaluated out of (ts, id) order: after the ones already done.)

Semantics (`Found.match_ts` is the event time the match completed):

- sequence: a hit of the last step completes a match with the earliest chain of open hits
  of steps 1..k-1, in (ts, id) order, starting at most `within_ms` before it; every event
  of the match is consumed (it joins no other match of the rule).
- count: at a hit, c = hits in (ts - window_ms, ts] up to it; the rule fires when
  c >= min_count and it is armed; the hits before it disarm it while they are at/over
  the threshold. It re-arms at a hit under the threshold or one `window_ms` after the last
  hit: a sustained burst fires once. The match lists the last `min_count` events.
- absence: a hit A of `step` fires at A.ts + within_ms unless a hit B of `absent` has
  B.ts in (A.ts, A.ts + within_ms]; it fires when the frontier reaches that deadline.
- group_by: all events of a match share the group key; cooldown: after a match of a group
  at time m, matches of that group with match_ts < m + cooldown_ms are suppressed.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from typing import Any

from webapp.cep.rule import AbsencePattern, CompiledRule, CountPattern, SequencePattern

PENDING, OPEN, USED = 0, 1, 2  # a hit's flag: not yet evaluated / evaluated / consumed
MAX_HITS = 2000  # per (rule, unit): beyond it the oldest are dropped (and counted)


@dataclass(slots=True)
class Hit:
    ts: int
    id: str
    mask: int  # bit i set: the event matches step i
    key: str  # group key ("" without group_by)
    flag: int = PENDING


@dataclass(frozen=True)
class Found:
    key: str
    event_ids: tuple[str, ...]
    match_ts: int


@dataclass
class RuleState:
    hits: list[Hit] = field(default_factory=list)
    ready: int | None = None
    armed: dict[str, tuple[int, bool]] = field(default_factory=dict)  # count: last hit
    last_fire: dict[str, int] = field(default_factory=dict)  # cooldown: last match per key

    def encode(self) -> str:
        return json.dumps({"h": [[h.ts, h.id, h.mask, h.key, h.flag] for h in self.hits],
                           "r": self.ready, "a": self.armed, "f": self.last_fire},
                          separators=(",", ":"))

    @classmethod
    def decode(cls, raw: str | bytes) -> RuleState:
        data: dict[str, Any] = json.loads(raw)
        return cls([Hit(*h) for h in data["h"]], data["r"],
                   {k: (int(v[0]), bool(v[1])) for k, v in data["a"].items()},
                   {k: int(v) for k, v in data["f"].items()})


@dataclass
class Outcome:
    found: list[Found] = field(default_factory=list)
    late: int = 0
    duplicate: int = 0
    suppressed: int = 0
    overflow: int = 0


def _position(hit: Hit) -> tuple[int, str]:
    return hit.ts, hit.id


def _ts(hit: Hit) -> int:
    return hit.ts


def add_hit(state: RuleState, hit: Hit, out: Outcome) -> bool:
    """Insert a hit unless it is late or a duplicate; True when inserted."""
    if state.ready is not None and hit.ts < state.ready:
        out.late += 1
        return False
    # A duplicate of a held hit: anything older than the frontier was answered just above.
    for held in state.hits:
        if held.id == hit.id:
            out.duplicate += 1
            return False
    bisect.insort(state.hits, hit, key=_position)
    return True


def advance(state: RuleState, rule: CompiledRule, ready: int, out: Outcome) -> None:
    """Move the frontier to `ready` (never back) and evaluate what it reaches."""
    before = state.ready
    if before is not None and ready < before:
        ready = before
    state.ready = ready
    # Hits above the old frontier are pending; so may be one that arrived exactly at it.
    start = 0 if before is None else bisect.bisect_left(state.hits, before, key=_ts)
    due = [(i, h) for i, h in enumerate(state.hits[start:], start)
           if h.flag == PENDING and h.ts <= ready]
    found: list[Found] = []
    pattern = rule.rule.pattern
    if isinstance(pattern, SequencePattern):
        _sequence(state, pattern, due, found)
    elif isinstance(pattern, CountPattern):
        _count(state, pattern, due, found)
    elif isinstance(pattern, AbsencePattern):
        _absence(state, pattern, due, ready, found)
    cooldown = rule.rule.cooldown_ms
    for match in found:
        last = state.last_fire.get(match.key)
        if cooldown and last is not None and match.match_ts < last + cooldown:
            out.suppressed += 1
            continue
        if cooldown:
            state.last_fire[match.key] = match.match_ts
        out.found.append(match)


def _sequence(state: RuleState, pattern: SequencePattern, due: list[tuple[int, Hit]],
              found: list[Found]) -> None:
    hits = state.hits
    last_step = len(pattern.steps) - 1
    for i, hit in due:
        hit.flag = OPEN
        if not hit.mask >> last_step & 1:
            continue
        # Greedy earliest chain: it exists whenever any chain does.
        chain: list[Hit] = []
        start = bisect.bisect_left(hits, hit.ts - pattern.within_ms, key=_ts)
        for candidate in hits[start:i]:
            if (candidate.flag == OPEN and candidate.key == hit.key
                    and candidate.mask >> len(chain) & 1):
                chain.append(candidate)
                if len(chain) == last_step:
                    break
        if len(chain) == last_step:
            chain.append(hit)
            for member in chain:
                member.flag = USED
            found.append(Found(hit.key, tuple(h.id for h in chain), hit.ts))


def _count(state: RuleState, pattern: CountPattern, due: list[tuple[int, Hit]],
           found: list[Found]) -> None:
    hits = state.hits
    for i, hit in due:
        hit.flag = OPEN
        start = bisect.bisect_right(hits, hit.ts - pattern.window_ms, key=_ts)
        window = [h for h in hits[start:i + 1] if h.key == hit.key and h.flag != PENDING]
        over = len(window) >= pattern.min_count
        last = state.armed.get(hit.key)
        armed = last is None or not last[1] or hit.ts - last[0] >= pattern.window_ms
        if over and armed:
            found.append(Found(hit.key, tuple(h.id for h in window[-pattern.min_count:]),
                               hit.ts))
        state.armed[hit.key] = (hit.ts, over)


def _absence(state: RuleState, pattern: AbsencePattern, due: list[tuple[int, Hit]],
             ready: int, found: list[Found]) -> None:
    within = pattern.within_ms

    def fire_until(limit: int, inclusive: bool) -> None:
        # Open triggers are in (ts, id) order, hence in deadline order.
        for a in state.hits:
            deadline = a.ts + within
            if deadline > limit or (deadline == limit and not inclusive):
                break
            if a.flag == OPEN and a.mask & 1:
                a.flag = USED
                found.append(Found(a.key, (a.id,), deadline))

    for _, hit in due:
        fire_until(hit.ts, inclusive=False)  # B exactly at the deadline still cancels
        if hit.mask & 2:
            for a in state.hits:
                if a.ts >= hit.ts:
                    break
                if (a.flag == OPEN and a.mask & 1 and a.key == hit.key
                        and hit.ts <= a.ts + within):
                    a.flag = USED  # cancelled
        hit.flag = OPEN if hit.mask & 1 else USED
    fire_until(ready, inclusive=True)


def prune(state: RuleState, rule: CompiledRule, out: Outcome) -> None:
    """Drop what no future evaluation can use (once per transaction, not per hit)."""
    ready = state.ready
    if ready is None:
        return
    span = rule.span_ms
    # A future hit has ts >= ready, so nothing it could pair with or count is older than
    # ready - span (and a pending hit is newer than ready).
    del state.hits[:bisect.bisect_left(state.hits, ready - span, key=_ts)]
    if len(state.hits) > MAX_HITS:
        out.overflow += len(state.hits) - MAX_HITS
        del state.hits[:len(state.hits) - MAX_HITS]
    if state.armed:
        state.armed = {k: v for k, v in state.armed.items() if v[0] > ready - span}
    if state.last_fire:
        cooldown = rule.rule.cooldown_ms
        state.last_fire = {k: t for k, t in state.last_fire.items() if t + cooldown > ready}


def next_due(state: RuleState, rule: CompiledRule) -> int | None:
    """The tick time (processing ms) from which `advance(now - lateness)` would evaluate
    something: a pending hit, or an open absence trigger's deadline. None: nothing waits."""
    hits, ready = state.hits, state.ready
    times = []
    # Every hit above the frontier is pending (the frontier evaluates all it reaches).
    first = 0 if ready is None else bisect.bisect_right(hits, ready, key=_ts)
    if first < len(hits):
        times.append(hits[first].ts)
    pattern = rule.rule.pattern
    if isinstance(pattern, AbsencePattern):
        for h in hits:  # the first open trigger has the earliest deadline
            if h.flag == OPEN and h.mask & 1:
                times.append(h.ts + pattern.within_ms)
                break
    return min(times) + rule.lateness_ms if times else None
