"""The events stream in Redis: batch ingestion (dedupe, back-pressure and XADD in one atomic
script), the consumer group, and reading, reclaiming, acknowledging and trimming entries.

Backlog = the stream's length. The consumer trims every entry that all consumer groups have
acknowledged, so what is left is exactly what waits: entries not yet read and entries read
but not acknowledged (a worker died, or a handler failed). XLEN is O(1), so checking it on
every POST costs nothing; Redis 6.2 (the bundled server) has no `lag` in XINFO GROUPS.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import redis

from operators.behaviour.event import Event

log = logging.getLogger(__name__)
GROUP = "features"
Entry = tuple[str, dict[str, str] | None]  # (stream id, fields; None if deleted meanwhile)

# KEYS[1]: the stream; KEYS[2..]: one dedupe key per event.
# ARGV: max_backlog, maxlen, dedupe_ttl_s, then one payload per event.
# All or nothing against the backlog: a batch that would pass it writes nothing.
_APPEND = """
local backlog = redis.call('XLEN', KEYS[1])
local n = #KEYS - 1
if backlog + n > tonumber(ARGV[1]) then return {-1, backlog} end
local accepted = 0
for i = 1, n do
  if redis.call('SET', KEYS[i + 1], '1', 'NX', 'EX', ARGV[3]) then
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'event', ARGV[i + 3])
    accepted = accepted + 1
  end
end
return {accepted, backlog + accepted}
"""


class BacklogFull(Exception):
    def __init__(self, backlog: int, limit: int) -> None:
        super().__init__(f"{backlog} events waiting (limit {limit})")
        self.backlog = backlog
        self.limit = limit


@dataclass(frozen=True)
class Appended:
    accepted: int
    duplicates: int  # event ids seen within the dedupe TTL (also within this batch)
    backlog: int  # events waiting, these included


def _id(text: str) -> tuple[int, int]:
    ms, _, seq = text.partition("-")
    return int(ms), int(seq or 0)


class EventStream:
    def __init__(self, client: redis.Redis, name: str, prefix: str, *, max_backlog: int,
                 dedupe_ttl_s: int, group: str = GROUP) -> None:
        self.client = client
        self.name = name
        self.prefix = prefix
        self.group = group
        self.max_backlog = max_backlog
        self.dedupe_ttl_s = dedupe_ttl_s
        # The approximate cap is a safety net only: POST refuses past max_backlog first.
        self.maxlen = 2 * max_backlog
        self._append = client.register_script(_APPEND)

    def append(self, events: Sequence[Event]) -> Appended:
        """Add the events not seen before; raises BacklogFull (writing nothing) when they
        would take the backlog past its limit."""
        keys = [self.name, *(f"{self.prefix}seen:{e.id}" for e in events)]
        args = [self.max_backlog, self.maxlen, self.dedupe_ttl_s,
                *(e.model_dump_json() for e in events)]
        accepted, backlog = (int(x) for x in self._append(keys=keys, args=args))
        if accepted < 0:
            raise BacklogFull(backlog, self.max_backlog)
        return Appended(accepted, len(events) - accepted, backlog)

    def backlog(self) -> int:
        return int(self.client.xlen(self.name))

    def latest(self, count: int) -> list[Entry]:
        """The newest `count` entries, oldest first (their arrival order)."""
        return list(reversed(self.client.xrevrange(self.name, count=count)))

    def ensure_group(self) -> None:
        """The consumer group, reading from the stream's start (so events sent before any
        worker ran are consumed too)."""
        try:
            self.client.xgroup_create(self.name, self.group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def read(self, consumer: str, count: int) -> list[Entry]:
        """New entries for this consumer (never delivered to the group before)."""
        try:
            found = self.client.xreadgroup(self.group, consumer, {self.name: ">"},
                                           count=count)
        except redis.ResponseError as exc:
            if "NOGROUP" not in str(exc):
                raise
            self.ensure_group()  # the stream was deleted meanwhile (e.g. flushed)
            return []
        return list(found[0][1]) if found else []

    def reclaim(self, consumer: str, min_idle_ms: int, count: int,
                start: str = "0-0") -> tuple[str, list[Entry]]:
        """Entries other consumers read but have not acknowledged for `min_idle_ms` (their
        worker died, or their batch failed), now this consumer's; and the cursor to go on
        from ("0-0" when the scan is complete)."""
        reply: Any = self.client.xautoclaim(self.name, self.group, consumer, min_idle_ms,
                                            start_id=start, count=count)
        cursor, entries = reply[0], reply[1]
        return str(cursor), [e for e in entries if e[0] is not None]

    def deliveries(self, consumer: str, ids: Sequence[str]) -> dict[str, int]:
        """How often each of these pending entries was delivered."""
        if not ids:
            return {}
        ordered = sorted(ids, key=_id)
        found = self.client.xpending_range(self.name, self.group, min=ordered[0],
                                           max=ordered[-1], count=len(ids) + 100,
                                           consumername=consumer)
        return {str(p["message_id"]): int(p["times_delivered"]) for p in found}

    def ack(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if ids:
            self.client.xack(self.name, self.group, *ids)

    def trim(self) -> int:
        """Drop the entries every group has acknowledged; returns how many went."""
        try:
            groups = self.client.xinfo_groups(self.name)
        except redis.ResponseError:
            return 0  # no stream yet
        floor: tuple[int, int] | None = None
        for g in groups:
            ms, seq = _id(str(g["last-delivered-id"]))
            keep = (ms, seq + 1)  # the first entry not yet delivered to this group
            if int(g["pending"]):
                summary = self.client.xpending(self.name, str(g["name"]))
                keep = min(keep, _id(str(summary["min"])))
            floor = keep if floor is None else min(floor, keep)
        if floor is None:
            return 0
        return int(self.client.xtrim(self.name, minid=f"{floor[0]}-{floor[1]}",
                                     approximate=False))

    def info(self) -> dict[str, Any]:
        try:
            groups = self.client.xinfo_groups(self.name)
        except redis.ResponseError:
            groups = []
        return {"stream": self.name, "backlog": self.backlog(),
                "max_backlog": self.max_backlog,
                "groups": [{"name": str(g["name"]), "consumers": int(g["consumers"]),
                            "pending": int(g["pending"]),
                            "last_delivered_id": str(g["last-delivered-id"])}
                           for g in groups]}
