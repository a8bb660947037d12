"""The synthetic demo catalogue and its Redis loader."""

from __future__ import annotations

import redis

from operators.demo.catalogue import generate
from operators.demo.load import load

SMALL = {"n_items": 600, "n_categories": 30, "n_users": 120}


def test_same_seed_same_data_and_another_seed_differs() -> None:
    a, b, c = generate(**SMALL, seed=1), generate(**SMALL, seed=1), generate(**SMALL, seed=2)
    assert a.items == b.items and a.users == b.users and a.neighbours == b.neighbours
    assert a.items != c.items


def test_default_sizes_and_power_law_popularity() -> None:
    cat = generate()
    assert len(cat.items) >= 5000 and len({i.category for i in cat.items}) >= 30
    assert len(cat.users) >= 1000
    pops = sorted((i.popularity for i in cat.items), reverse=True)
    assert sum(pops[: len(pops) // 100]) > 0.2 * sum(pops)  # top 1% hold a large share
    assert all(cat.neighbours[i.item_id] for i in cat.items)
    new_users = [u for u in cat.users if u.days_since_signup < 7]
    assert new_users and any(len(u.history) > 20 for u in cat.users)


def test_histories_lean_to_the_favourite_category() -> None:
    cat = generate(**SMALL)
    category = {i.item_id: i.category for i in cat.items}
    hits = total = 0
    for user in cat.users:
        for item_id, _ in user.history:
            total += 1
            hits += category[item_id] == user.favourite_category
    assert hits / total > 0.4


def test_load_writes_the_documented_layout(redis_sync: redis.Redis) -> None:
    cat = generate(**SMALL)
    redis_sync.set("unrelated", "kept")
    counts = load(cat, redis_sync)
    assert counts["items"] == 600 and counts["users"] == 120
    item = cat.items[0]
    assert redis_sync.hget(f"item:{item.item_id}", "category") == item.category
    assert redis_sync.type("hot:all") == "zset" and redis_sync.zcard("hot:all") == 600
    assert redis_sync.zscore(f"hot:cat:{item.category}", item.item_id) == item.popularity
    assert redis_sync.type(f"i2i:{item.item_id}") == "zset"
    user = next(u for u in cat.users if u.history and u.seen)
    assert redis_sync.zcard(f"user:{user.user_id}:history") == len(user.history)
    assert redis_sync.smembers(f"user:{user.user_id}:seen") == set(user.seen)
    assert redis_sync.hget(f"user:{user.user_id}", "segment") == user.segment
    assert redis_sync.get("demo:now") == str(cat.now)
    load(cat, redis_sync)  # idempotent, and other keys survive
    assert redis_sync.zcard("hot:all") == 600 and redis_sync.get("unrelated") == "kept"
