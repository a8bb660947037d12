"""Features family: a unit's behaviour features, read from the feature store that the event
consumer keeps in Redis (operators/behaviour/: layout in keys.py, windows in windows.py,
sessions in session.py).

Every features operator reads the unit id from the context (`unit_path`, `unit_id` by
default) and the request time from `now_path` (epoch milliseconds; the clock when absent),
so tests and replays can pin "now". Windows are `1h` (minute buckets), `1d` and `7d` (hour
buckets), by event time. This module: counts, categories and rates; features_recency.py:
recency and sessions; features_rows.py: features added to each row of a Dataset.
"""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from operators.base import Operator
from operators.behaviour.keys import DEFAULT_PREFIX
from operators.behaviour.reader import BehaviourReader
from operators.behaviour.windows import Window
from operators.context import Context
from operators.dataset import Dataset
from operators.params import Param
from operators.registry import register

EventTypeName = Literal["click", "fav", "cart", "order", "play", "expose"]
ALL_TYPES: list[EventTypeName] = ["click", "fav", "cart", "order", "play", "expose"]
INTERACTIONS: list[EventTypeName] = ["click", "fav", "cart", "order", "play"]  # no exposures
# How much one event of each type says about interest in its category.
DEFAULT_WEIGHTS: dict[EventTypeName, float] = {"click": 1.0, "fav": 3.0, "cart": 4.0, "order": 5.0,
                                     "play": 2.0, "expose": 0.0}

WindowParam = Annotated[Window, Param(description="Time window, by event time: 1h (minute "
                                      "buckets), 1d or 7d (hour buckets)")]
TypesParam = Annotated[list[EventTypeName], Param(min_length=1, max_length=6,
                                                  description="Event types counted")]
WeightsParam = Annotated[dict[EventTypeName, float], Param(
    description="Weight of one event of each type (types left out weigh 0)",
    example=DEFAULT_WEIGHTS)]
HalfLife = Annotated[float, Param(ge=0, le=720, description=(
    "Half-life in hours: an event this old counts half (0: no decay)"))]


class FeatureError(RuntimeError):
    pass


class FeatureOperator(Operator):
    """Parameters every features operator shares (not an operator itself: no name)."""

    unit_path: Annotated[str, Param(min_length=1, max_length=200,
                                    description="Context path of the unit (user) id")] = (
        "unit_id")
    now_path: Annotated[str, Param(min_length=1, max_length=200, description=(
        "Context path of the request time in epoch ms (the clock when absent)"))] = "now_ms"
    prefix: Annotated[str, Param(min_length=1, max_length=64,
                                 description="Key prefix of the feature store")] = (
        DEFAULT_PREFIX)
    connection: Annotated[str, Param(description="Name of the Redis resource")] = "redis"

    def now(self, ctx: Context) -> int:
        value = ctx.get(self.now_path)
        if value is None:
            return time.time_ns() // 1_000_000
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FeatureError(f"'{self.now_path}' in the context must be epoch milliseconds "
                               f"(a number), got {value!r:.60}")
        return int(value)

    def reader(self, ctx: Context) -> BehaviourReader:
        unit = ctx.get(self.unit_path)
        if isinstance(unit, bool) or not isinstance(unit, (str, int)) or unit == "":
            raise FeatureError(f"no unit id at context path '{self.unit_path}' (got "
                               f"{unit!r:.60})")
        return BehaviourReader(ctx.resource(self.connection), str(unit), self.now(ctx),
                               self.prefix)


def check_weights(params: dict[str, Any]) -> list[str]:
    weights = params.get("weights") or {}
    problems = [f"weight of '{t}' must be ≥ 0 (got {w})" for t, w in weights.items() if w < 0]
    if not any(w > 0 for w in weights.values()):
        problems.append("at least one event type needs a weight above 0")
    return problems


def smoothed_rate(num: int, den: int, prior: float, prior_weight: float,
                  default: float) -> float:
    """(num + prior × prior_weight) / (den + prior_weight): a rate that starts at `prior`
    and moves towards the observed one as events come (additive smoothing)."""
    total = den + prior_weight
    return default if total <= 0 else (num + prior * prior_weight) / total


@register
class CountInWindow(FeatureOperator):
    """How many events of one type the unit had in the window, optionally only in one
    category (`category_id`, or the context value at `category_path`)."""

    name = "features.count_in_window"
    category = "features"

    type: Annotated[EventTypeName, Param(description="Event type counted")] = "click"
    window: WindowParam = "1d"
    category_id: Annotated[str | None, Param(max_length=128,
                                             description="Only this category")] = None
    category_path: Annotated[str | None, Param(max_length=200, description=(
        "Context path holding the category (used when category_id is not set)"))] = None

    async def run(self, ctx: Context) -> int:
        category = self.category_id
        if category is None and self.category_path:
            found = ctx.get(self.category_path)
            category = None if found in (None, "") else str(found)
        counts = await self.reader(ctx).counts([self.type], self.window, category)
        return counts[self.type]


@register
class CountsByType(FeatureOperator):
    """Events per type in the window, as `{type: count}` (every listed type present)."""

    name = "features.counts_by_type"
    category = "features"

    window: WindowParam = "1d"
    types: TypesParam = ALL_TYPES

    async def run(self, ctx: Context) -> dict[str, int]:
        return await self.reader(ctx).counts(self.types, self.window)


@register
class Activity(FeatureOperator):
    """Every window at once, `{type: {"1h": n, "1d": n, "7d": n}}`: a compact activity
    profile for a scorer, in one round trip."""

    name = "features.activity"
    category = "features"

    types: TypesParam = ALL_TYPES

    async def run(self, ctx: Context) -> dict[str, Any]:
        return await self.reader(ctx).all_counts(self.types)


@register
class HasEvent(FeatureOperator):
    """True when the unit had at least `min_count` events of the type in the window: a
    condition for `when` / `unless` (e.g. "ordered in the last 7 days")."""

    name = "features.has_event"
    category = "features"

    type: Annotated[EventTypeName, Param(description="Event type looked for")] = "order"
    window: WindowParam = "7d"
    min_count: Annotated[int, Param(ge=1, le=1_000_000, description="Events needed")] = 1

    async def run(self, ctx: Context) -> bool:
        counts = await self.reader(ctx).counts([self.type], self.window)
        return counts[self.type] >= self.min_count


@register
class CategoryCounts(FeatureOperator):
    """Events of the given types per category in the window, `{category: count}`, the
    `limit` largest (ties by name). Events without a category are not counted."""

    name = "features.category_counts"
    category = "features"

    types: TypesParam = INTERACTIONS
    window: WindowParam = "7d"
    limit: Annotated[int, Param(ge=1, le=1000, description="Categories kept at most")] = 50

    async def run(self, ctx: Context) -> dict[str, int]:
        counts = await self.reader(ctx).category_counts(self.types, self.window)
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: self.limit]
        return dict(top)


async def _affinity(op: Any, ctx: Context) -> list[tuple[str, float, float]]:
    """(category, weighted score, share of all categories' scores), best first."""
    scores = await op.reader(ctx).category_weights(op.weights, op.window,
                                                   op.half_life_hours or None)
    total = sum(scores.values())
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(c, s, s / total) for c, s in ranked if s > 0]


@register
class CategoryAffinity(FeatureOperator):
    """The unit's interest per category, `{category: share}` with shares summing to 1:
    events weighted by type (`weights`) and, with `half_life_hours`, by age; the `limit`
    strongest categories (their shares are of the whole, so they may sum below 1)."""

    name = "features.category_affinity"
    category = "features"

    window: WindowParam = "7d"
    weights: WeightsParam = DEFAULT_WEIGHTS
    half_life_hours: HalfLife = 24.0
    limit: Annotated[int, Param(ge=1, le=1000, description="Categories kept at most")] = 50

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        return check_weights(params)

    async def run(self, ctx: Context) -> dict[str, float]:
        return {c: share for c, _, share in (await _affinity(self, ctx))[: self.limit]}


@register
class TopCategories(FeatureOperator):
    """The unit's `n` strongest categories as rows `{category, score, share}` (scored as in
    `features.category_affinity`), e.g. to seed per-category recall."""

    name = "features.top_categories"
    category = "features"

    n: Annotated[int, Param(ge=1, le=100, description="Categories returned")] = 3
    window: WindowParam = "7d"
    weights: WeightsParam = DEFAULT_WEIGHTS
    half_life_hours: HalfLife = 24.0

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        return check_weights(params)

    async def run(self, ctx: Context) -> Dataset:
        return Dataset.from_rows({"category": c, "score": s, "share": share}
                                 for c, s, share in (await _affinity(self, ctx))[: self.n])


class _Rate(FeatureOperator):
    prior: Annotated[float, Param(ge=0, le=1, description="Rate assumed before any event")] = 0.0
    prior_weight: Annotated[float, Param(ge=0, le=1_000_000, description=(
        "How many denominator events the prior is worth (0: no smoothing)"))] = 0.0
    default: Annotated[float, Param(description=(
        "Returned when there is nothing to divide by"))] = 0.0
    window: WindowParam = "7d"

    async def rate(self, ctx: Context, numerator: str, denominator: str) -> float:
        counts = await self.reader(ctx).counts(list({numerator, denominator}), self.window)
        return smoothed_rate(counts[numerator], counts[denominator], self.prior,
                             self.prior_weight, self.default)


@register
class ConversionRate(_Rate):
    """numerator events / denominator events in the window (orders per click by default),
    smoothed towards `prior` by `prior_weight`; `default` when both are zero."""

    name = "features.conversion_rate"
    category = "features"

    numerator: Annotated[EventTypeName, Param(description="Converted events")] = "order"
    denominator: Annotated[EventTypeName, Param(description="Events converted from")] = "click"

    async def run(self, ctx: Context) -> float:
        return await self.rate(ctx, self.numerator, self.denominator)


@register
class ClickThroughRate(_Rate):
    """Clicks per exposure in the window, smoothed towards `prior` by `prior_weight`;
    `default` when the unit saw nothing."""

    name = "features.click_through_rate"
    category = "features"

    async def run(self, ctx: Context) -> float:
        return await self.rate(ctx, "click", "expose")
