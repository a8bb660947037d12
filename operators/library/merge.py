"""Merge family: combine the outputs of several recalls."""

from __future__ import annotations

from typing import Annotated, Any

from operators.base import Operator
from operators.context import Context
from operators.dataset import Dataset
from operators.params import Param
from operators.registry import register


@register
class PriorityMerge(Operator):
    """Sources in the order given; an item seen again keeps its first row but records every
    source that produced it in `sources`."""

    name = "merge.priority"
    category = "merge"

    key: Annotated[str, Param(min_length=1, description="Field that identifies an item")] = (
        "item_id"
    )
    source_field: Annotated[
        str, Param(min_length=1, description="Field naming the recall a row came from")
    ] = "source"

    def run(self, ctx: Context, sources: list[Dataset]) -> Dataset:
        merged: dict[Any, dict[str, Any]] = {}
        loose: list[dict[str, Any]] = []
        for ds in sources:
            for row in ds.rows():
                if row.get(self.key) is None:
                    loose.append(row)
                else:
                    _dedupe_add(merged, row, self.key, self.source_field)
        return Dataset.from_rows([*merged.values(), *loose])


def _dedupe_add(
    merged: dict[Any, dict[str, Any]], row: dict[str, Any], key: str, src: str
) -> bool:
    """Add `row` unless its item is already in; either way record where it came from.
    Returns whether the row was new."""
    k = row.get(key)
    first = merged.get(k)
    if first is None:
        merged[k] = {**row, "sources": [row[src]] if src in row else []}
        return True
    if src in row and row[src] not in first["sources"]:
        first["sources"].append(row[src])
    return False


@register
class RoundRobin(Operator):
    """Interleave sources: one item from each in turn, skipping items already taken, until
    `limit` items or every source is exhausted. Rows without an id are dropped."""

    name = "merge.round_robin"
    category = "merge"

    key: Annotated[str, Param(min_length=1, description="Field that identifies an item")] = (
        "item_id")
    source_field: Annotated[str, Param(min_length=1, description="Provenance field")] = "source"
    limit: Annotated[int, Param(ge=1, le=10_000, description="How many items at most")] = 500

    def run(self, ctx: Context, sources: list[Dataset]) -> Dataset:
        queues = [[r for r in ds.rows() if r.get(self.key) is not None] for ds in sources]
        merged: dict[Any, dict[str, Any]] = {}
        depth = 0
        while len(merged) < self.limit and any(depth < len(q) for q in queues):
            for q in queues:
                if depth < len(q):
                    _dedupe_add(merged, q[depth], self.key, self.source_field)
                    if len(merged) >= self.limit:
                        break
            depth += 1
        return Dataset.from_rows(merged.values())


@register
class WeightedQuota(Operator):
    """Give each source a share of `limit` slots in proportion to its weight, then fill the
    slots a short source leaves unused from the others in source order. Weights are given
    per source position (`weights`) or per recall tag (`tag_weights`, matched on the first
    row's `source`). The output lists quota picks source by source, deduplicated."""

    name = "merge.weighted_quota"
    category = "merge"

    limit: Annotated[int, Param(ge=1, le=10_000, description="Total items")] = 200
    weights: Annotated[list[float], Param(description="Weight of each source, in order",
                                          max_length=100)] = []
    tag_weights: Annotated[dict[str, float], Param(
        description="Weight per recall tag", example={"cf": 3, "hot": 1})] = {}
    default_weight: Annotated[float, Param(ge=0, description="Weight of unlisted sources")] = 1
    key: Annotated[str, Param(min_length=1, description="Field that identifies an item")] = (
        "item_id")
    source_field: Annotated[str, Param(min_length=1, description="Provenance field")] = "source"

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        values = list(params["weights"]) + list(params["tag_weights"].values())
        return ["weights must not be negative"] if any(w < 0 for w in values) else []

    def run(self, ctx: Context, sources: list[Dataset]) -> Dataset:
        lists = [[r for r in ds.rows() if r.get(self.key) is not None] for ds in sources]
        weights = [self._weight(i, rows) for i, rows in enumerate(lists)]
        total = sum(weights) or 1.0
        quotas = [round(self.limit * w / total) for w in weights]
        merged: dict[Any, dict[str, Any]] = {}
        cursors = [0] * len(lists)
        for i, rows in enumerate(lists):  # each source's quota
            while quotas[i] > 0 and cursors[i] < len(rows) and len(merged) < self.limit:
                if _dedupe_add(merged, rows[cursors[i]], self.key, self.source_field):
                    quotas[i] -= 1
                cursors[i] += 1
        for i, rows in enumerate(lists):  # unused slots, in source order
            while cursors[i] < len(rows) and len(merged) < self.limit:
                _dedupe_add(merged, rows[cursors[i]], self.key, self.source_field)
                cursors[i] += 1
        return Dataset.from_rows(merged.values())

    def _weight(self, i: int, rows: list[dict[str, Any]]) -> float:
        if i < len(self.weights):
            return float(self.weights[i])
        tag = rows[0].get(self.source_field) if rows else None
        return float(self.tag_weights.get(str(tag), self.default_weight))
