"""features.* recency and session operators against a real Redis."""

from __future__ import annotations

from typing import Any

import pytest
import redis

from operators import OperatorParamsError, default_registry
from operators.behaviour.event import Event
from operators.behaviour.store import FeatureStore
from operators.behaviour.windows import DAY_MS, HOUR_MS, MINUTE_MS

REG = default_registry()
NOW = 472_222 * HOUR_MS + 30 * MINUTE_MS
CTX = {"unit_id": "u1", "now_ms": NOW}
NOBODY = {"unit_id": "new", "now_ms": NOW}


def op(name: str, **params: Any) -> Any:
    return REG.get(name)(**params)


def ev(id_: str, type_: str, ago_min: float, item: str | None = "i1") -> Event:
    return Event(id=id_, unit_id="u1", type=type_, item_id=item,
                 ts=NOW - int(ago_min * MINUTE_MS))


@pytest.fixture
def history(redis_sync: redis.Redis) -> None:
    """u1 first seen 3 days ago; an earlier session ended 2 h ago; the current one started
    25 minutes ago: click a, expose b, click b, cart a (the last 2 minutes ago)."""
    FeatureStore(redis_sync).apply([
        ev("old", "order", 3 * 24 * 60, "z"),
        ev("s1", "click", 150, "y"), ev("s2", "click", 120, "x"),
        ev("a1", "click", 25, "a"), ev("a2", "expose", 20, "b"), ev("a3", "click", 10, "b"),
        ev("a4", "cart", 2, "a"), ev("a5", "play", 2, None),
    ], now=NOW)


def test_last_event_time_and_seconds_since(run_op: Any, history: None) -> None:
    assert run_op(op("features.last_event_time"), CTX) == NOW - 2 * MINUTE_MS
    assert run_op(op("features.last_event_time", type="order"), CTX) == NOW - 3 * DAY_MS
    assert run_op(op("features.last_event_time", type="fav"), CTX) == 0
    assert run_op(op("features.seconds_since_last", type="click"), CTX) == 600
    assert run_op(op("features.seconds_since_last"), NOBODY) == -1.0
    assert run_op(op("features.seconds_since_last", default=1e9), NOBODY) == 1e9
    early = {**CTX, "now_ms": NOW - 5 * MINUTE_MS}  # the latest event is "in the future"
    assert run_op(op("features.seconds_since_last"), early) == 0


def test_is_new_unit(run_op: Any, history: None) -> None:
    assert run_op(op("features.is_new_unit"), CTX) is True  # first seen 3 days ago < 7
    assert run_op(op("features.is_new_unit", days=2), CTX) is False
    assert run_op(op("features.is_new_unit", days=2), NOBODY) is True


def test_recent_items(run_op: Any, history: None) -> None:
    rows = run_op(op("features.recent_items"), CTX)
    # newest first; b's latest interaction is the click (its exposure is not counted)
    assert [(r["item_id"], r["type"]) for r in rows] == [
        ("a", "cart"), ("b", "click"), ("x", "click"), ("y", "click"), ("z", "order")]
    assert rows[0] == {"item_id": "a", "ts": NOW - 2 * MINUTE_MS, "type": "cart",
                       "source": "recent"}
    exposed = run_op(op("features.recent_items", types=["expose"], tag="seen", limit=5), CTX)
    assert exposed == [{"item_id": "b", "ts": NOW - 20 * MINUTE_MS, "type": "expose",
                        "source": "seen"}]
    assert len(run_op(op("features.recent_items", limit=2), CTX)) == 2
    assert run_op(op("features.recent_items"), NOBODY) == []


def test_session_features(run_op: Any, history: None) -> None:
    session = run_op(op("features.session"), CTX)
    assert session == {"active": True, "start_ms": NOW - 25 * MINUTE_MS,
                       "last_ms": NOW - 2 * MINUTE_MS, "events": 5,
                       "duration_s": 23 * 60.0, "length_s": 25 * 60.0,
                       "distinct_items": 2,
                       "by_type": {"click": 2, "expose": 1, "cart": 1, "play": 1}}
    assert run_op(op("features.session_event_count"), CTX) == 5
    assert run_op(op("features.session_duration"), CTX) == 23 * 60
    assert run_op(op("features.session_length"), CTX) == 25 * 60
    assert run_op(op("features.session_distinct_items"), CTX) == 2
    # with a 100-minute gap the earlier visit (2 h ago) joins the session
    assert run_op(op("features.session_event_count", gap_minutes=100), CTX) == 7


def test_no_current_session(run_op: Any, history: None) -> None:
    idle = {**CTX, "now_ms": NOW + 40 * MINUTE_MS}  # 42 minutes after the last event
    assert run_op(op("features.session"), idle)["active"] is False
    for name in ("features.session_event_count", "features.session_duration",
                 "features.session_length", "features.session_distinct_items"):
        assert run_op(op(name), idle) == 0, name
        assert run_op(op(name), NOBODY) == 0, name


@pytest.mark.parametrize(("name", "params"), [
    ("features.last_event_time", {"type": "visit"}),
    ("features.is_new_unit", {"days": 0}),
    ("features.is_new_unit", {"days": 365}),
    ("features.recent_items", {"limit": 500}),
    ("features.recent_items", {"tag": ""}),
    ("features.session_length", {"gap_minutes": 0}),
    ("features.session", {"unit_path": ""}),
])
def test_bad_params_are_refused(name: str, params: dict[str, Any]) -> None:
    with pytest.raises(OperatorParamsError):
        op(name, **params)
