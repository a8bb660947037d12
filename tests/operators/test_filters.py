"""Filter operators against a real Redis."""

from __future__ import annotations

from typing import Any

import pytest
import redis

from operators import Dataset, default_registry

REG = default_registry()


def op(name: str, **params: Any) -> Any:
    return REG.get(name)(**params)


def items(*ids: str, **extra: Any) -> Dataset:
    return Dataset.from_rows([{"item_id": i, **extra} for i in ids])


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["item_id"] for r in rows]


def test_seen_from_redis_and_context(run_op: Any, redis_sync: redis.Redis) -> None:
    redis_sync.sadd("user:u1:seen", "b", "d")
    ctx = {"user": {"id": "u1"}, "session": {"seen": ["a"]}}
    rows = run_op(op("filter.seen", context_path="session.seen"), ctx, items("a", "b", "c", "d"))
    assert ids(rows) == ["c"]
    only_ctx = op("filter.seen", set_key=None, context_path="session.seen")
    assert ids(run_op(only_ctx, ctx, items("a", "b"))) == ["b"]
    assert run_op(op("filter.seen"), ctx, Dataset.empty()) == []
    assert ids(run_op(op("filter.seen"), {"user": {"id": "nobody"}}, items("b"))) == ["b"]


def test_blocklist_by_set_ids_and_field(run_op: Any, redis_sync: redis.Redis) -> None:
    redis_sync.sadd("blocklist:items", "x")
    ds = Dataset.from_rows([{"item_id": "x", "author": "ann"}, {"item_id": "y", "author": "bob"},
                            {"item_id": "z", "author": "cat"}, {"author": "dan"}])
    rows = run_op(op("filter.blocklist", item_ids=["z"], field="author", values=["bob"]), {}, ds)
    assert rows == [{"author": "dan"}]


def test_content_pool_keeps_members_only(run_op: Any, redis_sync: redis.Redis) -> None:
    redis_sync.sadd("pool:approved", "a", "c")
    assert ids(run_op(op("filter.content_pool"), {}, items("a", "b", "c"))) == ["a", "c"]
    assert run_op(op("filter.content_pool", pool="kids"), {}, items("a")) == []
    assert run_op(op("filter.content_pool"), {}, Dataset.empty()) == []


def test_freshness_uses_request_time(run_op: Any) -> None:
    now = 1_000_000
    ds = Dataset.from_rows([{"item_id": "new", "created_at": now - 3600},
                            {"item_id": "old", "created_at": now - 3 * 86_400},
                            {"item_id": "none"}, {"item_id": "bad", "created_at": "x"}])
    kept = run_op(op("filter.freshness", max_age_hours=24), {"now": now}, ds)
    assert ids(kept) == ["new", "none", "bad"]
    strict = run_op(op("filter.freshness", max_age_hours=24, keep_missing=False), {"now": now}, ds)
    assert ids(strict) == ["new"]


@pytest.mark.parametrize(
    ("name", "params", "code"),
    [
        ("filter.seen", {"set_key": "user:{user.id:seen"}, "param_type"),
        ("filter.blocklist", {"item_ids": "x"}, "param_type"),
        ("filter.content_pool", {"pool": ""}, "param_out_of_range"),
        ("filter.freshness", {"max_age_hours": -1}, "param_out_of_range"),
    ],
)
def test_bad_params(name: str, params: dict[str, Any], code: str) -> None:
    assert REG.get(name).check_params(params)[1][0].code == code
