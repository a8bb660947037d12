"""kill -9 of a worker in the middle of a test run (`execute_run`: acks_late,
reject_on_worker_lost): the task is delivered again and completes once, and a duplicate
delivery of the finished run changes nothing. Real worker processes, real Redis broker."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import redis

from webapp.celery_processes import celery_workers, kill_worker, pool_pid_running
from webapp.conftest import Personas
from webapp.graphs import logic as graphs
from webapp.runs import logic
from webapp.runs.models import Run
from webapp.runs.tasks import execute_run

ROWS = [{"item_id": "x", "score": 1}]
VISIBILITY_S = 1  # how long the broker waits before handing out a dead worker's task


class SlowSource:
    """An HTTP JSON source whose first request hangs until `release()`: the test knows the
    worker is inside the run (not before or after it) when it kills it. Counts requests."""

    def __init__(self) -> None:
        self.hits = 0
        self.arrived = threading.Event()
        self._release = threading.Event()
        source = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                source.hits += 1
                if source.hits == 1:
                    source.arrived.set()
                    source._release.wait(30)
                body = json.dumps(ROWS).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the killed worker's socket is gone
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/items"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def release(self) -> None:
        self._release.set()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def source() -> Iterator[SlowSource]:
    server = SlowSource()
    yield server
    server.close()


@pytest.fixture
def start(transactional_db: Any, web_redis: str, redis_sync: redis.Redis,
          source: SlowSource) -> Callable[[], Run]:
    """Queues a test run of a graph reading the slow source (inside `celery_workers`)."""
    people = Personas()
    graph = graphs.create_graph(people.author, {"schema": 1, "name": "slow", "nodes": [
        {"id": "remote", "op": "datasource.http_json",
         "params": {"url": source.url, "timeout_ms": 30_000}}]})
    assert graph.valid, graph.errors
    return lambda: logic.start_test_run(graph, people.author, {}, serial=False)


def wait_finished(run: Run, timeout_s: float = 30) -> Run:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in Run.FINISHED:
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run.pk} is still {run.status}")


def stored_results(broker: redis.Redis) -> list[dict[str, Any]]:
    """The task results in the result backend, once the worker stored any (just after it
    finished the run)."""
    deadline = time.monotonic() + 10
    while not (keys := broker.keys("celery-task-meta-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [json.loads(broker.get(k) or "{}") for k in keys]


def assert_ran_once_to_the_end(run: Run, source: SlowSource, broker: redis.Redis) -> None:
    """Finished ok with the source's rows; the killed attempt (hit 1) left no trace but the
    request it made: one run row, one notice to waiters, one stored task result."""
    run = wait_finished(run)
    assert run.status == "ok", run.errors
    assert run.items == ROWS and run.node_status == {"remote": "ok"}
    assert source.hits == 2
    assert Run.objects.count() == 1
    assert broker.llen(f"loom:run:{run.pk}:done") == 1
    assert [(r["status"], r["result"]["status"]) for r in stored_results(broker)] == [
        ("SUCCESS", "ok")]

    # The same task delivered once more (a redelivery racing the ack): reported, not rerun.
    # (Run here, in-process: waiting on the result backend after a kill was flaky on CI.)
    again = execute_run.apply(args=[str(run.pk)]).get()
    assert again["status"] == "ok" and again["output"] == ROWS
    finished_at = run.finished_at
    run.refresh_from_db()
    assert run.finished_at == finished_at and source.hits == 2
    assert broker.llen(f"loom:run:{run.pk}:done") == 1


@pytest.mark.slow
def test_a_killed_pool_child_s_run_is_redelivered_and_completes_once(
        start: Callable[[], Run], source: SlowSource, web_redis: str,
        redis_sync: redis.Redis, tmp_path: Path) -> None:
    with celery_workers(web_redis, tmp_path) as workers:
        workers.start()
        started = start()
        assert source.arrived.wait(20), "the worker never reached the graph's source"
        started.refresh_from_db()
        assert started.status == "running"
        os.kill(pool_pid_running("webapp.runs.tasks.execute_run"), signal.SIGKILL)
        source.release()
        # The main process sees its child die, requeues the message; a fresh child runs it.
        assert_ran_once_to_the_end(started, source, redis_sync)


@pytest.mark.slow
def test_a_run_whose_whole_worker_died_is_redelivered_to_the_next_worker(
        start: Callable[[], Run], source: SlowSource, web_redis: str,
        redis_sync: redis.Redis, tmp_path: Path) -> None:
    env = {"LOOM_BROKER_VISIBILITY_TIMEOUT_S": str(VISIBILITY_S)}
    with celery_workers(web_redis, tmp_path, extra_env=env) as workers:
        first = workers.start()
        started = start()
        assert source.arrived.wait(20), "the worker never reached the graph's source"
        kill_worker(first)  # no process is left to requeue the message
        source.release()
        time.sleep(VISIBILITY_S + 0.5)
        started.refresh_from_db()
        assert started.status == "running" and source.hits == 1
        # Unacknowledged for longer than the visibility timeout: the next worker to start
        # takes it back from the broker.
        workers.start()
        assert_ran_once_to_the_end(started, source, redis_sync)
