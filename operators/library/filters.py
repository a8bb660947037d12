"""Filter family: drop candidates the user should not get (seen, blocked, outside the
content pool, stale). Redis checks use SMISMEMBER: one round trip, whatever the set size."""

from __future__ import annotations

import time
from typing import Annotated, Any

from operators.base import Operator
from operators.context import Context
from operators.dataset import Dataset
from operators.params import Param
from operators.registry import register
from operators.templates import Template, render

Key = Annotated[str, Param(min_length=1, description="Field holding the item id")]
Connection = Annotated[str, Param(description="Name of the Redis resource")]


async def _members(ctx: Context, connection: str, key: str, ids: list[Any]) -> list[bool]:
    if not ids:
        return []
    flags = await ctx.resource(connection).smismember(key, [str(i) for i in ids])
    return [bool(f) for f in flags]


@register
class Seen(Operator):
    """Drop items the user has already seen: members of the Redis set `set_key` and/or the
    list in the request context at `context_path`."""

    name = "filter.seen"
    category = "filter"

    set_key: Annotated[Template | None, Param(
        description="Set of seen item ids (empty: do not read Redis)")] = "user:{user.id}:seen"
    context_path: Annotated[str | None, Param(
        description="Context path of a list of seen ids", example="session.seen")] = None
    key: Key = "item_id"
    connection: Connection = "redis"

    async def run(self, ctx: Context, items: Dataset) -> Dataset:
        rows = items.rows()
        if not rows:
            return Dataset.empty()
        drop: set[str] = set()
        if self.context_path:
            listed = ctx.get(self.context_path)
            if isinstance(listed, list):
                drop.update(str(x) for x in listed)
        rows = [r for r in rows if str(r.get(self.key)) not in drop]
        if self.set_key:
            flags = await _members(ctx, self.connection, render(self.set_key, ctx.get),
                                   [r.get(self.key) for r in rows])
            rows = [r for r, seen in zip(rows, flags, strict=True) if not seen]
        return Dataset.from_rows(rows)


@register
class Blocklist(Operator):
    """Drop blocked items: ids in the Redis set `set_key`, ids listed in `items`, and rows
    whose `field` holds one of `values` (e.g. a blocked author)."""

    name = "filter.blocklist"
    category = "filter"

    set_key: Annotated[Template | None, Param(description="Set of blocked item ids")] = (
        "blocklist:items")
    item_ids: Annotated[list[str], Param(description="Blocked item ids", max_length=10_000)] = []
    field: Annotated[str | None, Param(description="Field checked against `values`",
                                       example="author")] = None
    values: Annotated[list[str], Param(description="Blocked values of `field`",
                                       max_length=10_000)] = []
    key: Key = "item_id"
    connection: Connection = "redis"

    async def run(self, ctx: Context, items: Dataset) -> Dataset:
        rows = items.rows()
        blocked_ids, blocked_values = set(self.item_ids), set(self.values)
        rows = [r for r in rows if str(r.get(self.key)) not in blocked_ids]
        if self.field and blocked_values:
            rows = [r for r in rows if str(r.get(self.field)) not in blocked_values]
        if self.set_key and rows:
            flags = await _members(ctx, self.connection, render(self.set_key, ctx.get),
                                   [r.get(self.key) for r in rows])
            rows = [r for r, hit in zip(rows, flags, strict=True) if not hit]
        return Dataset.from_rows(rows)


@register
class ContentPool(Operator):
    """Keep only items that belong to a content pool (the Redis set `pool_key`, e.g. the
    approved or region-licensed items)."""

    name = "filter.content_pool"
    category = "filter"

    pool: Annotated[str, Param(min_length=1, description="Pool name")] = "approved"
    pool_key: Annotated[Template, Param(description="Set of the pool's item ids")] = (
        "pool:{pool}")
    key: Key = "item_id"
    connection: Connection = "redis"

    async def run(self, ctx: Context, items: Dataset) -> Dataset:
        rows = items.rows()
        key = render(self.pool_key, {"pool": self.pool}.get)
        flags = await _members(ctx, self.connection, key, [r.get(self.key) for r in rows])
        return Dataset.from_rows([r for r, ok in zip(rows, flags, strict=True) if ok])


@register
class Freshness(Operator):
    """Drop items older than `max_age_hours`, by the epoch-seconds field `time_field`.
    The request time is the context's `now_path` value if present, else the clock."""

    name = "filter.freshness"
    category = "filter"

    max_age_hours: Annotated[float, Param(gt=0, le=87_600, description="Oldest age kept")] = 720
    time_field: Annotated[str, Param(min_length=1, description="Publication time field")] = (
        "created_at")
    keep_missing: Annotated[bool, Param(description="Keep rows without the field")] = True
    now_path: Annotated[str, Param(description="Context path of the request time")] = "now"

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        now = float(ctx.get(self.now_path) or time.time())
        oldest = now - self.max_age_hours * 3600
        field, keep_missing = self.time_field, self.keep_missing

        def fresh(row: dict[str, Any]) -> bool:
            value = row.get(field)
            if value is None:
                return keep_missing
            try:
                return float(value) >= oldest
            except (TypeError, ValueError):
                return keep_missing

        return items.filter(fresh)
