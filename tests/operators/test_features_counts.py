"""features.* counts, categories and rates against a real Redis fed by the feature store."""

from __future__ import annotations

from typing import Any

import pytest
import redis

from operators import OperatorParamsError, default_registry
from operators.behaviour.event import Event
from operators.behaviour.store import FeatureStore
from operators.behaviour.windows import DAY_MS, HOUR_MS, MINUTE_MS
from operators.library.features import ALL_TYPES, FeatureError

REG = default_registry()
NOW = 472_222 * HOUR_MS + 30 * MINUTE_MS
CTX = {"unit_id": "u1", "now_ms": NOW}


def op(name: str, **params: Any) -> Any:
    return REG.get(name)(**params)


def ev(id_: str, type_: str, ago_ms: int, category: str | None = None,
       item: str = "i1", unit: str = "u1") -> Event:
    return Event(id=id_, unit_id=unit, type=type_, item_id=item, ts=NOW - ago_ms,
                 attributes={"category": category} if category else {})


@pytest.fixture
def history(redis_sync: redis.Redis) -> None:
    """u1: clicks 1 min, 2 h and 3 days ago; an order 2 days ago; 4 exposures this hour.
    Another unit's events must never show."""
    FeatureStore(redis_sync).apply([
        ev("c1", "click", MINUTE_MS, "shoes"),
        ev("c2", "click", 2 * HOUR_MS, "hats"),
        ev("c3", "click", 3 * DAY_MS, "shoes"),
        ev("o1", "order", 2 * DAY_MS, "shoes"),
        *[ev(f"x{i}", "expose", i * MINUTE_MS, "hats") for i in range(4)],
        ev("z1", "click", MINUTE_MS, "shoes", unit="u2"),
    ], now=NOW)


def test_event_types_match_the_event_model() -> None:
    from operators.behaviour.event import EventType

    assert ALL_TYPES == [t.value for t in EventType]


def test_count_in_window(run_op: Any, history: None) -> None:
    counts = {w: run_op(op("features.count_in_window", window=w), CTX)
              for w in ("1h", "1d", "7d")}
    assert counts == {"1h": 1, "1d": 2, "7d": 3}
    shoes = op("features.count_in_window", window="7d", category_id="shoes")
    assert run_op(shoes, CTX) == 2
    by_path = op("features.count_in_window", window="7d", category_path="page.category")
    assert run_op(by_path, {**CTX, "page": {"category": "hats"}}) == 1
    assert run_op(by_path, CTX) == 3  # no category in the context: every click
    assert run_op(op("features.count_in_window"), {**CTX, "unit_id": "nobody"}) == 0


def test_windows_follow_the_request_time(run_op: Any, history: None) -> None:
    later = {**CTX, "now_ms": NOW + 2 * HOUR_MS}  # two hours on, the 1 h window is empty
    assert run_op(op("features.count_in_window", window="1h"), later) == 0
    assert run_op(op("features.count_in_window", window="1d"), later) == 2


def test_counts_by_type_and_activity(run_op: Any, history: None) -> None:
    assert run_op(op("features.counts_by_type", window="1h"), CTX) == {
        "click": 1, "fav": 0, "cart": 0, "order": 0, "play": 0, "expose": 4}
    assert run_op(op("features.counts_by_type", window="7d", types=["order"]), CTX) == {
        "order": 1}
    activity = run_op(op("features.activity", types=["click", "order"]), CTX)
    assert activity == {"click": {"1h": 1, "1d": 2, "7d": 3},
                        "order": {"1h": 0, "1d": 0, "7d": 1}}


def test_has_event(run_op: Any, history: None) -> None:
    assert run_op(op("features.has_event"), CTX) is True  # an order within 7 days
    assert run_op(op("features.has_event", window="1d"), CTX) is False
    assert run_op(op("features.has_event", type="expose", window="1h", min_count=5),
                  CTX) is False


def test_category_counts(run_op: Any, history: None) -> None:
    assert run_op(op("features.category_counts"), CTX) == {"shoes": 3, "hats": 1}
    assert run_op(op("features.category_counts", types=["expose"], window="1h"),
                  CTX) == {"hats": 4}
    assert run_op(op("features.category_counts", limit=1), CTX) == {"shoes": 3}
    assert run_op(op("features.category_counts"), {**CTX, "unit_id": "new"}) == {}


def test_category_affinity_weights_and_decay(run_op: Any, history: None) -> None:
    flat = run_op(op("features.category_affinity", half_life_hours=0), CTX)
    # shoes: 2 clicks × 1 + 1 order × 5 = 7; hats: 1 click = 1; exposures weigh 0
    assert flat == pytest.approx({"shoes": 7 / 8, "hats": 1 / 8})
    decayed = run_op(op("features.category_affinity", half_life_hours=24), CTX)
    # shoes: 1 + 0.5**3 (3 days) + 5 × 0.5**2 (2 days); hats: 0.5**(2/24)
    shoes, hats = 1 + 0.125 + 1.25, 0.5 ** (2 / 24)
    assert decayed == pytest.approx({"shoes": shoes / (shoes + hats),
                                     "hats": hats / (shoes + hats)})
    clicks_only = run_op(op("features.category_affinity", weights={"click": 1},
                            half_life_hours=0, limit=1), CTX)
    assert clicks_only == pytest.approx({"shoes": 2 / 3})
    assert run_op(op("features.category_affinity"), {**CTX, "unit_id": "new"}) == {}


def test_top_categories(run_op: Any, history: None) -> None:
    rows = run_op(op("features.top_categories", half_life_hours=0, n=5), CTX)
    assert [r["category"] for r in rows] == ["shoes", "hats"]
    assert rows[0]["score"] == 7 and rows[0]["share"] == pytest.approx(7 / 8)
    assert len(run_op(op("features.top_categories", n=1), CTX)) == 1


def test_rates(run_op: Any, history: None) -> None:
    assert run_op(op("features.conversion_rate"), CTX) == pytest.approx(1 / 3)
    assert run_op(op("features.conversion_rate", window="1d"), CTX) == 0.0  # 0 / 2
    assert run_op(op("features.click_through_rate", window="1h"), CTX) == pytest.approx(1 / 4)
    # smoothing: (1 + 0.1 × 10) / (4 + 10)
    assert run_op(op("features.click_through_rate", window="1h", prior=0.1,
                     prior_weight=10), CTX) == pytest.approx(2 / 14)
    nobody = {**CTX, "unit_id": "new"}
    assert run_op(op("features.click_through_rate", default=0.05), nobody) == 0.05
    assert run_op(op("features.click_through_rate", prior=0.05, prior_weight=2),
                  nobody) == pytest.approx(0.05)
    assert run_op(op("features.conversion_rate", numerator="fav", denominator="fav"),
                  CTX) == 0.0


def test_missing_unit_or_bad_time_fails_clearly(run_op: Any, history: None) -> None:
    with pytest.raises(FeatureError, match="no unit id at context path 'user.id'"):
        run_op(op("features.count_in_window", unit_path="user.id"), CTX)
    with pytest.raises(FeatureError, match="epoch milliseconds"):
        run_op(op("features.counts_by_type"), {**CTX, "now_ms": "yesterday"})
    assert run_op(op("features.count_in_window", unit_path="user.id", window="7d"),
                  {"user": {"id": "u1"}, "now_ms": NOW}) == 3


def test_a_different_prefix_reads_another_store(run_op: Any, history: None) -> None:
    assert run_op(op("features.count_in_window", window="7d", prefix="other:"), CTX) == 0


@pytest.mark.parametrize(("name", "params", "code"), [
    ("features.count_in_window", {"type": "buy"}, "param_out_of_range"),
    ("features.count_in_window", {"window": "2h"}, "param_out_of_range"),
    ("features.count_in_window", {"windw": "1h"}, "unknown_param"),
    ("features.counts_by_type", {"types": []}, "param_out_of_range"),
    ("features.has_event", {"min_count": 0}, "param_out_of_range"),
    ("features.category_counts", {"limit": 0}, "param_out_of_range"),
    ("features.category_affinity", {"weights": {"click": -1}}, "param_conflict"),
    ("features.category_affinity", {"weights": {"buy": 1}}, "param_out_of_range"),
    ("features.top_categories", {"weights": {"expose": 0}}, "param_conflict"),
    ("features.top_categories", {"half_life_hours": -1}, "param_out_of_range"),
    ("features.conversion_rate", {"prior": 2}, "param_out_of_range"),
    ("features.click_through_rate", {"prior_weight": "10"}, "param_type"),
    ("features.activity", {"prefix": ""}, "param_out_of_range"),
])
def test_bad_params_are_refused_in_plain_words(name: str, params: dict[str, Any],
                                               code: str) -> None:
    with pytest.raises(OperatorParamsError) as info:
        op(name, **params)
    assert info.value.errors[0].code == code, info.value.errors
