"""Replayed event streams: the same events delivered out of order, duplicated and cut into
arbitrary batches give exactly the features of the events in order, once each — read
through every features.* operator."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from typing import Any

import pytest
import redis
import redis.asyncio as aioredis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from operators import Context, Dataset, default_registry
from operators.behaviour.event import Event
from operators.behaviour.store import FeatureStore, StoreConfig
from operators.behaviour.synthetic import synthetic_events
from operators.behaviour.windows import HOUR_MS, MINUTE_MS
from operators.library.features import ALL_TYPES

NOW = 472_222 * HOUR_MS + 30 * MINUTE_MS
# Small caps, so trimming the recent-items and timeline lists is part of what is replayed.
CONFIG = {"items_max": 4, "timeline_max": 12}
CANDIDATES = Dataset.from_rows([{"item_id": f"i{n}", "category": f"c{n % 8}"}
                                for n in range(12)])
FEATURES = [n for n in default_registry().names() if n.startswith("features.")]
# Every operator with its defaults, plus the variants that read what defaults do not.
READS: list[tuple[str, dict[str, Any]]] = [
    *[(name, {}) for name in FEATURES],
    *[("features.last_event_time", {"type": t}) for t in ALL_TYPES],
    *[("features.counts_by_type", {"window": w}) for w in ("1h", "7d")],
    *[("features.category_counts", {"window": w, "types": ALL_TYPES}) for w in ("1h", "1d")],
    ("features.category_affinity", {"window": "1h", "half_life_hours": 0}),
    ("features.item_interactions", {"types": ALL_TYPES, "days": 1}),
    ("features.is_new_unit", {"days": 1}),
    ("features.recent_items", {"types": ALL_TYPES}),
]


def snapshot(url: str, prefix: str, units: list[str]) -> dict[str, Any]:
    """Every read in READS for every unit."""
    async def main() -> dict[str, Any]:
        client = aioredis.Redis.from_url(url, decode_responses=True)
        out: dict[str, Any] = {}
        try:
            for unit in units:
                ctx = Context({"unit_id": unit, "now_ms": NOW}, resources={"redis": client})
                for name, params in READS:
                    op = default_registry().get(name)(prefix=prefix, **params)
                    ports = [CANDIDATES] if op.ports else []
                    value = await op.run(ctx, *ports)
                    out[f"{unit} {name} {params}"] = value.rows() \
                        if isinstance(value, Dataset) else value
        finally:
            await client.aclose()
        return out

    return asyncio.run(main())


def delivered(events: list[Event], rng: random.Random) -> Iterator[list[Event]]:
    """The stream as a flaky pipeline delivers it: shuffled, a third of the events twice,
    in batches of random sizes."""
    messy = events + rng.sample(events, len(events) // 3)
    rng.shuffle(messy)
    while messy:
        size = rng.randint(1, 50)
        yield messy[:size]
        messy = messy[size:]


def replay_equals_in_order(url: str, events: list[Event], seed: int) -> None:
    client = redis.Redis.from_url(url, decode_responses=True)
    client.flushdb()
    ordered = FeatureStore(client, StoreConfig(prefix="ordered:", **CONFIG))
    messy = FeatureStore(client, StoreConfig(prefix="messy:", **CONFIG))
    applied = ordered.apply(events, now=NOW)
    counted = 0
    for batch in delivered(events, random.Random(seed)):
        counted += messy.apply(batch, now=NOW).applied
    client.close()
    assert counted == applied.applied  # each event counted once, none lost
    units = sorted({e.unit_id for e in events})
    expected, got = snapshot(url, "ordered:", units), snapshot(url, "messy:", units)
    assert got.keys() == expected.keys() and len(got) == len(units) * len(READS)
    for key, value in expected.items():
        # Affinity shares are float sums added in another order: equal up to rounding.
        assert _close(got[key], value), (key, got[key], value)


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return bool(a == pytest.approx(b, rel=1e-9, abs=1e-12))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def test_a_long_messy_stream_gives_the_in_order_features(redis_url: str) -> None:
    events = synthetic_events(2000, NOW, units=5, items=30, seed=7)
    replay_equals_in_order(redis_url, events, seed=1)


@given(seed=st.integers(0, 10_000), n=st.integers(1, 120), units=st.integers(1, 3))
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_order_and_any_duplicates_give_the_same_features(redis_url: str, seed: int,
                                                             n: int, units: int) -> None:
    events = synthetic_events(n, NOW, units=units, items=12, seed=seed)
    replay_equals_in_order(redis_url, events, seed)
