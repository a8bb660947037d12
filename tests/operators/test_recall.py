"""Recall operators against a real Redis."""

from __future__ import annotations

from typing import Any

import pytest
import redis

from operators import Dataset, default_registry
from operators.templates import TemplateError

REG = default_registry()


def op(name: str, **params: Any) -> Any:
    return REG.get(name)(**params)


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["item_id"] for r in rows]


def test_hot_items_overall_and_by_category(run_op: Any, redis_sync: redis.Redis) -> None:
    redis_sync.zadd("hot:all", {"a": 3, "b": 9, "c": 5})
    redis_sync.zadd("hot:cat:shoes", {"s1": 1, "s2": 2})
    rows = run_op(op("recall.hot_items", limit=2))
    assert rows == [{"item_id": "b", "score": 9.0, "source": "hot"},
                    {"item_id": "c", "score": 5.0, "source": "hot"}]
    assert ids(run_op(op("recall.hot_items", category_id="shoes"))) == ["s2", "s1"]
    by_ctx = op("recall.hot_items", category_path="user.fav", tag="onboarding")
    rows = run_op(by_ctx, {"user": {"fav": "shoes"}})
    assert ids(rows) == ["s2", "s1"] and rows[0]["source"] == "onboarding"
    assert ids(run_op(by_ctx, {"user": {}})) == ["b", "c", "a"]  # no category: overall


def test_hot_items_missing_key_is_empty(run_op: Any) -> None:
    assert run_op(op("recall.hot_items")) == []


def test_item_cf_combines_neighbours_of_recent_items(run_op: Any,
                                                      redis_sync: redis.Redis) -> None:
    redis_sync.zadd("user:u1:history", {"old": 1, "s1": 10, "s2": 20})
    redis_sync.zadd("i2i:s1", {"x": 0.5, "y": 0.2, "s2": 0.9})
    redis_sync.zadd("i2i:s2", {"x": 0.1, "z": 0.4})
    redis_sync.zadd("i2i:old", {"never": 1.0})
    summed = run_op(op("recall.item_cf", seeds=2), {"user": {"id": "u1"}})
    assert ids(summed) == ["x", "z", "y"]  # x = 0.5 + 0.1; seeds left out
    assert summed[0]["score"] == pytest.approx(0.6) and summed[0]["source"] == "cf"
    maxed = run_op(op("recall.item_cf", seeds=2, combine="max", limit=1), {"user": {"id": "u1"}})
    assert maxed == [{"item_id": "x", "score": 0.5, "source": "cf"}]


def test_item_cf_seeds_from_a_port_and_edge_cases(run_op: Any,
                                                  redis_sync: redis.Redis) -> None:
    redis_sync.zadd("i2i:p", {"q": 0.3})
    seeds = Dataset.from_rows([{"item_id": "p"}, {"other": 1}])
    assert ids(run_op(op("recall.item_cf"), {}, seeds)) == ["q"]
    assert run_op(op("recall.item_cf"), {"user": {"id": "nobody"}}) == []
    with pytest.raises(TemplateError, match="user.id"):
        run_op(op("recall.item_cf"), {})


def test_user_history_reads_popular_items_of_recent_categories(
    run_op: Any, redis_sync: redis.Redis
) -> None:
    redis_sync.zadd("user:u1:history", {"h1": 1, "h2": 2, "h3": 3})
    redis_sync.hset("item:h1", "category", "books")
    redis_sync.hset("item:h2", "category", "books")
    redis_sync.hset("item:h3", "category", "games")
    redis_sync.zadd("hot:cat:books", {"b1": 100, "h1": 500})
    redis_sync.zadd("hot:cat:games", {"g1": 120})
    rows = run_op(op("recall.user_history"), {"user": {"id": "u1"}})
    assert ids(rows) == ["b1", "g1"]  # b1: 100 × 2/3 > g1: 120 × 1/3; h1 already seen
    assert rows[0]["source"] == "history"
    assert ids(run_op(op("recall.user_history", max_categories=1),
                      {"user": {"id": "u1"}})) == ["b1"]
    assert run_op(op("recall.user_history"), {"user": {"id": "new"}}) == []


def test_fresh_items_within_the_window(run_op: Any, redis_sync: redis.Redis) -> None:
    now = 1_000_000
    redis_sync.zadd("fresh:all", {"new": now - 60, "day": now - 86_000, "old": now - 900_000,
                                  "future": now + 10})
    rows = run_op(op("recall.fresh_items", max_age_hours=24), {"now": now})
    assert rows == [{"item_id": "new", "created_at": now - 60, "source": "fresh"},
                    {"item_id": "day", "created_at": now - 86_000, "source": "fresh"}]


def test_generic_recall_tags_and_renames(run_op: Any) -> None:
    ds = Dataset.from_rows([{"sku": "a", "x": 1}, {"x": 2}, {"sku": "b"}])
    rows = run_op(op("recall.generic", id_field="sku", tag="sql", limit=5), {}, ds)
    assert rows == [{"item_id": "a", "x": 1, "source": "sql"},
                    {"item_id": "b", "source": "sql"}]
    assert run_op(op("recall.generic"), {}, Dataset.empty()) == []


@pytest.mark.parametrize(
    ("name", "params", "code"),
    [
        ("recall.hot_items", {"limit": 0}, "param_out_of_range"),
        ("recall.item_cf", {"combine": "avg"}, "param_out_of_range"),
        ("recall.item_cf", {"neighbour_key": "i2i:{item_id"}, "param_type"),
        ("recall.fresh_items", {"max_age_hours": 0}, "param_out_of_range"),
        ("recall.user_history", {"tag": ""}, "param_out_of_range"),
        ("recall.generic", {"id_field": 3}, "param_type"),
    ],
)
def test_bad_params(name: str, params: dict[str, Any], code: str) -> None:
    assert REG.get(name).check_params(params)[1][0].code == code
