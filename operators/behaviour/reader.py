"""The feature store's read side, for the `features.*` operators: one unit's features, each
read in one pipelined round trip on the operators' async Redis client (`decode_responses`).

Bucket hashes and the timeline are read whole and cut to the window here, so those calls
do not depend on the clock: a recorded request (the replay gate) replays against the same
calls whatever time it is. Per-item counts read one key per day, which does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from operators.behaviour import windows
from operators.behaviour.keys import DEFAULT_PREFIX, UnitKeys
from operators.behaviour.session import TimelineEvent
from operators.behaviour.windows import DAY_MS, Bucket, Window


class BehaviourReader:
    """Features of one unit at one moment (`now_ms`, epoch milliseconds)."""

    def __init__(self, client: Any, unit_id: str, now_ms: int,
                 prefix: str = DEFAULT_PREFIX) -> None:
        self.client = client
        self.keys = UnitKeys(unit_id, prefix)
        self.now_ms = now_ms

    async def buckets(self, types: Sequence[str], window: Window) -> dict[str, list[Bucket]]:
        """Each type's bucket fields at the granularity `window` reads."""
        minutes = windows.span(window, self.now_ms).granularity == "m"
        pipe = self.client.pipeline(transaction=False)
        for t in types:
            pipe.hgetall(self.keys.minutes(t) if minutes else self.keys.hours(t))
        replies = await pipe.execute()
        return {t: windows.parse(raw) for t, raw in zip(types, replies, strict=True)}

    async def counts(self, types: Sequence[str], window: Window,
                     category: str | None = None) -> dict[str, int]:
        """Events per type in the window (of one category, if given)."""
        within = windows.span(window, self.now_ms)
        found = await self.buckets(types, window)
        return {t: windows.total(found[t], within, category) for t in types}

    async def all_counts(self, types: Sequence[str]) -> dict[str, dict[str, int]]:
        """Events per type and window (1h, 1d, 7d), in one round trip."""
        pipe = self.client.pipeline(transaction=False)
        for t in types:
            pipe.hgetall(self.keys.minutes(t))
            pipe.hgetall(self.keys.hours(t))
        replies = iter(await pipe.execute())
        out: dict[str, dict[str, int]] = {}
        for t in types:
            by_minute, by_hour = windows.parse(next(replies)), windows.parse(next(replies))
            out[t] = {w: windows.total(by_minute if w == "1h" else by_hour,
                                       windows.span(w, self.now_ms))
                      for w in windows.WINDOWS}
        return out

    async def category_counts(self, types: Sequence[str], window: Window) -> dict[str, int]:
        """Events of the given types per category in the window."""
        within = windows.span(window, self.now_ms)
        out: dict[str, int] = {}
        for found in (await self.buckets(types, window)).values():
            for category, n in windows.by_category(found, within).items():
                out[category] = out.get(category, 0) + n
        return out

    async def category_weights(self, weights: dict[str, float], window: Window,
                               half_life_hours: float | None = None) -> dict[str, float]:
        """Sum over types of weight × (decayed) events per category in the window."""
        types = [t for t, w in weights.items() if w > 0]
        if not types:
            return {}
        within = windows.span(window, self.now_ms)
        half_life = None
        if half_life_hours:
            half_life = half_life_hours * (60 if within.granularity == "m" else 1)
        out: dict[str, float] = {}
        for t, found in (await self.buckets(types, window)).items():
            for category, n in windows.decayed_by_category(found, within, half_life).items():
                out[category] = out.get(category, 0.0) + weights[t] * n
        return out

    async def last_times(self) -> dict[str, int]:
        """Latest event time per type (`*`: any type) and `first`, the earliest counted."""
        raw = await self.client.hgetall(self.keys.last)
        return {k: int(v) for k, v in raw.items()}

    async def recent_items(self, types: Sequence[str], limit: int
                           ) -> list[tuple[str, int, str]]:
        """(item_id, latest ts, type of that latest event), newest first."""
        pipe = self.client.pipeline(transaction=False)
        for t in types:
            pipe.zrevrange(self.keys.items(t), 0, limit - 1, withscores=True)
        best: dict[str, tuple[int, str]] = {}
        for t, pairs in zip(types, await pipe.execute(), strict=True):
            for item, score in pairs:
                ts = int(score)
                if ts <= self.now_ms and (item not in best or ts > best[item][0]):
                    best[item] = (ts, t)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
        return [(item, ts, t) for item, (ts, t) in ranked]

    async def timeline(self, since_ms: int) -> list[TimelineEvent]:
        """The unit's events with since_ms < ts <= now, oldest first."""
        pairs = await self.client.zrange(self.keys.timeline, 0, -1, withscores=True)
        return [TimelineEvent.from_member(m, s) for m, s in pairs
                if since_ms < s <= self.now_ms]

    async def item_counts(self, items: Iterable[str], types: Sequence[str], days: int
                          ) -> dict[str, dict[str, int]]:
        """Events per item and type over the current UTC day and the `days - 1` before."""
        wanted = list(dict.fromkeys(items))
        fields = [f"{t}|{i}" for i in wanted for t in types]
        out: dict[str, dict[str, int]] = {i: dict.fromkeys(types, 0) for i in wanted}
        if not fields:
            return out
        today = self.now_ms // DAY_MS
        pipe = self.client.pipeline(transaction=False)
        for day in range(today - days + 1, today + 1):
            pipe.hmget(self.keys.day(day), fields)
        for values in await pipe.execute():
            for name, value in zip(fields, values, strict=True):
                if value is not None:
                    t, _, item = name.partition("|")
                    out[item][t] += int(value)
        return out
