"""A finished run's payload handed from the worker to the waiting web request through a
Redis list: the web side blocks on BLPOP (no polling, no database reads), and any number
of threads may wait at once. Celery's own result waiting is not safe across the threads of
one web process, hence this. The run row stays the record: a lost notice only costs the
waiter its timeout, after which it reads the row."""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import redis
from django.conf import settings

log = logging.getLogger(__name__)
KEEP_S = 60  # a notice nobody waited for expires
_clients: dict[tuple[int, str, float], redis.Redis] = {}


def in_use() -> bool:
    """Only when tasks run on workers: an eager task has finished before anyone waits."""
    from webapp.config.celery_app import app

    return not app.conf.task_always_eager


def _redis(read_timeout_s: float) -> redis.Redis:
    """A client per read timeout, so a hung Redis costs a waiter its deadline and a worker
    a second, never a blocked thread."""
    key = (os.getpid(), settings.REDIS_URL, read_timeout_s)  # a pool must not cross a fork
    if key not in _clients:
        _clients[key] = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1.0,
                                             socket_timeout=read_timeout_s)
    return _clients[key]


def _key(run_id: str) -> str:
    return f"loom:run:{run_id}:done"


def post(run_id: str, payload: dict[str, Any]) -> None:
    if not in_use():
        return
    try:
        pipe = _redis(1.0).pipeline(transaction=False)
        pipe.rpush(_key(run_id), json.dumps(payload))
        pipe.expire(_key(run_id), KEEP_S)
        pipe.execute()
    except redis.RedisError as exc:
        log.warning("run %s: could not post its notice (%s); waiters read the row", run_id, exc)


def wait(run_id: str, timeout_s: float) -> dict[str, Any] | None:
    """The posted payload, or None when none came within the timeout."""
    if timeout_s <= 0 or not in_use():
        return None
    try:
        found = _redis(round(timeout_s, 1) + 1.0).blpop([_key(run_id)], timeout=timeout_s)
    except redis.RedisError as exc:
        log.warning("run %s: could not wait for its notice (%s)", run_id, exc)
        return None
    return None if found is None else dict(json.loads(found[1]))
