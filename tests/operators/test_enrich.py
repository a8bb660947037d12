"""datasource.redis_enrich against a real Redis."""

from __future__ import annotations

import asyncio
from typing import Any

import redis
import redis.asyncio as aioredis

from operators import Context, Dataset, default_registry

Enrich = default_registry().get("datasource.redis_enrich")


def enrich(url: str, rows: list[dict[str, Any]], **params: Any) -> list[dict[str, Any]]:
    async def main() -> list[dict[str, Any]]:
        client = aioredis.Redis.from_url(url, decode_responses=True)
        try:
            out = await Enrich(**params).run(Context({}, resources={"redis": client}),
                                             Dataset.from_rows(rows))
            return out.rows()
        finally:
            await client.aclose()

    return asyncio.run(main())


def test_adds_hash_fields_with_numbers(redis_url: str, redis_sync: redis.Redis) -> None:
    redis_sync.hset("item:a", mapping={"category": "shoes", "popularity": "12",
                                       "quality": "0.5"})
    rows = enrich(redis_url, [{"item_id": "a", "score": 1}, {"item_id": "zz"}, {"no": 1}],
                  numeric=["popularity", "quality"])
    assert rows == [
        {"category": "shoes", "popularity": 12, "quality": 0.5, "item_id": "a", "score": 1},
        {"item_id": "zz"},
        {"no": 1},
    ]


def test_selected_fields_drop_missing_and_overwrite(
    redis_url: str, redis_sync: redis.Redis
) -> None:
    redis_sync.hset("item:a", mapping={"category": "shoes", "score": "9"})
    rows = enrich(redis_url, [{"item_id": "a", "score": 1}, {"item_id": "b"}],
                  fields=["score", "nope"], numeric=["score"], drop_missing=True,
                  overwrite=True)
    assert rows == [{"item_id": "a", "score": 9}]


def test_empty_input_makes_no_redis_call() -> None:
    assert enrich("redis://127.0.0.1:1/0", []) == []


def test_bad_params() -> None:
    assert Enrich.check_params({"key": "item:{item_id"})[1][0].code == "param_type"
    assert Enrich.check_params({"fields": "x"})[1][0].code == "param_type"
