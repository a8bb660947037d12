"""Features family, recency and sessions: when the unit last did something, what it touched
last, and its current session (definitions in operators/behaviour/session.py: events
more than `gap_minutes` apart split sessions; the current one holds the latest event and
is still open, i.e. that event is at most one gap before now)."""

from __future__ import annotations

from typing import Annotated, Any

from operators.behaviour.session import NO_SESSION, current_session
from operators.behaviour.windows import DAY_MS
from operators.context import Context
from operators.dataset import Dataset
from operators.library.features import (
    INTERACTIONS,
    EventTypeName,
    FeatureOperator,
    TypesParam,
)
from operators.params import Param
from operators.registry import register

AnyType = Annotated[EventTypeName | None, Param(description="Only this event type (any type "
                                                "when empty)")]


@register
class LastEventTime(FeatureOperator):
    """Time (epoch ms) of the unit's latest event, of one type or any; 0 when it has none."""

    name = "features.last_event_time"
    category = "features"

    type: AnyType = None

    async def run(self, ctx: Context) -> int:
        return (await self.reader(ctx).last_times()).get(self.type or "*", 0)


@register
class SecondsSinceLast(FeatureOperator):
    """Seconds from the unit's latest event (of one type or any) to now; `default` when it
    has none. An event stamped after now counts as now (0)."""

    name = "features.seconds_since_last"
    category = "features"

    type: AnyType = None
    default: Annotated[float, Param(description="Returned when there is no such event")] = -1.0

    async def run(self, ctx: Context) -> float:
        reader = self.reader(ctx)
        last = (await reader.last_times()).get(self.type or "*")
        return self.default if last is None else max(0, reader.now_ms - last) / 1000


@register
class IsNewUnit(FeatureOperator):
    """True when the unit's first event is less than `days` days old, or it has none: a
    condition for onboarding branches. First events are remembered for 90 idle days."""

    name = "features.is_new_unit"
    category = "features"

    days: Annotated[float, Param(gt=0, le=90, description="Younger than this is new")] = 7

    async def run(self, ctx: Context) -> bool:
        reader = self.reader(ctx)
        first = (await reader.last_times()).get("first")
        return first is None or reader.now_ms - first < self.days * DAY_MS


@register
class RecentItems(FeatureOperator):
    """The items the unit touched last, newest first, as rows `{item_id, ts, type,
    source}` (`type` is the kind of the latest event with the item). Up to the 200 latest
    items per type are kept; exposures are left out unless listed in `types`."""

    name = "features.recent_items"
    category = "features"

    types: TypesParam = INTERACTIONS
    limit: Annotated[int, Param(ge=1, le=200, description="How many items at most")] = 20
    tag: Annotated[str, Param(min_length=1, max_length=64,
                              description="Written to each row's `source` field")] = "recent"

    async def run(self, ctx: Context) -> Dataset:
        found = await self.reader(ctx).recent_items(self.types, self.limit)
        return Dataset.from_rows({"item_id": item, "ts": ts, "type": t, "source": self.tag}
                                 for item, ts, t in found)


class _SessionOperator(FeatureOperator):
    gap_minutes: Annotated[float, Param(gt=0, le=240, description=(
        "A pause longer than this starts a new session"))] = 30

    async def session(self, ctx: Context) -> dict[str, Any]:
        reader = self.reader(ctx)
        timeline = await reader.timeline(reader.now_ms - DAY_MS)
        found = current_session(timeline, reader.now_ms, int(self.gap_minutes * 60_000))
        return dict(NO_SESSION) if found is None else found.to_dict(reader.now_ms)


@register
class CurrentSession(_SessionOperator):
    """The current session as one dict: `active`, `start_ms`, `last_ms`, `events`,
    `duration_s` (first to last event), `length_s` (first event to now), `distinct_items`,
    `by_type`; `active` false and zeros when the unit has no open session."""

    name = "features.session"
    category = "features"

    async def run(self, ctx: Context) -> dict[str, Any]:
        return await self.session(ctx)


@register
class SessionLength(_SessionOperator):
    """Seconds since the current session began (its first event to now); 0 without one."""

    name = "features.session_length"
    category = "features"

    async def run(self, ctx: Context) -> float:
        return float((await self.session(ctx))["length_s"])


@register
class SessionDuration(_SessionOperator):
    """Seconds between the first and the last event of the current session; 0 without one."""

    name = "features.session_duration"
    category = "features"

    async def run(self, ctx: Context) -> float:
        return float((await self.session(ctx))["duration_s"])


@register
class SessionEventCount(_SessionOperator):
    """Events in the current session (every type); 0 without one."""

    name = "features.session_event_count"
    category = "features"

    async def run(self, ctx: Context) -> int:
        return int((await self.session(ctx))["events"])


@register
class SessionDistinctItems(_SessionOperator):
    """Different items named by the current session's events; 0 without one."""

    name = "features.session_distinct_items"
    category = "features"

    async def run(self, ctx: Context) -> int:
        return int((await self.session(ctx))["distinct_items"])
