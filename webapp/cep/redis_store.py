"""CEP state in Redis, shared by every Celery worker that runs the matcher.

Keys (the `{unit}` hash tag keeps one unit's keys in one cluster slot):

- `<prefix>:{<unit>}:s:<rule id>:<fingerprint>` — the rule's state for the unit, a JSON
  blob, expiring `horizon + lateness + margin` after its last write;
- `<prefix>:{<unit>}:fired` — sorted set of fired match ids, scored by when they may be
  forgotten (processing ms), expiring with the newest;
- `<prefix>:due` — sorted set of `<slot>|<unit>` scored by the tick time they next need.

Atomicity: a transaction WATCHes the units' state keys and fired sets, reads them (one
MGET), runs the steps in Python (CEL predicates and pattern code cannot run inside a Lua
script) and writes everything in one MULTI/EXEC. If another worker wrote any watched key
meanwhile, EXEC fails and the steps rerun on fresh state: per-unit updates are serialised
without a lock, and a match is fired by exactly one worker. The due set is written in the
same EXEC but not watched: the writes of one unit's members are already serialised by its
state keys. A batch spans many units' keys, so it needs one Redis (not a cluster, where a
MULTI must stay in one slot: there, send one unit per transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import redis
from redis.exceptions import WatchError

from webapp.cep.patterns import RuleState
from webapp.cep.store import DAY_MS, Changes, FiredCheck, Job, Step, wall_ms

T = TypeVar("T")


class RedisStore:
    def __init__(self, client: redis.Redis, prefix: str = "cep",
                 clock: Callable[[], int] = wall_ms, dedupe_ttl_ms: int = DAY_MS) -> None:
        self._client = client
        self._prefix = prefix
        self._clock = clock
        self._dedupe_ttl_ms = dedupe_ttl_ms
        self.conflicts = 0  # transactions retried because another worker wrote first

    def state_key(self, unit_id: str, slot: str) -> str:
        return f"{self._prefix}:{{{unit_id}}}:s:{slot}"

    def fired_key(self, unit_id: str) -> str:
        return f"{self._prefix}:{{{unit_id}}}:fired"

    @property
    def due_key(self) -> str:
        return f"{self._prefix}:due"

    def transact(self, unit_id: str, slots: Sequence[str], step: Step[T]) -> T:
        return self.transact_many([(unit_id, slots, step)])[0]

    def transact_many(self, jobs: Sequence[Job[T]]) -> list[T]:
        """Several units in one WATCH/MGET/MULTI-EXEC: three round trips for a whole batch.
        A conflict on any unit reruns every step of the batch."""
        units = [unit_id for unit_id, _, _ in jobs]
        if len(set(units)) != len(units):
            raise ValueError("one job per unit in a batch")
        keys = [self.state_key(unit_id, slot) for unit_id, slots, _ in jobs for slot in slots]
        fired_keys = [self.fired_key(unit_id) for unit_id in units]
        # Typed Any: redis-py leaves Pipeline.watch unannotated.
        pipe: Any
        with self._client.pipeline(transaction=True) as pipe:
            while True:
                try:
                    pipe.watch(*keys, *fired_keys)
                    results = self._attempt(pipe, jobs, keys)
                    pipe.execute()
                    return results
                except WatchError:
                    self.conflicts += 1

    def _attempt(self, pipe: Any, jobs: Sequence[Job[T]], keys: list[str]) -> list[T]:
        # After WATCH the pipeline runs commands at once, until multi().
        raw = pipe.mget(keys) if keys else []
        now = self._clock()
        results: list[T] = []
        writes: list[tuple[str, Changes]] = []
        offset = 0
        for unit_id, slots, step in jobs:
            values = raw[offset:offset + len(slots)]
            offset += len(slots)
            loaded = {slot: None if value is None else RuleState.decode(value)
                      for slot, value in zip(slots, values, strict=True)}
            changes, result = step(loaded, self._fired_check(pipe, unit_id, now))
            writes.append((unit_id, changes))
            results.append(result)
        pipe.multi()
        for unit_id, changes in writes:
            self._write(pipe, unit_id, changes, now)
        return results

    def _fired_check(self, pipe: Any, unit_id: str, now: int) -> FiredCheck:
        def fired(ids: Sequence[str]) -> set[str]:
            scores = pipe.zmscore(self.fired_key(unit_id), list(ids))
            return {i for i, score in zip(ids, scores, strict=True)
                    if score is not None and score > now}
        return fired

    def _write(self, pipe: Any, unit_id: str, changes: Changes, now: int) -> None:
        for slot, (state, ttl) in changes.states.items():
            pipe.set(self.state_key(unit_id, slot), state.encode(), px=max(ttl, 1))
        if changes.fired:
            fired_key = self.fired_key(unit_id)
            pipe.zadd(fired_key, dict.fromkeys(changes.fired, now + self._dedupe_ttl_ms))
            pipe.zremrangebyscore(fired_key, "-inf", now)
            pipe.pexpire(fired_key, self._dedupe_ttl_ms)
        due_now = {f"{slot}|{unit_id}": due for slot, due in changes.due.items()
                   if due is not None}
        gone = [f"{slot}|{unit_id}" for slot, due in changes.due.items() if due is None]
        if due_now:
            pipe.zadd(self.due_key, due_now)
        if gone:
            pipe.zrem(self.due_key, *gone)

    def due(self, now_ms: int, limit: int) -> list[tuple[str, str]]:
        members = self._client.zrangebyscore(self.due_key, "-inf", now_ms, start=0, num=limit)
        pairs = []
        for member in members:
            text = member.decode() if isinstance(member, bytes) else str(member)
            slot, _, unit_id = text.partition("|")  # a slot never holds "|"; a unit id may
            pairs.append((unit_id, slot))
        return pairs
