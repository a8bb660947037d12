"""Load a synthetic catalogue into Redis with the layout of keys.py."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import redis

from operators.demo import keys
from operators.demo.catalogue import Catalogue

DEMO_PREFIXES = ("item:", "hot:", "fresh:", "i2i:", "user:", "pool:", "blocklist:", "demo:")
CHUNK = 2000


def clear(client: redis.Redis) -> int:
    """Remove the demo keys (and only those)."""
    removed = 0
    for prefix in DEMO_PREFIXES:
        batch: list[Any] = []
        for key in client.scan_iter(match=f"{prefix}*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                removed += int(client.unlink(*batch))
                batch = []
        if batch:
            removed += int(client.unlink(*batch))
    return removed


def load(catalogue: Catalogue, client: redis.Redis) -> dict[str, int]:
    """Replace the demo keys with this catalogue; returns counts of what was written."""
    clear(client)
    pipe = client.pipeline(transaction=False)
    pending = 0

    def flush(force: bool = False) -> None:
        nonlocal pending
        if pending >= CHUNK or (force and pending):
            pipe.execute()
            pending = 0

    for item in catalogue.items:
        pipe.hset(keys.ITEM.format(item_id=item.item_id), mapping=_strings(asdict(item)))
        pipe.zadd(keys.HOT_ALL, {item.item_id: item.popularity})
        pipe.zadd(keys.HOT_CATEGORY.format(category=item.category),
                  {item.item_id: item.popularity})
        pipe.zadd(keys.FRESH_ALL, {item.item_id: item.created_at})
        pending += 4
        flush()
    for item_id, neighbours in catalogue.neighbours.items():
        if neighbours:
            pipe.zadd(keys.I2I.format(item_id=item_id), dict(neighbours))
            pending += 1
            flush()
    for user in catalogue.users:
        pipe.hset(keys.USER.format(user_id=user.user_id), mapping={
            "user_id": user.user_id, "days_since_signup": user.days_since_signup,
            "favourite_category": user.favourite_category, "segment": user.segment})
        if user.history:
            pipe.zadd(keys.USER_HISTORY.format(user_id=user.user_id), dict(user.history))
        if user.seen:
            pipe.sadd(keys.USER_SEEN.format(user_id=user.user_id), *user.seen)
        pending += 3
        flush()
    pipe.sadd(keys.POOL.format(pool="approved"), *sorted(catalogue.pool_approved))
    pipe.sadd(keys.BLOCKLIST, *sorted(catalogue.blocklist))
    pipe.set("demo:now", catalogue.now)
    pending += 3
    flush(force=True)
    return {
        "items": len(catalogue.items),
        "categories": len(catalogue.categories),
        "users": len(catalogue.users),
        "neighbour_lists": sum(1 for n in catalogue.neighbours.values() if n),
    }


def _strings(values: dict[str, Any]) -> dict[Any, Any]:
    return {k: str(v) for k, v in values.items()}
