"""Sequence: steps in event-time order within `within_ms`, earliest chain, consumed events."""

from __future__ import annotations

from webapp.cep import Matcher
from webapp.cep.tests.streams import ev, ids, run, sequence


def test_a_then_b_within_t_fires_once_at_b() -> None:
    matcher = Matcher([sequence("click", "cart", within=100, lateness_ms=0)])
    assert matcher.process(ev("a", "click", 1000)) == []
    [match] = matcher.process(ev("b", "cart", 1100))  # exactly T after A still counts
    assert (match.rule_id, match.unit_id, match.kind) == ("seq", "u1", "sequence")
    assert match.event_ids == ("a", "b") and match.match_ts == 1100 and match.key is None


def test_b_later_than_t_or_before_a_does_not_fire() -> None:
    matcher = Matcher([sequence("click", "cart", within=100, lateness_ms=0)])
    assert run(matcher, [ev("a", "click", 1000), ev("b", "cart", 1101)]) == []
    matcher = Matcher([sequence("click", "cart", within=100, lateness_ms=0)])
    assert run(matcher, [ev("b", "cart", 1000), ev("a", "click", 1050)]) == []


def test_each_b_pairs_with_the_earliest_unused_a() -> None:
    matcher = Matcher([sequence("click", "cart", within=100, lateness_ms=0)])
    events = [ev("a1", "click", 0), ev("a2", "click", 10), ev("b1", "cart", 50),
              ev("b2", "cart", 60), ev("b3", "cart", 70)]
    assert ids(run(matcher, events)) == [("a1", "b1"), ("a2", "b2")]


def test_an_expired_a_is_skipped_for_a_younger_one() -> None:
    matcher = Matcher([sequence("click", "cart", within=100, lateness_ms=0)])
    events = [ev("a1", "click", 0), ev("a2", "click", 80), ev("b", "cart", 150)]
    assert ids(run(matcher, events)) == [("a2", "b")]


def test_three_steps_in_order_within_t_from_first_to_last() -> None:
    rule = sequence("click", "cart", "order", within=100, lateness_ms=0)
    matcher = Matcher([rule])
    events = [ev("c", "click", 0), ev("o0", "order", 5), ev("k", "cart", 10),
              ev("o", "order", 100)]
    assert ids(run(matcher, events)) == [("c", "k", "o")]
    matcher = Matcher([rule])
    assert run(matcher, [ev("c", "click", 0), ev("k", "cart", 10), ev("o", "order", 101)]) == []


def test_one_event_fills_one_step_only() -> None:
    # click-then-click: a single click is not both steps.
    matcher = Matcher([sequence("click", "click", within=100, lateness_ms=0)])
    assert ids(run(matcher, [ev("a", "click", 0)])) == []
    assert ids(run(matcher, [ev("b", "click", 5), ev("c", "click", 6)])) == [("a", "b")]


def test_cel_predicates_select_the_events_of_each_step() -> None:
    rule = sequence({"type": "click", "where": "event.attributes.price >= 100"},
                    {"type": "cart", "where": "event.item_id == 'x' && unit.id == 'u1'"},
                    within=100, lateness_ms=0)
    matcher = Matcher([rule])
    events = [ev("cheap", "click", 0, price=5), ev("dear", "click", 1, price=150),
              ev("other", "cart", 2, item="y"), ev("b", "cart", 3, item="x")]
    assert ids(run(matcher, events)) == [("dear", "b")]


def test_a_predicate_error_counts_as_no_match() -> None:
    rule = sequence({"type": "click", "where": "event.attributes.price > 10"}, "cart",
                    lateness_ms=0)
    matcher = Matcher([rule])
    assert run(matcher, [ev("a", "click", 0), ev("b", "cart", 1)]) == []  # no price
    assert matcher.stats["predicate_error"] == 1


def test_group_by_item_pairs_only_events_of_the_same_item() -> None:
    matcher = Matcher([sequence("click", "cart", within=100, group_by="item_id",
                                lateness_ms=0)])
    events = [ev("ax", "click", 0, item="x"), ev("ay", "click", 1, item="y"),
              ev("by", "cart", 2, item="y"), ev("bz", "cart", 3, item="z"),
              ev("n", "cart", 4)]  # no item: takes part in no match
    [match] = run(matcher, events)
    assert match.event_ids == ("ay", "by") and match.key == "y"


def test_group_by_an_attribute() -> None:
    matcher = Matcher([sequence("click", "order", group_by="attributes.category",
                                lateness_ms=0)])
    events = [ev("a", "click", 0, item="p", category="shoes"),
              ev("b", "order", 5, item="q", category="hats"),
              ev("c", "order", 6, item="r", category="shoes")]
    [match] = run(matcher, events)
    assert match.event_ids == ("a", "c") and match.key == "shoes"


def test_units_have_separate_state() -> None:
    matcher = Matcher([sequence("click", "cart", lateness_ms=0)])
    assert run(matcher, [ev("a", "click", 0, unit="u1"), ev("b", "cart", 5, unit="u2")]) == []


def test_late_a_within_lateness_still_completes_the_match() -> None:
    matcher = Matcher([sequence("click", "cart", within=100, lateness_ms=50)])
    assert matcher.process(ev("b", "cart", 1100)) == []  # pending: frontier is at 1050
    assert matcher.process(ev("a", "click", 1060)) == []  # arrives after B, earlier ts
    [match] = matcher.process(ev("z", "expose", 1200)) + matcher.advance(1200 + 50)
    assert match.event_ids == ("a", "b") and match.match_ts == 1100


def test_a_match_waits_until_the_frontier_passes_it() -> None:
    matcher = Matcher([sequence("click", "cart", within=100, lateness_ms=50)])
    assert run(matcher, [ev("a", "click", 0), ev("b", "cart", 10)], flush=False) == []
    assert matcher.advance(10 + 49) == []  # processing time: frontier 9 < 10
    assert ids(matcher.advance(10 + 50)) == [("a", "b")]
    assert matcher.advance(10_000) == []


def test_a_later_event_of_the_rule_moves_the_frontier() -> None:
    matcher = Matcher([sequence("click", "cart", within=100, lateness_ms=50)])
    assert run(matcher, [ev("a", "click", 0), ev("b", "cart", 10)], flush=False) == []
    assert ids(matcher.process(ev("c", "click", 60))) == [("a", "b")]


def test_an_event_later_than_the_lateness_is_dropped() -> None:
    matcher = Matcher([sequence("click", "cart", within=100, lateness_ms=50)])
    events = [ev("b", "cart", 1100), ev("x", "click", 1200), ev("a", "click", 1060)]
    assert run(matcher, events) == []
    assert matcher.stats["late"] == 1


def test_duplicate_event_ids_are_ignored() -> None:
    matcher = Matcher([sequence("click", "cart", lateness_ms=0)])
    events = [ev("a", "click", 0), ev("a", "click", 0), ev("b", "cart", 5),
              ev("b", "cart", 5), ev("a", "click", 0)]
    assert ids(run(matcher, events)) == [("a", "b")]
    assert matcher.stats["duplicate"] + matcher.stats["late"] == 3


def test_cooldown_suppresses_the_next_match_of_the_same_group() -> None:
    rule = sequence("click", "cart", within=100, lateness_ms=0, cooldown_ms=1000,
                    group_by="item_id")
    matcher = Matcher([rule])
    events = [ev("a1", "click", 0, item="x"), ev("b1", "cart", 10, item="x"),
              ev("a2", "click", 20, item="x"), ev("a3", "click", 25, item="y"),
              ev("b2", "cart", 30, item="x"),  # muted
              ev("b3", "cart", 40, item="y"),  # a group of its own
              ev("a4", "click", 1005, item="x"), ev("b4", "cart", 1010, item="x")]
    assert ids(run(matcher, events)) == [("a1", "b1"), ("a3", "b3"), ("a4", "b4")]
    assert matcher.stats["suppressed"] == 1
