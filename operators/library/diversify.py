"""Diversify family ("scatter"): spread items that share a value (category, author) so a
feed does not show a run of the same thing, moving as few items as possible."""

from __future__ import annotations

import heapq
from collections import Counter, deque
from typing import Annotated, Any

from operators.base import Operator
from operators.context import Context
from operators.dataset import Dataset
from operators.params import Param
from operators.registry import register

Field = Annotated[str, Param(min_length=1, description="Field whose values must be spread",
                             example="category")]


class ScatterRule:
    """At most `run` consecutive rows share a value, and at most `per_window` in any
    `window` consecutive positions. Tracks what was placed so each check is O(1)."""

    def __init__(self, run: int | None, window: int | None, per_window: int | None) -> None:
        self.run = run
        self.window = window
        self.per_window = per_window
        self._last: Any = None
        self._run_length = 0
        self._recent: deque[Any] = deque()
        self._counts: Counter[Any] = Counter()

    def allows(self, value: Any) -> bool:
        if self.run is not None and value == self._last and self._run_length >= self.run:
            return False
        return self.per_window is None or self._counts[value] < self.per_window

    def place(self, value: Any) -> None:
        self._run_length = self._run_length + 1 if value == self._last else 1
        self._last = value
        if self.window is not None:
            self._recent.append(value)
            self._counts[value] += 1
            if len(self._recent) >= self.window:  # keep the last window - 1 values
                self._counts[self._recent.popleft()] -= 1


def scatter(rows: list[dict[str, Any]], field: str, rule: ScatterRule,
            drop_unplaceable: bool) -> list[dict[str, Any]]:
    """Greedy: at each position take the highest-ranked pending row the rule allows. Rows
    are queued per value and only each queue's head competes, so a long run of one value
    costs O(log values) per position instead of a rescan. Rows that fit nowhere go last in
    their order (or are dropped)."""
    queues: dict[Any, deque[int]] = {}
    for i, row in enumerate(rows):
        value = row.get(field)
        # A missing value never conflicts: give each such row a queue of its own.
        queues.setdefault(("missing", i) if value is None else value, deque()).append(i)
    heap = [(q[0], n, key) for n, (key, q) in enumerate(queues.items())]
    heapq.heapify(heap)
    out: list[dict[str, Any]] = []
    while heap:
        rejected = []
        while heap:
            entry = heapq.heappop(heap)
            index, order, key = entry
            value = None if isinstance(key, tuple) else key
            if value is None or rule.allows(value):
                rule.place(value)
                out.append(rows[index])
                queue = queues[key]
                queue.popleft()
                if queue:
                    heapq.heappush(heap, (queue[0], order, key))
                break
            rejected.append(entry)
        else:
            if not drop_unplaceable:
                rest = sorted(i for _, _, key in rejected for i in queues[key])
                out.extend(rows[i] for i in rest)
            break
        for entry in rejected:
            heapq.heappush(heap, entry)
    return out


@register
class Scatter(Operator):
    """Spread items sharing a `field` value: at most `max_consecutive` in a row, and/or at
    most `max_in_window` within any `window` consecutive items. Order is kept otherwise;
    items that cannot be placed anywhere go to the end (or are dropped)."""

    name = "diversify.scatter"
    category = "diversify"

    field: Field = "category"
    max_consecutive: Annotated[int | None, Param(ge=1, le=100,
                                                 description="Longest run of one value")] = 2
    window: Annotated[int | None, Param(ge=2, le=1000, description="Window size")] = None
    max_in_window: Annotated[int | None, Param(ge=1, le=1000,
                                               description="Most of one value per window")] = None
    drop_unplaceable: Annotated[bool, Param(description="Drop rows that fit nowhere")] = False

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        window, per_window = params["window"], params["max_in_window"]
        if (window is None) != (per_window is None):
            return ["set both `window` and `max_in_window`, or neither"]
        if window is not None and per_window >= window:
            return ["`max_in_window` must be smaller than `window`"]
        if params["max_consecutive"] is None and window is None:
            return ["set `max_consecutive`, or `window` with `max_in_window`"]
        return []

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        rows = items.rows()
        if len(rows) < 2:
            return items
        rule = ScatterRule(self.max_consecutive, self.window, self.max_in_window)  # per run
        return Dataset.from_rows(scatter(rows, self.field, rule, self.drop_unplaceable))


@register
class MMR(Operator):
    """Maximal Marginal Relevance by a category field: repeatedly pick the row with the
    best λ·relevance − (1−λ)·similarity, where similarity is 1 if its category was already
    picked and 0 otherwise. Relevance is scaled to [0, 1] by the largest one."""

    name = "diversify.mmr"
    category = "diversify"

    field: Field = "category"
    relevance_field: Annotated[str, Param(min_length=1, description="Relevance field")] = (
        "score")
    lambda_: Annotated[float, Param(ge=0, le=1, title="lambda",
                                    description="1: relevance only; 0: diversity only")] = 0.7
    limit: Annotated[int, Param(ge=1, le=5000, description="How many rows to pick")] = 50

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        rows = items.rows()
        rel = [_number(r.get(self.relevance_field)) for r in rows]
        top = max((abs(x) for x in rel), default=0.0) or 1.0
        lam = self.lambda_
        picked_categories: Counter[Any] = Counter()
        remaining = list(range(len(rows)))
        chosen: list[int] = []
        while remaining and len(chosen) < self.limit:
            best_pos, best_value = 0, float("-inf")
            for pos, i in enumerate(remaining):
                value = rows[i].get(self.field)
                similar = 1.0 if value is not None and picked_categories[value] else 0.0
                gain = lam * rel[i] / top - (1 - lam) * similar
                if gain > best_value:
                    best_pos, best_value = pos, gain
            i = remaining.pop(best_pos)
            chosen.append(i)
            picked_categories[rows[i].get(self.field)] += 1
        return Dataset.from_rows(rows[i] for i in chosen)


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
