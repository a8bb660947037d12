"""The feature store's write side (operators/behaviour/store.py) against a real Redis, and
its pure parts: windows and sessions."""

from __future__ import annotations

from typing import Any

import pytest
import redis

from operators.behaviour.event import Event
from operators.behaviour.keys import UnitKeys
from operators.behaviour.session import TimelineEvent, current_session
from operators.behaviour.store import FeatureStore, StoreConfig
from operators.behaviour.windows import DAY_MS, HOUR_MS, MINUTE_MS, parse, span, total

HOUR = 472_222  # an hour bucket; NOW is half past it
NOW = HOUR * HOUR_MS + 30 * MINUTE_MS
KEYS = UnitKeys("u1")


def ev(id_: str, type_: str = "click", ts: int = NOW - MINUTE_MS, item: str | None = "i1",
       category: str | None = "shoes", unit: str = "u1") -> Event:
    return Event(id=id_, unit_id=unit, type=type_, item_id=item, ts=ts,
                 attributes={"category": category} if category else {})


@pytest.fixture
def store(redis_sync: redis.Redis) -> FeatureStore:
    return FeatureStore(redis_sync)


def hour_counts(client: redis.Redis, type_: str = "click") -> dict[str, str]:
    return {k: v for k, v in client.hgetall(KEYS.hours(type_)).items() if k != "~"}


def test_an_event_is_counted_once_however_often_it_is_delivered(
        store: FeatureStore, redis_sync: redis.Redis) -> None:
    first = store.apply([ev("e1"), ev("e2", "order")], now=NOW)
    again = store.apply([ev("e1"), ev("e1"), ev("e3")], now=NOW)  # a redelivered batch
    assert (first.applied, first.duplicates) == (2, 0)
    assert (again.applied, again.duplicates) == (1, 2)
    assert hour_counts(redis_sync) == {str(HOUR): "2", f"{HOUR}|shoes": "2"}
    assert redis_sync.hget(KEYS.last, "order") == str(NOW - MINUTE_MS)


def test_same_event_id_in_two_units_counts_in_each(store: FeatureStore) -> None:
    result = store.apply([ev("e1", unit="a"), ev("e1", unit="b")], now=NOW)
    assert result.applied == 2


def test_events_land_in_the_bucket_of_their_own_time(store: FeatureStore,
                                                     redis_sync: redis.Redis) -> None:
    late = ev("late", ts=NOW - 5 * HOUR_MS, category=None)  # arrives after newer ones
    store.apply([ev("new1"), ev("new2")], now=NOW)
    store.apply([late], now=NOW)
    assert hour_counts(redis_sync) == {str(HOUR): "2", f"{HOUR}|shoes": "2",
                                       str(HOUR - 5): "1"}
    # the minute buckets (1 h window) only get events of the last hour
    minutes = redis_sync.hgetall(KEYS.minutes("click"))
    assert {k: v for k, v in minutes.items() if k != "~"} == {
        str((NOW - MINUTE_MS) // MINUTE_MS): "2",
        f"{(NOW - MINUTE_MS) // MINUTE_MS}|shoes": "2"}
    # latest time per type is the max, first seen the min, whatever the arrival order
    assert redis_sync.hget(KEYS.last, "click") == str(NOW - MINUTE_MS)
    assert redis_sync.hget(KEYS.last, "first") == str(NOW - 5 * HOUR_MS)


def test_too_old_and_future_events_are_ignored(store: FeatureStore,
                                               redis_sync: redis.Redis) -> None:
    result = store.apply([ev("old", ts=NOW - 7 * DAY_MS), ev("future", ts=NOW + HOUR_MS),
                          ev("skew", ts=NOW + MINUTE_MS)], now=NOW)
    assert (result.applied, result.ignored) == (1, 2)  # 1 minute ahead is tolerated
    assert redis_sync.zrange(KEYS.ids, 0, -1) == ["skew"]


def test_every_key_expires_and_stale_buckets_are_pruned(store: FeatureStore,
                                                        redis_sync: redis.Redis) -> None:
    store.apply([ev("e1")], now=NOW)
    keys = redis_sync.keys("beh:*")
    assert len(keys) == 7 and all(redis_sync.ttl(k) > 0 for k in keys)
    assert redis_sync.ttl(KEYS.last) > 80 * 86_400 > redis_sync.ttl(KEYS.hours("click"))
    # a week later: the old hour buckets go, the new event's stay; old ids are trimmed
    later = NOW + 7 * DAY_MS + HOUR_MS
    store.apply([ev("e2", ts=later - MINUTE_MS, category=None)], now=later)
    assert hour_counts(redis_sync) == {str((later - MINUTE_MS) // HOUR_MS): "1"}
    assert redis_sync.zrange(KEYS.ids, 0, -1) == ["e2"]


def test_recent_lists_are_capped(redis_sync: redis.Redis) -> None:
    store = FeatureStore(redis_sync, StoreConfig(items_max=3, timeline_max=4))
    store.apply([ev(f"e{i}", item=f"i{i}", ts=NOW - i * MINUTE_MS) for i in range(10)],
                now=NOW)
    assert redis_sync.zrevrange(KEYS.items("click"), 0, -1) == ["i0", "i1", "i2"]
    assert redis_sync.zcard(KEYS.timeline) == 4


def test_prefix_is_configurable_and_nothing_to_apply_is_fine(redis_sync: redis.Redis) -> None:
    store = FeatureStore(redis_sync, StoreConfig(prefix="other:"))
    assert store.apply([], now=NOW).applied == 0
    store.apply([ev("e1")], now=NOW)
    assert redis_sync.keys("beh:*") == [] and redis_sync.exists(UnitKeys("u1", "other:").ids)


def test_windows_are_aligned_to_buckets() -> None:
    assert span("1h", NOW) == span("1h", NOW + 59_999)  # same minute, same window
    one_hour, one_day, week = span("1h", NOW), span("1d", NOW), span("7d", NOW)
    assert one_hour.granularity == "m" and one_hour.last - one_hour.first == 59
    assert (one_day.first, one_day.last) == (HOUR - 23, HOUR)
    assert (week.first, week.last) == (HOUR - 167, HOUR)
    with pytest.raises(ValueError, match="unknown window '2h'"):
        span("2h", NOW)
    buckets = parse({str(HOUR): "3", f"{HOUR}|a|b": "2", str(HOUR - 24): "5", "~": "1"})
    assert total(buckets, one_day) == 3 and total(buckets, week) == 8
    assert total(buckets, one_day, "a|b") == 2  # a category may hold the separator


def tl(*stamps_minutes: float, item: Any = "i") -> list[TimelineEvent]:
    return [TimelineEvent(int(NOW - m * MINUTE_MS), "click", f"{item}{n % 2}", None, str(n))
            for n, m in enumerate(stamps_minutes)]


def test_sessions_are_split_by_gaps_longer_than_30_minutes() -> None:
    # events 100, 80, 45 (gap 35: split), 20, 5 minutes ago -> session of the last three?
    found = current_session(tl(100, 80, 45, 20, 5), NOW)
    assert found is not None and found.events == 3
    assert found.start_ms == NOW - 45 * MINUTE_MS and found.last_ms == NOW - 5 * MINUTE_MS
    assert found.duration_s == 40 * 60 and found.length_s(NOW) == 45 * 60
    assert found.distinct_items == 2 and found.by_type == {"click": 3}
    # a gap of exactly 30 minutes does not split; the order of the timeline does not matter
    bridged = current_session(list(reversed(tl(60, 30, 0))), NOW)
    assert bridged is not None and bridged.events == 3
    # the last event over 30 minutes ago: no current session; future events are left out
    assert current_session(tl(31, 40), NOW) is None
    assert current_session(tl(-10), NOW) is None and current_session([], NOW) is None
