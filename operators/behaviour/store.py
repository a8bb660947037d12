"""The feature store's write side: `FeatureStore.apply(events)` folds events into a unit's
counts, recency, timeline and item counts (layout in keys.py).

One Lua script call per unit in the batch, all pipelined: one round trip per batch. The
script checks and records each event id in the unit's `ids` set *in the same atomic step*
as the counts, so a stream entry delivered twice (a worker died before XACK) or an event
sent twice is counted once. Every write is order-free (counts add up, latest / earliest
times take the max / min, recent lists keep the top N by time), so a shuffled stream gives
the same features as the ordered one.

Events are placed by their own time (`ts`), relative to `now` (the clock, or `now_ms`):
older than 7 days, or more than `future_ms` ahead, they are ignored; minute buckets are
written only for events of the last hour (only the 1 h window reads them).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from operators.behaviour.event import Event
from operators.behaviour.keys import DEFAULT_PREFIX, unit_base

# KEYS[1]: the unit's key base. Key names are built from it in the script; they all share
# the unit's hash tag, so the script stays on one cluster slot.
# ARGV: now_ms, future_ms, ttl_s, profile_ttl_s, timeline_ms, timeline_max, items_max,
# then six per event: id, type, item ('' if none), category ('' if none), ts, timeline member.
_APPLY = """
local base = KEYS[1]
local now = tonumber(ARGV[1])
local future = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local profile_ttl = tonumber(ARGV[4])
local tl_ms = tonumber(ARGV[5])
local tl_max = tonumber(ARGV[6])
local items_max = tonumber(ARGV[7])
local MIN, HOUR, DAY = 60000, 3600000, 86400000
local oldest = now - 7 * DAY
local applied, dup, ignored = 0, 0, 0
local hours, minutes, items, days = {}, {}, {}, {}
local last_key, ids_key, tl_key = base .. 'last', base .. 'ids', base .. 'tl'
local touched_last, touched_tl = false, false

-- Drop bucket fields older than `horizon`, at most once per `every` buckets (the '~' field
-- remembers when): reads ignore stale buckets anyway, this only bounds memory.
local function prune(key, horizon, every)
  local mark = tonumber(redis.call('HGET', key, '~'))
  if mark and horizon - mark < every then return end
  local stale = {}
  for _, f in ipairs(redis.call('HKEYS', key)) do
    local b = tonumber(string.match(f, '^(%-?%d+)'))
    if b and b < horizon then stale[#stale + 1] = f end
  end
  for j = 1, #stale, 500 do
    redis.call('HDEL', key, unpack(stale, j, math.min(j + 499, #stale)))
  end
  redis.call('HSET', key, '~', horizon)
end

-- Counts and latest / earliest times are gathered in tables and written once at the end:
-- a burst of one unit's events costs one command per distinct field, not per event.
local incr = {}
local function add(key, field)
  local t = incr[key]
  if not t then t = {}; incr[key] = t end
  t[field] = (t[field] or 0) + 1
end
local last = nil
local last_changed = {}
local function later(field, ts, ts_s, earliest)
  local cur = tonumber(last[field])
  if not cur or (earliest and ts < cur) or (not earliest and ts > cur) then
    last[field] = ts_s
    last_changed[field] = true
  end
end

for i = 8, #ARGV, 6 do
  local id, typ, item, cat, ts_s = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  local ts = tonumber(ts_s)
  if ts <= oldest or ts > now + future then
    ignored = ignored + 1
  elseif redis.call('ZADD', ids_key, 'NX', ts_s, id) == 0 then
    dup = dup + 1
  else
    applied = applied + 1
    local hk = base .. 'h:' .. typ
    local h = string.format('%d', math.floor(ts / HOUR))
    add(hk, h)
    if cat ~= '' then add(hk, h .. '|' .. cat) end
    hours[hk] = true
    if ts > now - HOUR then
      local mk = base .. 'm:' .. typ
      local m = string.format('%d', math.floor(ts / MIN))
      add(mk, m)
      if cat ~= '' then add(mk, m .. '|' .. cat) end
      minutes[mk] = true
    end
    if not last then
      last = {}
      local flat = redis.call('HGETALL', last_key)
      for j = 1, #flat, 2 do last[flat[j]] = flat[j + 1] end
    end
    later(typ, ts, ts_s, false)
    later('*', ts, ts_s, false)
    later('first', ts, ts_s, true)
    if item ~= '' then
      local ik = base .. 'items:' .. typ
      redis.call('ZADD', ik, 'GT', ts_s, item)
      items[ik] = true
      local day = math.floor(ts / DAY)
      local dk = base .. 'd:' .. string.format('%d', day)
      add(dk, typ .. '|' .. item)
      days[dk] = (day + 8) * DAY - now
    end
    if ts > now - tl_ms then
      redis.call('ZADD', tl_key, ts_s, ARGV[i + 5])
      touched_tl = true
    end
  end
end

for key, fields in pairs(incr) do
  for field, n in pairs(fields) do redis.call('HINCRBY', key, field, n) end
end
if last then
  local flat = {}
  for field in pairs(last_changed) do
    flat[#flat + 1] = field
    flat[#flat + 1] = last[field]
  end
  if #flat > 0 then redis.call('HSET', last_key, unpack(flat)) end
  touched_last = true
end

if applied > 0 then
  redis.call('ZREMRANGEBYSCORE', ids_key, '-inf', oldest)
  redis.call('EXPIRE', ids_key, ttl)
  local now_h, now_m = math.floor(now / HOUR), math.floor(now / MIN)
  for k in pairs(hours) do
    prune(k, now_h - 167, 24)
    redis.call('EXPIRE', k, ttl)
  end
  for k in pairs(minutes) do
    prune(k, now_m - 59, 60)
    redis.call('EXPIRE', k, 7200)
  end
  for k in pairs(items) do
    redis.call('ZREMRANGEBYRANK', k, 0, -items_max - 1)
    redis.call('EXPIRE', k, ttl)
  end
  for k, ms in pairs(days) do redis.call('PEXPIRE', k, math.max(ms, 1000)) end
  if touched_last then redis.call('EXPIRE', last_key, profile_ttl) end
  if touched_tl then
    redis.call('ZREMRANGEBYSCORE', tl_key, '-inf', now - tl_ms)
    redis.call('ZREMRANGEBYRANK', tl_key, 0, -tl_max - 1)
    redis.call('PEXPIRE', tl_key, tl_ms + HOUR)
  end
end
return {applied, dup, ignored}
"""


@dataclass(frozen=True)
class StoreConfig:
    """Where and how long the store keeps things (defaults match the documented layout)."""

    prefix: str = DEFAULT_PREFIX
    ttl_s: int = 8 * 86_400  # counts, ids, recent items: idle keys vanish after this
    profile_ttl_s: int = 90 * 86_400  # first / last seen (is_new_unit looks back this far)
    future_ms: int = 5 * 60_000  # clock skew tolerated for events from the future
    timeline_ms: int = 86_400_000  # sessions are read from the last 24 h of events
    timeline_max: int = 1000
    items_max: int = 200


@dataclass
class ApplyResult:
    applied: int = 0
    duplicates: int = 0  # already counted (same event id, same unit)
    ignored: int = 0  # older than 7 days, or too far in the future

    def __iadd__(self, other: ApplyResult) -> ApplyResult:
        self.applied += other.applied
        self.duplicates += other.duplicates
        self.ignored += other.ignored
        return self


def timeline_member(event: Event) -> str:
    """The timeline entry of an event: unique per event id, readable without other keys."""
    return json.dumps([event.type.value, event.item_id, event.category, event.id],
                      separators=(",", ":"))


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class FeatureStore:
    """Writes events into the feature store of one Redis (a synchronous redis-py client;
    the readers in reader.py use the operators' async client)."""

    def __init__(self, client: Any, config: StoreConfig | None = None) -> None:
        self.client = client
        self.config = config or StoreConfig()
        self._script = client.register_script(_APPLY)

    def apply(self, events: Iterable[Event], now: int | None = None) -> ApplyResult:
        """Fold `events` in; idempotent per (unit, event id). `now` (epoch ms) defaults to
        the clock."""
        per_unit: dict[str, list[str]] = defaultdict(list)
        for e in events:
            per_unit[e.unit_id] += [e.id, e.type.value, e.item_id or "", e.category or "",
                                    str(e.ts), timeline_member(e)]
        result = ApplyResult()
        if not per_unit:
            return result
        c = self.config
        head = [now if now is not None else now_ms(), c.future_ms, c.ttl_s, c.profile_ttl_s,
                c.timeline_ms, c.timeline_max, c.items_max]
        pipe = self.client.pipeline(transaction=False)
        for unit, args in per_unit.items():
            self._script(keys=[unit_base(c.prefix, unit)], args=head + args, client=pipe)
        for applied, duplicates, ignored in pipe.execute():
            result += ApplyResult(int(applied), int(duplicates), int(ignored))
        return result
