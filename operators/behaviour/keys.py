"""The feature store's Redis layout, one place for the writer (Lua) and the readers.

Every key of a unit starts with `<prefix>u:{<unit_id>}:` — the braces are a cluster hash
tag, so all of a unit's keys live in one slot and one script may touch them together.

- `ids` (zset): event id -> ts of every counted event, the dedupe record; ids older than
  7 days are trimmed (such events are ignored anyway); 8 idle days.
- `m:<type>` (hash): minute buckets `<minute>` and `<minute>|<category>` -> count; buckets
  older than an hour are pruned hourly; 2 idle hours.
- `h:<type>` (hash): hour buckets `<hour>` and `<hour>|<category>` -> count; buckets older
  than 7 days are pruned daily; 8 idle days.
- `d:<day>` (hash): `<type>|<item_id>` -> count for the events of one UTC day; expires 8
  days after that day.
- `last` (hash): `<type>` and `*` (any type) -> latest ts, `first` -> earliest ts; 90 idle
  days.
- `items:<type>` (zset): item_id -> latest ts, the 200 most recent items; 8 idle days.
- `tl` (zset): the timeline, `[type, item_id, category, id]` (JSON) -> ts, for the last
  24 h and at most 1,000 events.
"""

from __future__ import annotations

DEFAULT_PREFIX = "beh:"


def unit_base(prefix: str, unit_id: str) -> str:
    return f"{prefix}u:{{{unit_id}}}:"


class UnitKeys:
    """Key names of one unit."""

    __slots__ = ("base",)

    def __init__(self, unit_id: str, prefix: str = DEFAULT_PREFIX) -> None:
        self.base = unit_base(prefix, unit_id)

    @property
    def ids(self) -> str:
        return self.base + "ids"

    @property
    def last(self) -> str:
        return self.base + "last"

    @property
    def timeline(self) -> str:
        return self.base + "tl"

    def minutes(self, event_type: str) -> str:
        return f"{self.base}m:{event_type}"

    def hours(self, event_type: str) -> str:
        return f"{self.base}h:{event_type}"

    def items(self, event_type: str) -> str:
        return f"{self.base}items:{event_type}"

    def day(self, day: int) -> str:
        return f"{self.base}d:{day}"
