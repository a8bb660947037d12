"""Absence: A with no B in (A.ts, A.ts + T], decided once the frontier passes the deadline."""

from __future__ import annotations

from webapp.cep import Matcher
from webapp.cep.tests.streams import absence, ev, ids, run


def test_fires_only_once_the_watermark_passes_deadline_plus_lateness() -> None:
    matcher = Matcher([absence("cart", "order", within=1000, lateness_ms=200)])
    assert matcher.process(ev("a", "cart", 10_000)) == []
    assert matcher.advance(10_000 + 1000 + 199) == []  # frontier 10_999: B may still come
    [match] = matcher.advance(10_000 + 1000 + 200)
    assert match.event_ids == ("a",) and match.match_ts == 11_000 and match.kind == "absence"
    assert matcher.advance(10**12) == []  # once


def test_a_later_event_of_the_rule_moves_the_frontier_past_the_deadline() -> None:
    matcher = Matcher([absence("cart", "order", within=1000, lateness_ms=200)])
    assert matcher.process(ev("a", "cart", 0)) == []
    assert matcher.process(ev("a2", "cart", 1199)) == []
    assert ids(matcher.process(ev("a3", "cart", 1200))) == [("a",)]


def test_b_within_t_cancels_including_exactly_at_the_deadline() -> None:
    for b_ts in (1, 500, 1000):
        matcher = Matcher([absence("cart", "order", within=1000, lateness_ms=0)])
        assert run(matcher, [ev("a", "cart", 0), ev("b", "order", b_ts)]) == [], b_ts


def test_b_after_the_deadline_or_before_a_does_not_cancel() -> None:
    matcher = Matcher([absence("cart", "order", within=1000, lateness_ms=0)])
    assert ids(run(matcher, [ev("a", "cart", 0), ev("b", "order", 1001)])) == [("a",)]
    matcher = Matcher([absence("cart", "order", within=1000, lateness_ms=0)])
    assert ids(run(matcher, [ev("b", "order", 0), ev("a", "cart", 0)])) == [("a",)]


def test_a_late_b_within_lateness_cancels_a_pending_absence() -> None:
    matcher = Matcher([absence("cart", "order", within=1000, lateness_ms=500)])
    assert matcher.process(ev("a", "cart", 0)) == []
    assert matcher.process(ev("x", "cart", 1400)) == []  # frontier 900
    assert matcher.process(ev("b", "order", 950)) == []  # late, but within lateness
    assert ids(run(matcher, [])) == [("x",)]  # only the second cart goes unanswered


def test_a_b_beyond_lateness_is_dropped_and_the_absence_fires() -> None:
    matcher = Matcher([absence("cart", "order", within=1000, lateness_ms=100)])
    events = [ev("a", "cart", 0), ev("x", "cart", 1500), ev("b", "order", 950)]
    assert ids(run(matcher, events)) == [("a",), ("x",)]
    assert matcher.stats["late"] == 1


def test_group_by_only_a_b_of_the_same_item_cancels() -> None:
    matcher = Matcher([absence("cart", "order", within=1000, group_by="item_id",
                               lateness_ms=0)])
    events = [ev("ax", "cart", 0, item="x"), ev("ay", "cart", 0, item="y"),
              ev("by", "order", 10, item="y")]
    [match] = run(matcher, events)
    assert match.event_ids == ("ax",) and match.key == "x"


def test_each_unanswered_a_fires_unless_cooldown_merges_them() -> None:
    events = [ev("a1", "cart", 0), ev("a2", "cart", 100), ev("a3", "cart", 5000)]
    matcher = Matcher([absence("cart", "order", within=1000, lateness_ms=0)])
    assert ids(run(matcher, events)) == [("a1",), ("a2",), ("a3",)]
    matcher = Matcher([absence("cart", "order", within=1000, lateness_ms=0,
                               cooldown_ms=1000)])
    assert ids(run(matcher, events)) == [("a1",), ("a3",)]


def test_ticks_only_touch_units_that_wait_for_something() -> None:
    matcher = Matcher([absence("cart", "order", within=1000, lateness_ms=0)])
    run(matcher, [ev("a", "cart", 0, unit="u1"), ev("b", "order", 10, unit="u1"),
                  ev("c", "cart", 0, unit="u2")], flush=False)
    [slot] = matcher.hits(ev("c", "cart", 0))
    assert matcher.store.due(10**12, 100) == [("u2", slot)]
    assert [m.unit_id for m in matcher.advance(10**12)] == ["u2"]
    assert matcher.store.due(10**12, 100) == []
