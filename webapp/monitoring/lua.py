"""The breaker state machine of `graphengine.breaker`, in Lua, so that every worker's
update of a breaker is one atomic step in Redis (no lost counts, no lost transitions, one
round trip per run). Same algorithm, same hash layout as the Python `BreakerState`:

    state, opened_at, reason, half_open_at, trials, t_calls, t_failures, t_slow,
    head, calls, failures, slow, w:<slot> = "epoch,calls,failures,slow",
    n_open, n_half_open, n_closed, n_reset          (transitions into each state)

The gates hash of a scope holds "state|opened_at|reason" for each breaker not closed.
Numbers that Lua hands back to Redis are formatted here: Lua would truncate them."""

PRELUDE = r"""
local function num(v, d) if v then return tonumber(v) end return d end
local function fmt(x) return string.format('%.3f', x) end
local function pct(r) return math.floor(r * 100 + 0.5) end

local function verdict(calls, failures, slow, fr, sr, slow_ms)
  if calls == 0 then return nil end
  if failures / calls >= fr then
    return string.format('failure rate %d%% >= %d%% over %d calls',
                         pct(failures / calls), pct(fr), calls)
  end
  if slow / calls >= sr then
    return string.format('slow-call rate %d%% >= %d%% over %d calls (slow: over %s ms)',
                         pct(slow / calls), pct(sr), calls, string.format('%g', slow_ms))
  end
  return nil
end

local function gate(gates, node, state, opened_at, reason)
  if state == 'closed' then redis.call('HDEL', gates, node)
  else redis.call('HSET', gates, node, state .. '|' .. opened_at .. '|' .. reason) end
end

local function open(key, gates, node, now, why, before, out)
  redis.call('HSET', key, 'state', 'open', 'opened_at', fmt(now), 'reason', why)
  redis.call('HINCRBY', key, 'n_open', 1)
  gate(gates, node, 'open', fmt(now), why)
  table.insert(out, {node, before, 'open', why})
end

-- Back to a fresh closed breaker; only the transition counts survive.
local function clear(key, gates, node)
  local kept = redis.call('HMGET', key, 'n_open', 'n_half_open', 'n_closed', 'n_reset')
  redis.call('DEL', key)
  redis.call('HSET', key, 'state', 'closed', 'n_open', kept[1] or 0,
             'n_half_open', kept[2] or 0, 'n_closed', kept[3] or 0, 'n_reset', kept[4] or 0)
  gate(gates, node, 'closed')
end

local function evict(key, k)
  local v = redis.call('HGET', key, 'w:' .. k)
  if v then
    local _, c, f, s = string.match(v, '^(%-?%d+),(%d+),(%d+),(%d+)$')
    -- 0 - n, not -n: Lua writes -0 as "-0", which HINCRBY refuses.
    redis.call('HINCRBY', key, 'calls', 0 - tonumber(c))
    redis.call('HINCRBY', key, 'failures', 0 - tonumber(f))
    redis.call('HINCRBY', key, 'slow', 0 - tonumber(s))
    redis.call('HDEL', key, 'w:' .. k)
  end
end

local function add(key, kind, size, now, failed, slow)
  local head = num(redis.call('HGET', key, 'head'), nil)
  if kind == 'count' then
    local seq = head or 0
    local k = seq % size
    evict(key, k)
    redis.call('HSET', key, 'w:' .. k, seq .. ',1,' .. failed .. ',' .. slow, 'head', seq + 1)
  else
    local sec = math.floor(now)
    if head == nil then head = sec end
    if sec > head then
      for e = math.max(head + 1, sec - size + 1), sec do evict(key, e % size) end
      head = sec
    end
    local k = head % size
    local c, f, s = 0, 0, 0
    local v = redis.call('HGET', key, 'w:' .. k)
    if v then
      local e, vc, vf, vs = string.match(v, '^(%-?%d+),(%d+),(%d+),(%d+)$')
      if tonumber(e) == head then c, f, s = tonumber(vc), tonumber(vf), tonumber(vs)
      else evict(key, k) end
    end
    redis.call('HSET', key, 'w:' .. k,
               head .. ',' .. (c + 1) .. ',' .. (f + failed) .. ',' .. (s + slow), 'head', head)
  end
  redis.call('HINCRBY', key, 'calls', 1)
  redis.call('HINCRBY', key, 'failures', failed)
  redis.call('HINCRBY', key, 'slow', slow)
end
"""

# KEYS: gates, nodes (set), scenes (set), then one hash per call.
# ARGV: scene, now, window kind, window size, minimum calls, failure rate, slow-call rate,
#       slow-call ms, half-open calls, then per call: node, outcome, ms, trial (0/1).
# Returns {transitions {node, from, to, reason}..., the scope's gates as HGETALL}.
RECORD = PRELUDE + r"""
local now, kind, size = tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
local min_calls, fr, sr = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local slow_ms, ho_calls = tonumber(ARGV[8]), tonumber(ARGV[9])
local gates, out = KEYS[1], {}
redis.call('SADD', KEYS[3], ARGV[1])
for i = 4, #KEYS do
  local key, b = KEYS[i], 9 + (i - 4) * 4
  local node, outcome, ms, trial = ARGV[b + 1], ARGV[b + 2], tonumber(ARGV[b + 3]),
                                   ARGV[b + 4] == '1'
  redis.call('SADD', KEYS[2], node)
  local state = redis.call('HGET', key, 'state') or 'closed'
  if outcome == 'cancelled' then
    if trial and state == 'half_open' and
       num(redis.call('HGET', key, 'trials'), 0) > num(redis.call('HGET', key, 't_calls'), 0)
    then redis.call('HINCRBY', key, 'trials', -1) end
  else
    local failed = (outcome == 'ok') and 0 or 1
    local slow = (ms > slow_ms) and 1 or 0
    if state == 'closed' then
      redis.call('HSET', key, 'state', 'closed')
      add(key, kind, size, now, failed, slow)
      local w = redis.call('HMGET', key, 'calls', 'failures', 'slow')
      local calls = tonumber(w[1])
      if calls >= min_calls then
        local why = verdict(calls, tonumber(w[2]), tonumber(w[3]), fr, sr, slow_ms)
        if why then open(key, gates, node, now, why, 'closed', out) end
      end
    elseif state == 'half_open' and trial then
      local tc = redis.call('HINCRBY', key, 't_calls', 1)
      local tf = redis.call('HINCRBY', key, 't_failures', failed)
      local ts = redis.call('HINCRBY', key, 't_slow', slow)
      if tc >= ho_calls then
        local why = verdict(tc, tf, ts, fr, sr, slow_ms)
        if why then open(key, gates, node, now, 'trial calls: ' .. why, 'half_open', out)
        else
          clear(key, gates, node)
          redis.call('HINCRBY', key, 'n_closed', 1)
          table.insert(out, {node, 'half_open', 'closed',
                             tc .. ' trial calls under the thresholds'})
        end
      end
    end
  end
end
return {out, redis.call('HGETALL', gates)}
"""

# KEYS: gates, the node's hash. ARGV: now, node, open duration s, half-open calls,
# half-open max wait s. Returns {allowed, trial, transitions, gate or ''}.
ACQUIRE = PRELUDE + r"""
local now, node = tonumber(ARGV[1]), ARGV[2]
local open_s, ho_calls, ho_wait = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local gates, key, out = KEYS[1], KEYS[2], {}
local f = redis.call('HMGET', key, 'state', 'opened_at', 'reason', 'half_open_at', 'trials')
local state, opened_at, reason = f[1] or 'closed', f[2] or '0', f[3] or ''
if state == 'closed' then return {1, 0, out, ''} end
if state == 'open' then
  if now < tonumber(opened_at) + open_s then
    return {0, 0, out, 'open|' .. opened_at .. '|' .. reason}
  end
  redis.call('HSET', key, 'state', 'half_open', 'half_open_at', fmt(now), 'trials', 1,
             't_calls', 0, 't_failures', 0, 't_slow', 0)
  redis.call('HINCRBY', key, 'n_half_open', 1)
  gate(gates, node, 'half_open', opened_at, reason)
  table.insert(out, {node, 'open', 'half_open', 'open duration passed'})
  return {1, 1, out, 'half_open|' .. opened_at .. '|' .. reason}
end
if num(f[5], 0) < ho_calls then
  redis.call('HINCRBY', key, 'trials', 1)
  return {1, 1, out, 'half_open|' .. opened_at .. '|' .. reason}
end
if now >= num(f[4], 0) + ho_wait then
  local why = 'trial calls did not report within ' .. string.format('%g', ho_wait) .. ' s'
  open(key, gates, node, now, why, 'half_open', out)
  return {0, 0, out, 'open|' .. fmt(now) .. '|' .. why}
end
return {0, 0, out, 'half_open|' .. opened_at .. '|' .. reason}
"""

# KEYS: gates, the node's hash. ARGV: node. Returns the state before, or nil if unknown.
RESET = PRELUDE + r"""
if redis.call('EXISTS', KEYS[2]) == 0 then return false end
local before = redis.call('HGET', KEYS[2], 'state') or 'closed'
clear(KEYS[2], KEYS[1], ARGV[1])
redis.call('HINCRBY', KEYS[2], 'n_reset', 1)
return before
"""
