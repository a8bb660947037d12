"""Circuit breakers shared by every worker: a Redis store for `graphengine.guard.Breakers`
(keys per scene and node; every update one Lua step, see `lua.py`) and this process's
`board()` built from settings.

Keys (a scene slug holds no colon):

    loom:breaker:<scene>:n:<node>   the breaker (hash)
    loom:breaker:<scene>:gates      breakers of the scene that are not closed (hash)
    loom:breaker:<scene>:nodes      nodes with a breaker (set)
    loom:breaker:scenes             scenes with breakers (set)

Per run a worker reads the scene's gates at most every LOOM_BREAKER_REFRESH_S (usually an
empty hash; the report of the previous run brings them back for free) and reports its
nodes' outcomes in one round trip. Redis being down never fails a request: the store
raises at once for LOOM_BREAKER_RETRY_S and the engine runs the nodes unguarded.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

import redis
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis.backoff import NoBackoff
from redis.retry import Retry

from graphengine import BreakerConfig, Breakers
from graphengine.breaker import BreakerState, Gate, Transition, Window
from graphengine.guard import Call, Permit
from webapp.monitoring import lua

log = logging.getLogger(__name__)
PREFIX = "loom:breaker"
_N_FIELDS = {"n_open": "open", "n_half_open": "half_open", "n_closed": "closed",
             "n_reset": "reset"}


class StoreDown(RuntimeError):
    """Redis failed a moment ago; not asked again until the retry time."""


def _key(scope: str, suffix: str) -> str:
    return f"{PREFIX}:{scope}:{suffix}"


def _gate(text: str) -> Gate:
    state, opened_at, reason = text.split("|", 2)
    return Gate(state, float(opened_at), reason)


def _transitions(scope: str, rows: Sequence[Sequence[str]], now: float) -> list[Transition]:
    return [Transition(scope, node, before, after, why, now) for node, before, after, why in rows]


def parse_state(fields: Mapping[str, str], config: BreakerConfig) -> BreakerState:
    """A breaker hash as the Python state machine's state (for reading, never writing)."""
    slots: dict[int, list[int]] = {}
    for name, value in fields.items():
        if name.startswith("w:"):
            slots[int(name[2:])] = [int(v) for v in value.split(",")]

    def n(name: str) -> int:
        return int(fields.get(name) or 0)

    window = Window(config.window, config.window_size,
                    head=int(fields["head"]) if "head" in fields else None,
                    calls=n("calls"), failures=n("failures"), slow=n("slow"), slots=slots)
    opened_at = fields.get("opened_at")
    half_open_at = fields.get("half_open_at")
    return BreakerState(
        window, state=fields.get("state") or "closed",
        opened_at=float(opened_at) if opened_at else None, reason=fields.get("reason", ""),
        half_open_at=float(half_open_at) if half_open_at else None, trials=n("trials"),
        trial_calls=n("t_calls"), trial_failures=n("t_failures"), trial_slow=n("t_slow"),
        transitions={name: n(f) for f, name in _N_FIELDS.items() if n(f)})


class RedisStore:
    """`graphengine.guard.BreakerStore` on Redis. Thread-safe (redis-py pools are)."""

    def __init__(self, client: redis.Redis, *, refresh_s: float = 1.0,
                 retry_s: float = 5.0) -> None:
        self.client = client
        self.refresh_s = refresh_s
        self.retry_s = retry_s
        self._record = client.register_script(lua.RECORD)
        self._acquire = client.register_script(lua.ACQUIRE)
        self._reset = client.register_script(lua.RESET)
        self._gates: dict[str, tuple[float, dict[str, Gate]]] = {}
        self._down_until = 0.0
        self._lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **kw: Any) -> RedisStore:
        # Fail fast: a breaker store that makes requests wait would be worse than none.
        client = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=0.25,
                                      socket_timeout=0.5, retry=Retry(NoBackoff(), 0))
        return cls(client, **kw)

    def _guarded(self) -> None:
        if time.monotonic() < self._down_until:
            raise StoreDown("the breaker store failed recently")

    def _failed(self) -> None:
        self._down_until = time.monotonic() + self.retry_s

    def _keep(self, scope: str, gates: dict[str, Gate]) -> None:
        with self._lock:
            self._gates[scope] = (time.monotonic() + self.refresh_s, gates)

    # -- the engine's side --------------------------------------------------------------

    def gates(self, scope: str) -> Mapping[str, Gate]:
        cached = self._gates.get(scope)
        if cached is not None and time.monotonic() < cached[0]:
            return cached[1]
        self._guarded()
        try:
            found = self.client.hgetall(_key(scope, "gates"))
        except redis.RedisError:
            self._failed()
            raise
        gates = {node: _gate(text) for node, text in found.items()}
        self._keep(scope, gates)
        return gates

    def acquire(self, scope: str, node: str, config: BreakerConfig, now: float) -> Permit:
        self._guarded()
        try:
            allowed, trial, rows, gate = self._acquire(
                keys=[_key(scope, "gates"), _key(scope, f"n:{node}")],
                args=[repr(now), node, config.open_duration_s, config.half_open_calls,
                      config.half_open_max_wait_s])
        except redis.RedisError:
            self._failed()
            raise
        found = _gate(gate) if gate else None
        with self._lock:  # this process sees its own transition at once
            cached = self._gates.get(scope)
            if cached is not None:
                gates = dict(cached[1])
                if found is None:
                    gates.pop(node, None)
                else:
                    gates[node] = found
                self._gates[scope] = (cached[0], gates)
        return Permit(bool(allowed), bool(trial), found, _transitions(scope, rows, now))

    def record(self, scope: str, calls: Sequence[Call], config: BreakerConfig,
               now: float) -> list[Transition]:
        self._guarded()
        args: list[Any] = [repr(now), config.window, config.window_size,
                           config.minimum_calls, repr(config.failure_rate),
                           repr(config.slow_call_rate), repr(config.slow_call_ms),
                           config.half_open_calls]
        for c in calls:
            args += [c.node, c.outcome, f"{c.duration_ms:.3f}", 1 if c.trial else 0]
        keys = [_key(scope, "gates"), _key(scope, "nodes"), f"{PREFIX}:scenes",
                *(_key(scope, f"n:{c.node}") for c in calls)]
        try:
            # EVALSHA on its own: in a pipeline redis-py would ask SCRIPT EXISTS each time.
            rows, gates = self._record(keys=keys, args=[scope, *args])
        except redis.RedisError:
            self._failed()
            raise
        self._keep(scope, {node: _gate(text) for node, text in zip(gates[::2], gates[1::2],
                                                                     strict=True)})
        return _transitions(scope, rows, now)

    def reset(self, scope: str, node: str, config: BreakerConfig, now: float,
              reason: str) -> Transition | None:
        before = self._reset(keys=[_key(scope, "gates"), _key(scope, f"n:{node}")],
                             args=[node])
        with self._lock:
            self._gates.pop(scope, None)
        return None if before is None else Transition(scope, node, before, "closed", reason, now)

    # -- the API's side -----------------------------------------------------------------

    def read(self, scope: str | None, config: BreakerConfig,
             now: float) -> list[dict[str, Any]]:
        scopes = [scope] if scope is not None else sorted(
            self.client.smembers(f"{PREFIX}:scenes"))
        pipe = self.client.pipeline(transaction=False)
        for s in scopes:
            pipe.smembers(_key(s, "nodes"))
        pairs = [(s, node) for s, nodes in zip(scopes, pipe.execute(), strict=True)
                 for node in sorted(nodes)]
        for s, node in pairs:
            pipe.hgetall(_key(s, f"n:{node}"))
        return [parse_state(fields, config).info(s, node, config, now)
                for (s, node), fields in zip(pairs, pipe.execute(), strict=True) if fields]


def config() -> BreakerConfig:
    """Thresholds from settings (LOOM_BREAKER_*), with resilience4j-like defaults scaled to a
    request that answers in tens of milliseconds."""

    def get(name: str, default: Any) -> Any:
        return getattr(settings, f"LOOM_BREAKER_{name}", default)

    return BreakerConfig(
        failure_rate=float(get("FAILURE_RATE", 0.5)),
        slow_call_rate=float(get("SLOW_CALL_RATE", 1.0)),
        slow_call_ms=float(get("SLOW_CALL_MS", 1000.0)),
        minimum_calls=int(get("MINIMUM_CALLS", 20)),
        window=str(get("WINDOW", "count")),
        window_size=int(get("WINDOW_SIZE", 50)),
        open_duration_s=float(get("OPEN_DURATION_S", 30.0)),
        half_open_calls=int(get("HALF_OPEN_CALLS", 5)),
        half_open_max_wait_s=float(get("HALF_OPEN_MAX_WAIT_S", 30.0)),
    )


_board: Breakers | None = None
_made_for: tuple[int, str] = (0, "")
_board_lock = threading.Lock()


def enabled() -> bool:
    return bool(getattr(settings, "LOOM_BREAKERS_ENABLED", True))


def board(*, even_if_disabled: bool = False) -> Breakers | None:
    """This process's breakers (None when LOOM_BREAKERS_ENABLED is off, unless asked for
    them anyway, as the API does to show and reset them); rebuilt after a fork (a Redis
    pool must not cross one) and when the settings change (tests)."""
    global _board, _made_for
    if not even_if_disabled and not enabled():
        return None
    wanted = (os.getpid(), settings.REDIS_URL)
    if _board is None or _made_for != wanted:
        with _board_lock:
            if _board is None or _made_for != wanted:
                store = RedisStore.from_url(
                    settings.REDIS_URL,
                    refresh_s=float(getattr(settings, "LOOM_BREAKER_REFRESH_S", 1.0)),
                    retry_s=float(getattr(settings, "LOOM_BREAKER_RETRY_S", 5.0)))
                _board, _made_for = Breakers(store, config()), wanted
    return _board


@receiver(setting_changed)
def _forget(setting: str, **_: Any) -> None:
    global _board
    if setting.startswith("LOOM_BREAKER") or setting == "REDIS_URL":
        _board = None
