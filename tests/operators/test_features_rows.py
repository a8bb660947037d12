"""features.* operators that enrich the rows of a Dataset, against a real Redis, and a graph
that uses features end to end through the engine."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import redis
import redis.asyncio as aioredis

from graphengine import Engine, Graph
from operators import Dataset, OperatorParamsError, default_registry
from operators.behaviour.event import Event
from operators.behaviour.store import FeatureStore
from operators.behaviour.windows import DAY_MS, HOUR_MS, MINUTE_MS

REG = default_registry()
NOW = 472_222 * HOUR_MS + 30 * MINUTE_MS
CTX = {"unit_id": "u1", "now_ms": NOW}
CANDIDATES = Dataset.from_rows([{"item_id": "a", "category": "shoes"},
                                {"item_id": "b", "category": "hats"},
                                {"item_id": "c", "category": "bags"},
                                {"sku": "no-id"}])


def op(name: str, **params: Any) -> Any:
    return REG.get(name)(**params)


def ev(id_: str, type_: str, ago_ms: int, item: str, category: str) -> Event:
    return Event(id=id_, unit_id="u1", type=type_, item_id=item, ts=NOW - ago_ms,
                 attributes={"category": category})


@pytest.fixture
def history(redis_sync: redis.Redis) -> None:
    FeatureStore(redis_sync).apply([
        ev("1", "click", MINUTE_MS, "a", "shoes"), ev("2", "click", HOUR_MS, "a", "shoes"),
        ev("3", "order", 2 * DAY_MS, "a", "shoes"), ev("4", "click", 10 * MINUTE_MS, "b", "hats"),
        ev("5", "click", 6 * DAY_MS + HOUR_MS, "b", "hats"),  # outside a 2-day look-back
        ev("6", "expose", MINUTE_MS, "c", "bags"),
    ], now=NOW)


def test_item_interactions(run_op: Any, history: None) -> None:
    rows = run_op(op("features.item_interactions", types=["click", "order", "expose"]), CTX,
                  CANDIDATES)
    assert rows[0] == {"item_id": "a", "category": "shoes", "interactions_click": 2,
                       "interactions_order": 1, "interactions_expose": 0,
                       "interactions_total": 3}
    assert (rows[1]["interactions_click"], rows[2]["interactions_expose"]) == (2, 1)
    assert rows[3] == {"sku": "no-id", "interactions_click": 0, "interactions_order": 0,
                       "interactions_expose": 0, "interactions_total": 0}
    recent = run_op(op("features.item_interactions", types=["click"], days=2,
                       field_prefix="n_"), CTX, CANDIDATES)
    assert [r["n_click"] for r in recent] == [2, 1, 0, 0]
    by_sku = run_op(op("features.item_interactions", id_field="sku"), CTX, CANDIDATES)
    assert by_sku[3]["interactions_total"] == 0 and "interactions_total" in by_sku[0]
    assert run_op(op("features.item_interactions"), CTX, Dataset.empty()) == []


def test_category_affinity_score(run_op: Any, history: None) -> None:
    rows = run_op(op("features.category_affinity_score", half_life_hours=0), CTX, CANDIDATES)
    # shoes: 2 clicks + 1 order × 5 = 7; hats: 2 clicks = 2; bags: exposures weigh 0
    assert [r.get("category_affinity") for r in rows] == pytest.approx([7 / 9, 2 / 9, 0, 0])
    assert rows[0]["item_id"] == "a"  # the row's own fields are kept
    renamed = run_op(op("features.category_affinity_score", category_field="item_id",
                        field="aff"), CTX, CANDIDATES)
    assert [r["aff"] for r in renamed] == [0, 0, 0, 0]  # item ids are no categories
    fresh = run_op(op("features.category_affinity_score"), {**CTX, "unit_id": "new"},
                   CANDIDATES)
    assert {r["category_affinity"] for r in fresh} == {0.0}


@pytest.mark.parametrize(("name", "params"), [
    ("features.item_interactions", {"days": 8}),
    ("features.item_interactions", {"id_field": ""}),
    ("features.category_affinity_score", {"field": ""}),
    ("features.category_affinity_score", {"weights": {}}),
])
def test_bad_params_are_refused(name: str, params: dict[str, Any]) -> None:
    with pytest.raises(OperatorParamsError):
        op(name, **params)


def test_a_graph_reads_features_through_the_engine(redis_url: str, history: None) -> None:
    """Candidates enriched with the unit's features and gated by a features condition."""
    doc = {"schema": 1, "name": "feat", "nodes": [
        {"id": "returning", "op": "features.has_event",
         "params": {"type": "click", "window": "1d"}},
        {"id": "items", "op": "datasource.table",
         "params": {"rows": [{"item_id": "a", "category": "shoes"},
                             {"item_id": "b", "category": "hats"}]}},
        {"id": "seen", "op": "features.item_interactions", "inputs": {"items": ["items"]},
         "when": "returning"},
        {"id": "aff", "op": "features.category_affinity_score", "inputs": {"items": ["seen"]}},
        {"id": "top", "op": "basic.sort", "params": {"by": "category_affinity",
                                                     "descending": True},
         "inputs": {"items": ["aff"]}},
    ]}

    async def main() -> Any:
        client = aioredis.Redis.from_url(redis_url, decode_responses=True)
        try:
            return await Engine().arun(Graph.from_dict(doc), context=CTX,
                                       resources={"redis": client})
        finally:
            await client.aclose()

    result = asyncio.run(main())
    assert result.status == "ok", result.errors
    rows = result.output.rows()
    assert [r["item_id"] for r in rows] == ["a", "b"]
    assert rows[0]["interactions_total"] == 3 and rows[0]["category_affinity"] > 0.5
