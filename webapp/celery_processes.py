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
WORKER_ARGS = ["worker", "-Q", "serving,default", "-P", "prefork", "-c", "1",
               "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"]


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
def _process(args: list[str], env: dict[str, str],
             own_session: bool = False) -> Iterator[subprocess.Popen[bytes]]:
    # own_session: the process and its pool children form a group that kill_worker can
    # SIGKILL at once, as when a host dies, without touching the test's own process.
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "webapp.config", *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=own_session)
    try:
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)  # a no-op once the process is gone
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


class Workers:
    """Starts worker processes on demand inside `celery_workers`; each is stopped when the
    block ends (if a test has not killed it first)."""

    def __init__(self, env: dict[str, str], stack: ExitStack) -> None:
        self.env = env
        self._stack = stack

    def start(self) -> subprocess.Popen[bytes]:
        proc = self._stack.enter_context(_process(WORKER_ARGS, self.env, own_session=True))
        _wait_for_ping(proc)
        return proc

    def start_beat(self, workdir: Path) -> subprocess.Popen[bytes]:
        return self._stack.enter_context(_process(
            ["beat", "-s", str(workdir / "beat-schedule"), "-l", "WARNING"], self.env))


@contextmanager
def celery_workers(redis_url: str, workdir: Path,
                   extra_env: dict[str, str] | None = None) -> Iterator[Workers]:
    """The caller's Celery app sends to `redis_url`, not eagerly, until the block ends;
    workers start when the test asks (`Workers.start`)."""
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
            yield Workers(env, stack)
    finally:
        conf.task_always_eager, conf.broker_url, conf.result_backend = saved
        _drop_connections()


@contextmanager
def celery(redis_url: str, workdir: Path, beat: bool = False,
           extra_env: dict[str, str] | None = None) -> Iterator[None]:
    """A worker on both queues (and beat, if asked) until the block ends. The caller's
    Celery app sends to the same Redis, not eagerly."""
    with celery_workers(redis_url, workdir, extra_env) as workers:
        workers.start()
        if beat:
            workers.start_beat(workdir)
        yield


def kill_worker(proc: subprocess.Popen[bytes]) -> None:
    """kill -9 of a whole worker: its main process and pool children at once."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)


def pool_pid_running(task_name: str, timeout_s: float = 20.0) -> int:
    """The pid of the pool child running a `task_name` task, once one has started."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for tasks in (celery_app.control.inspect(timeout=0.5).active() or {}).values():
            for task in tasks:
                if task.get("name") == task_name and task.get("worker_pid"):
                    return int(task["worker_pid"])
        time.sleep(0.05)
    raise AssertionError(f"no worker started a {task_name} task")


def _wait_for_ping(proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if celery_app.control.ping(timeout=0.5):
            return
        assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
    raise AssertionError("the worker did not start")
