"""The graph engine as this process uses it: one Engine per process (built after a fork),
and per-thread async clients for the operators (they belong to the loop that uses them)."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from graphengine import Breakers, Engine, Plan, RunResult, recording
from graphengine.recording import Tape

_lock = threading.Lock()
_engine: Engine | None = None
_pid = 0
_local = threading.local()


def get_engine() -> Engine:
    global _engine, _pid
    if _engine is None or _pid != os.getpid():
        with _lock:
            if _engine is None or _pid != os.getpid():
                _engine = Engine(cache_size=settings.LOOM_ENGINE_CACHE_SIZE)
                _pid = os.getpid()
                _local.__dict__.clear()
    return _engine


def resources() -> dict[str, Any]:
    """Clients handed to operators, created on first use in this thread."""
    found: dict[str, Any] | None = getattr(_local, "resources", None)
    if found is None or getattr(_local, "pid", None) != os.getpid():
        import redis.asyncio as aioredis

        found = {"redis": aioredis.Redis.from_url(settings.REDIS_URL, decode_responses=True)}
        _local.resources = found
        _local.pid = os.getpid()
    return found


def _offline_http() -> Any:
    """A shared HTTP client that refuses every request: replayed graphs answer their data
    sources from the recording and must never reach the network (a webhook would fire)."""
    import httpx

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"replay: no network ({request.method} {request.url} was "
                                 "not recorded)", request=request)

    return httpx.AsyncClient(transport=httpx.MockTransport(refuse))


def compile_kv(kv: Mapping[str, str]) -> Plan:
    """The compiled graph for a KV config, from this process's cache when seen before."""
    return get_engine().compile_kv(kv)


@dataclass
class Job:
    """One run of `run_many`: what `run` takes, for one graph and context."""

    plan: Plan
    context: Mapping[str, Any]
    run_id: str | None = None
    serial: bool = False
    tape: Tape | None = None
    replay: bool = False
    scope: str | None = None
    extra: Mapping[str, Any] | None = None


def run(plan: Plan, context: Mapping[str, Any], *, serial: bool = False,
        run_id: str | None = None, tape: Tape | None = None,
        replay: bool = False, breakers: Breakers | None = None,
        scope: str | None = None, extra: Mapping[str, Any] | None = None) -> RunResult:
    """With a `tape`, every resource call is recorded on it, or, with `replay`, answered
    from it without touching the real clients. `breakers` / `scope`: the circuit breakers
    guarding the nodes (webapp.monitoring) and whose they are (the scene). `extra`: more
    resources for this run only (never recorded), e.g. rule graphs' `cep` host."""
    job = Job(plan, context, run_id, serial, tape, replay, scope, extra)
    return get_engine().run_coroutine(_arun(job, breakers))


def run_many(jobs: Sequence[Job], breakers: Breakers | None = None) -> list[RunResult]:
    """The runs at once on this thread's loop: while one waits for Redis, another computes."""
    async def together() -> list[RunResult]:
        return list(await asyncio.gather(*(_arun(job, breakers) for job in jobs)))

    return get_engine().run_coroutine(together())


async def _arun(job: Job, breakers: Breakers | None) -> RunResult:
    clients = resources()
    if job.tape is not None:
        clients = recording.replaying(clients, job.tape) if job.replay \
            else recording.recording(clients, job.tape)
        if job.replay:  # HTTP operators fall back to their own client when no shared one
            clients.setdefault("http", _offline_http())  # is given: a replay must not call out
    if job.extra:
        clients = {**clients, **job.extra}
    return await get_engine().arun(job.plan, job.context, serial=job.serial,
                                   resources=clients, run_id=job.run_id, breakers=breakers,
                                   scope=job.scope)


def reset() -> None:
    """Forget the engine and clients (after a fork, or between tests)."""
    global _engine
    with _lock:
        if _engine is not None and _pid == os.getpid():
            _engine.close()
        _engine = None
    _local.__dict__.clear()
