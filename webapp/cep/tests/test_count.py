"""Count: at least N matching events in a window of W ending at an event; once per burst."""

from __future__ import annotations

from operators.behaviour.event import Event
from webapp.cep import Matcher
from webapp.cep.tests.streams import count, ev, ids, run


def clicks(*times: int, item: str | None = None) -> list[Event]:
    return [ev(f"c{t}", "click", t, item=item) for t in times]


def test_n_events_within_the_window_fire_with_the_last_n() -> None:
    matcher = Matcher([count("click", 3, window=100, lateness_ms=0)])
    assert run(matcher, clicks(0, 50), flush=False) == []
    [match] = matcher.process(ev("c99", "click", 99))
    assert match.event_ids == ("c0", "c50", "c99") and match.match_ts == 99
    assert match.kind == "count"


def test_the_window_excludes_an_event_exactly_w_before() -> None:
    matcher = Matcher([count("click", 3, window=100, lateness_ms=0)])
    assert run(matcher, clicks(0, 50, 100)) == []  # (0, 100] holds two


def test_a_sustained_burst_fires_once_and_re_arms_below_the_threshold() -> None:
    matcher = Matcher([count("click", 3, window=100, lateness_ms=0)])
    burst = clicks(0, 10, 20, 30, 40, 50, 60)  # every window has >= 3 from the third on
    assert ids(run(matcher, burst, flush=False)) == [("c0", "c10", "c20")]
    # 200: (100, 200] holds one click, under the threshold: armed again.
    assert ids(run(matcher, clicks(200, 210, 220))) == [("c200", "c210", "c220")]


def test_re_arms_after_a_quiet_window_even_with_n_1() -> None:
    matcher = Matcher([count("click", 1, window=100, lateness_ms=0)])
    assert ids(run(matcher, clicks(0, 50, 99, 199, 300))) == [("c0",), ("c199",), ("c300",)]


def test_counts_only_events_the_predicate_accepts() -> None:
    rule = count("play", 2, window=100, where="event.attributes.seconds >= 30",
                 lateness_ms=0)
    matcher = Matcher([rule])
    events = [ev("p1", "play", 0, seconds=40), ev("p2", "play", 10, seconds=3),
              ev("p3", "play", 20, seconds=31), ev("k", "click", 30)]
    assert ids(run(matcher, events)) == [("p1", "p3")]


def test_group_by_counts_per_item() -> None:
    matcher = Matcher([count("click", 2, window=100, group_by="item_id", lateness_ms=0)])
    events = [ev("x1", "click", 0, item="x"), ev("y1", "click", 10, item="y"),
              ev("x2", "click", 20, item="x"), ev("z1", "click", 30, item="z")]
    [match] = run(matcher, events)
    assert match.event_ids == ("x1", "x2") and match.key == "x"


def test_out_of_order_within_lateness_counts_by_event_time() -> None:
    matcher = Matcher([count("click", 3, window=100, lateness_ms=60)])
    events = [ev("c50", "click", 50), ev("c0", "click", 0), ev("c99", "click", 99)]
    assert ids(run(matcher, events)) == [("c0", "c50", "c99")]


def test_duplicates_do_not_count_twice() -> None:
    matcher = Matcher([count("click", 3, window=100, lateness_ms=0)])
    events = [ev("a", "click", 0), ev("a", "click", 0), ev("b", "click", 10),
              ev("b", "click", 10)]
    assert run(matcher, events) == []
    assert matcher.stats["duplicate"] == 2
