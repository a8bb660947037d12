"""Real Celery processes (worker, beat) for the integration tests, on the test's database
and Redis. Test support, kept out of conftest so several test packages can share it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.db import connection

from webapp.config.celery_app import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


def database_url() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _drop_connections() -> None:
    """Celery caches its broker connections (as it does across a fork); after changing the
    broker they must go, or messages keep flowing to the old one."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def _process(args: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "webapp.config", *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def celery(redis_url: str, workdir: Path, beat: bool = False,
           extra_env: dict[str, str] | None = None) -> Iterator[None]:
    """A worker on both queues (and beat, if asked) until the block ends. The caller's
    Celery app sends to the same Redis, not eagerly."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.result_backend)
    conf.task_always_eager = False
    conf.broker_url = conf.result_backend = redis_url
    _drop_connections()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "webapp.config.settings.local",
           "DATABASE_URL": database_url(), "REDIS_URL": redis_url,
           "LOOM_MODEL_DIR": str(workdir), "DJANGO_DEBUG": "0", **(extra_env or {})}
    try:
        with ExitStack() as stack:
            worker = stack.enter_context(_process(
                ["worker", "-Q", "serving,default", "-P", "prefork", "-c", "1",
                 "--without-gossip", "--without-mingle", "--without-heartbeat",
                 "-l", "WARNING"], env))
            _wait_for_ping(worker)
            if beat:
                stack.enter_context(_process(
                    ["beat", "-s", str(workdir / "beat-schedule"), "-l", "WARNING"], env))
            yield
    finally:
        conf.task_always_eager, conf.broker_url, conf.result_backend = saved
        _drop_connections()


def _wait_for_ping(proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if celery_app.control.ping(timeout=0.5):
            return
        assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
    raise AssertionError("the worker did not start")
