"""Replayed streams: in order, shuffled within lateness, with duplicates — the same matches.

The matcher's promise is that matches depend on the *set* of events that arrive within
lateness, not on arrival order or on repeats. Hypothesis builds event sets over two units and
delivers each three ways; every run must fire the same matches, each once. Count and absence
are also checked against a brute-force reading of their definitions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from operators.behaviour.event import Event
from webapp.cep import Match, Matcher, MemoryStore
from webapp.cep.store import StateStore
from webapp.cep.tests.streams import FAR_FUTURE, absence, count, ev, sequence

LATENESS = 150
RULES = [
    sequence("click", "cart", within=300, group_by="item_id", lateness_ms=LATENESS,
             rule_id="view_cart"),
    sequence("click", "cart", "order", within=600, lateness_ms=LATENESS, rule_id="funnel"),
    count("click", 3, window=400, lateness_ms=LATENESS, rule_id="burst"),
    count("click", 2, window=300, group_by="item_id", lateness_ms=LATENESS, cooldown_ms=500,
          rule_id="item_burst"),
    absence("cart", "order", within=400, group_by="item_id", lateness_ms=LATENESS,
            rule_id="abandon"),
    absence("click", "cart", within=200, lateness_ms=LATENESS, cooldown_ms=300,
            rule_id="bounce"),
]

raw_events = st.lists(
    st.tuples(st.sampled_from(["u1", "u2"]), st.sampled_from(["click", "cart", "order"]),
              st.sampled_from(["x", "y"]), st.integers(0, 3000)),
    max_size=40)


def build(raw: list[tuple[str, str, str, int]]) -> list[Event]:
    return [ev(f"e{i}", kind, ts, item=item, unit=unit)
            for i, (unit, kind, item, ts) in enumerate(raw)]


def replay(events: list[Event], store: StateStore | None = None) -> Counter[tuple[object, ...]]:
    matcher = Matcher(RULES, store=store)
    found = [m for e in events for m in matcher.process(e)] + matcher.advance(FAR_FUTURE)
    return Counter(key(m) for m in found)


def key(m: Match) -> tuple[object, ...]:
    return (m.id, m.rule_id, m.unit_id, m.event_ids, m.match_ts)


def in_order(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: e.ts)


def shuffled(events: list[Event], delays: list[int]) -> list[Event]:
    # Each event arrives as if delayed by < LATENESS: nothing arrives after one more than
    # LATENESS newer, which is the disorder the matcher promises to absorb.
    order = sorted(range(len(events)), key=lambda i: (events[i].ts + delays[i], i))
    return [events[i] for i in order]


def with_duplicates(events: list[Event], picks: list[tuple[int, int]]) -> list[Event]:
    out = list(events)
    for source, offset in picks:
        if out:
            i = source % len(out)
            out.insert(min(len(out), i + 1 + offset), out[i])
    return out


def oracle(events: list[Event], rule_id: str) -> set[tuple[str, tuple[str, ...], int]]:
    """Count (no cooldown) and absence (no cooldown) straight from their definitions."""
    ordered = sorted(events, key=lambda e: (e.ts, e.id))
    out = set()
    if rule_id == "burst":
        for unit in {e.unit_id for e in events}:
            clicks = [e for e in ordered if e.unit_id == unit and e.type.value == "click"]
            for i, e in enumerate(clicks):
                window = [c for c in clicks[:i + 1] if c.ts > e.ts - 400]
                prev = clicks[i - 1] if i else None
                prev_over = prev is not None and len(
                    [c for c in clicks[:i] if c.ts > prev.ts - 400]) >= 3
                armed = prev is None or not prev_over or e.ts - prev.ts >= 400
                if len(window) >= 3 and armed:
                    out.add((unit, tuple(c.id for c in window[-3:]), e.ts))
    if rule_id == "abandon":
        for a in ordered:
            if a.type.value == "cart" and not any(
                    b.type.value == "order" and b.unit_id == a.unit_id
                    and b.item_id == a.item_id and a.ts < b.ts <= a.ts + 400 for b in events):
                out.add((a.unit_id, (a.id,), a.ts + 400))
    return out


def check(raw: list[tuple[str, str, str, int]], delays: list[int],
          picks: list[tuple[int, int]], store: Callable[[], StateStore | None]) -> None:
    events = build(raw)
    delays = (delays * (len(events) // max(len(delays), 1) + 1))[:len(events)] or [0] * len(
        events)
    expected = replay(in_order(events), store())
    assert all(n == 1 for n in expected.values()), "a match fired twice"
    assert replay(shuffled(events, delays), store()) == expected
    assert replay(with_duplicates(shuffled(events, delays), picks), store()) == expected
    for rule_id in ("burst", "abandon"):
        got = {(unit, ids, ts) for (_, rid, unit, ids, ts) in expected if rid == rule_id}
        assert got == oracle(events, rule_id), rule_id


@settings(max_examples=60, deadline=None)
@given(raw_events, st.lists(st.integers(0, LATENESS - 1), min_size=1, max_size=40),
       st.lists(st.tuples(st.integers(0, 100), st.integers(0, 10)), max_size=8))
def test_same_matches_in_order_shuffled_and_duplicated(
        raw: list[tuple[str, str, str, int]], delays: list[int],
        picks: list[tuple[int, int]]) -> None:
    check(raw, delays, picks, lambda: MemoryStore())


def test_a_fixed_disordered_stream_gives_the_expected_matches() -> None:
    events = [ev("c1", "click", 0, item="x"), ev("k1", "cart", 100, item="x"),
              ev("c2", "click", 50, item="y"), ev("c3", "click", 120, item="y"),
              ev("o1", "order", 300, item="x"), ev("k2", "cart", 200, item="y")]
    got = {(rule_id, ids) for (_, rule_id, _, ids, _) in replay(events)}
    assert got == {("view_cart", ("c1", "k1")), ("funnel", ("c1", "k1", "o1")),
                   ("burst", ("c1", "c2", "c3")), ("item_burst", ("c2", "c3")),
                   ("view_cart", ("c2", "k2")), ("abandon", ("k2",))}

