"""Sessions, derived at read time from a unit's timeline (its last 24 h of events).

A session is a run of events, in event-time order, where no two consecutive events are
more than 30 minutes apart (the gap). The *current* session is the one holding the unit's
latest event, provided that event is at most one gap before now; otherwise the unit has
no current session. Because sessions are cut from the time-sorted timeline, an event that
arrives late lands where it belongs and may join (or bridge) sessions.

Features of the current session:
- `events`: how many events it holds;
- `duration_s`: seconds from its first to its last event;
- `length_s`: seconds from its first event to now (how long it has been going);
- `distinct_items`: how many different items its events name;
- `by_type`: events per type.
A session longer than the timeline (24 h of non-stop activity) is cut at its start.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

GAP_MS = 30 * 60_000


@dataclass(frozen=True)
class TimelineEvent:
    ts: int
    type: str
    item_id: str | None
    category: str | None
    id: str

    @classmethod
    def from_member(cls, member: str, score: float) -> TimelineEvent:
        type_, item, category, id_ = json.loads(member)
        return cls(int(score), type_, item, category, id_)


@dataclass(frozen=True)
class Session:
    start_ms: int
    last_ms: int
    events: int
    distinct_items: int
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def duration_s(self) -> float:
        return (self.last_ms - self.start_ms) / 1000

    def length_s(self, now_ms: int) -> float:
        return max(0, now_ms - self.start_ms) / 1000

    def to_dict(self, now_ms: int) -> dict[str, Any]:
        return {"active": True, "start_ms": self.start_ms, "last_ms": self.last_ms,
                "events": self.events, "duration_s": self.duration_s,
                "length_s": self.length_s(now_ms), "distinct_items": self.distinct_items,
                "by_type": dict(self.by_type)}


NO_SESSION: dict[str, Any] = {"active": False, "start_ms": None, "last_ms": None, "events": 0,
                              "duration_s": 0.0, "length_s": 0.0, "distinct_items": 0,
                              "by_type": {}}


def current_session(timeline: Sequence[TimelineEvent], now_ms: int,
                    gap_ms: int = GAP_MS) -> Session | None:
    """The current session of a timeline (any order; events after `now_ms` are left out)."""
    events = sorted((e for e in timeline if e.ts <= now_ms), key=lambda e: e.ts)
    if not events or now_ms - events[-1].ts > gap_ms:
        return None
    start = len(events) - 1
    while start > 0 and events[start].ts - events[start - 1].ts <= gap_ms:
        start -= 1
    chosen = events[start:]
    by_type: dict[str, int] = {}
    for e in chosen:
        by_type[e.type] = by_type.get(e.type, 0) + 1
    items = {e.item_id for e in chosen if e.item_id is not None}
    return Session(chosen[0].ts, chosen[-1].ts, len(chosen), len(items), by_type)
