"""Recall family: candidate items from Redis (layout in operators/demo/keys.py by default).

Every recall tags its rows with `source` = its `tag`, so merges can keep provenance, and
reads Redis in as few round trips as it can (one call, or one pipeline per stage).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from typing import Annotated, Any, Literal

from operators.base import Operator
from operators.context import Context
from operators.dataset import Dataset
from operators.params import Param
from operators.registry import register
from operators.templates import Template, render

Limit = Annotated[int, Param(ge=1, le=5000, description="How many items at most")]
Tag = Annotated[str, Param(min_length=1, max_length=64,
                           description="Written to each row's `source` field")]
Connection = Annotated[str, Param(description="Name of the Redis resource")]


def _pairs_to_rows(pairs: list[tuple[str, float]], tag: str, score_field: str = "score"
                   ) -> list[dict[str, Any]]:
    return [{"item_id": m, score_field: s, "source": tag} for m, s in pairs]


@register
class HotItems(Operator):
    """Most popular items, overall or within one category.

    Reads the sorted set `key` (popularity scores), or `category_key` when a category is
    given by `category_id` or found in the request context at `category_path`.
    """

    name = "recall.hot_items"
    category = "recall"

    limit: Limit = 200
    category_id: Annotated[str | None, Param(description="Only this category")] = None
    category_path: Annotated[str | None, Param(
        description="Context path holding the category, e.g. user.favourite_category")] = None
    key: Annotated[Template, Param(description="Sorted set of all items")] = "hot:all"
    category_key: Annotated[Template, Param(description="Sorted set of one category")] = (
        "hot:cat:{category}")
    tag: Tag = "hot"
    connection: Connection = "redis"

    async def run(self, ctx: Context) -> Dataset:
        category = self.category_id
        if category is None and self.category_path:
            found = ctx.get(self.category_path)
            category = None if found in (None, "") else str(found)
        key = self.key if category is None else render(self.category_key, {"category":
                                                                          category}.get)
        pairs = await ctx.resource(self.connection).zrevrange(key, 0, self.limit - 1,
                                                              withscores=True)
        return Dataset.from_rows(_pairs_to_rows(pairs, self.tag))


@register
class ItemCF(Operator):
    """Item-to-item collaborative filtering: neighbours of the items the user touched last.

    Seeds are the `seeds` most recent items of the user's history (or the rows of the
    optional `seeds` port); each seed's neighbours come from `neighbour_key`. An item's
    score is the sum (or max) of its similarities over seeds; seeds themselves are left out.
    """

    name = "recall.item_cf"
    category = "recall"

    limit: Limit = 300
    seeds: Annotated[int, Param(ge=1, le=100, description="How many recent items seed")] = 10
    per_seed: Annotated[int, Param(ge=1, le=1000, description="Neighbours read per seed")] = 50
    combine: Annotated[Literal["sum", "max"], Param(
        description="How similarities from several seeds add up")] = "sum"
    history_key: Annotated[Template, Param(description="User history sorted set")] = (
        "user:{user.id}:history")
    neighbour_key: Annotated[Template, Param(description="Neighbours of one item")] = (
        "i2i:{item_id}")
    tag: Tag = "cf"
    connection: Connection = "redis"

    async def run(self, ctx: Context, seed_items: Dataset | None = None) -> Dataset:
        client = ctx.resource(self.connection)
        if seed_items is not None:
            seeds = [str(r["item_id"]) for r in seed_items.rows() if "item_id" in r]
            seeds = seeds[: self.seeds]
        else:
            seeds = await client.zrevrange(render(self.history_key, ctx.get), 0,
                                           self.seeds - 1)
        if not seeds:
            return Dataset.empty()
        pipe = client.pipeline(transaction=False)
        for seed in seeds:
            pipe.zrevrange(render(self.neighbour_key, {"item_id": seed}.get), 0,
                           self.per_seed - 1, withscores=True)
        scores: dict[str, float] = {}
        exclude = set(seeds)
        use_max = self.combine == "max"
        for pairs in await pipe.execute():
            for member, sim in pairs:
                if member in exclude:
                    continue
                old = scores.get(member)
                if old is None:
                    scores[member] = sim
                else:
                    scores[member] = max(old, sim) if use_max else old + sim
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[: self.limit]
        return Dataset.from_rows(_pairs_to_rows(best, self.tag))


@register
class UserHistory(Operator):
    """Popular items from the categories of the user's recent history.

    Takes the `recent` latest history items, counts their categories (from the item
    hashes), keeps the `max_categories` most frequent, and reads `per_category` popular
    items of each; an item's score is its popularity times its category's share of the
    history. Items already in the history are left out.
    """

    name = "recall.user_history"
    category = "recall"

    limit: Limit = 200
    recent: Annotated[int, Param(ge=1, le=500, description="History items looked at")] = 20
    max_categories: Annotated[int, Param(ge=1, le=50, description="Categories used")] = 3
    per_category: Annotated[int, Param(ge=1, le=1000, description="Items per category")] = 50
    history_key: Annotated[Template, Param(description="User history sorted set")] = (
        "user:{user.id}:history")
    item_key: Annotated[Template, Param(description="Item hash")] = "item:{item_id}"
    category_field: Annotated[str, Param(description="Category field of the item hash")] = (
        "category")
    category_key: Annotated[Template, Param(description="Popular items of a category")] = (
        "hot:cat:{category}")
    tag: Tag = "history"
    connection: Connection = "redis"

    async def run(self, ctx: Context) -> Dataset:
        client = ctx.resource(self.connection)
        history = await client.zrevrange(render(self.history_key, ctx.get), 0,
                                         self.recent - 1)
        if not history:
            return Dataset.empty()
        pipe = client.pipeline(transaction=False)
        for item_id in history:
            pipe.hget(render(self.item_key, {"item_id": item_id}.get), self.category_field)
        counts = Counter(c for c in await pipe.execute() if c)
        top = counts.most_common(self.max_categories)
        if not top:
            return Dataset.empty()
        for category, _ in top:
            pipe.zrevrange(render(self.category_key, {"category": category}.get), 0,
                           self.per_category - 1, withscores=True)
        total = sum(n for _, n in top)
        seen = set(history)
        scores: dict[str, float] = defaultdict(float)
        for (_, n), pairs in zip(top, await pipe.execute(), strict=True):
            for member, popularity in pairs:
                if member not in seen:
                    scores[member] += popularity * n / total
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[: self.limit]
        return Dataset.from_rows(_pairs_to_rows(best, self.tag))


@register
class FreshItems(Operator):
    """The newest items, published within `max_age_hours` of the request time.

    Reads the sorted set `key` scored by publication time (epoch seconds). The request
    time is the context's `now_path` value if present, else the clock.
    """

    name = "recall.fresh_items"
    category = "recall"

    limit: Limit = 100
    max_age_hours: Annotated[float, Param(gt=0, le=8760, description="Oldest age kept")] = 72
    key: Annotated[Template, Param(description="Items by publication time")] = "fresh:all"
    now_path: Annotated[str, Param(description="Context path of the request time")] = "now"
    tag: Tag = "fresh"
    connection: Connection = "redis"

    async def run(self, ctx: Context) -> Dataset:
        now = float(ctx.get(self.now_path) or time.time())
        pairs = await ctx.resource(self.connection).zrevrangebyscore(
            render(self.key, ctx.get), now, now - self.max_age_hours * 3600,
            start=0, num=self.limit, withscores=True)
        return Dataset.from_rows(
            [{"item_id": m, "created_at": int(t), "source": self.tag} for m, t in pairs])


@register
class GenericRecall(Operator):
    """Turn any datasource's rows into recall candidates: tag them, name the id field
    `item_id`, drop rows without an id, and keep at most `limit`."""

    name = "recall.generic"
    category = "recall"

    id_field: Annotated[str, Param(min_length=1, description="Field holding the item id")] = (
        "item_id")
    limit: Limit = 500
    tag: Tag = "generic"

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        field, tag = self.id_field, self.tag

        def shape(row: dict[str, Any]) -> dict[str, Any]:
            out = {k: v for k, v in row.items() if k != field}
            return {"item_id": row[field], **out, "source": tag}

        return items.filter(lambda r: r.get(field) is not None).map(shape).limit(self.limit)
