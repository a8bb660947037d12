"""Prometheus metrics (`GET /metrics`, DESIGN §7), counted by every process of a host into one
exposition: prometheus_client's multiprocess mode.

Each process writes its counters and histograms to memory-mapped files named by its pid in
`PROMETHEUS_MULTIPROC_DIR`; the web process that answers a scrape merges every file there
(`MultiProcessCollector`), so gunicorn's workers and Celery's prefork children all count.
Two values are read at scrape time instead, from Redis: the Celery queues' depth and the
circuit breakers' states and transitions (they live in Redis already; nothing to count).

The directory. prometheus_client picks multiprocess mode when it is first imported, so this
module sets the variable before importing it. Unset (tests, `make run` without it), it is a
temporary directory made by the first process that imports this module and exported to the
processes it starts or forks (`loom_run`'s worker and web server, Celery's pool, the
workers of a gunicorn master started with `-c python:webapp.config.gunicorn_conf`); the
process that made it removes it at exit. Set it for production: one directory per host
that web and workers share. Containers do not share pids, so they must not share a
directory: set LOOM_METRICS_SHARED_DIR instead (a volume every container mounts): each
process writes to `<it>/<hostname>/` and /metrics merges the
files of every subdirectory (docker-compose.yml does this).

Process life (prometheus_client's advice: wipe the directory before start-up, call
`mark_process_dead` when a child exits):
- `remove_stale_files()` at the start of a process family: gunicorn's `on_starting` (in
  webapp/config/gunicorn_conf.py) and Celery's `worker_init` (the worker's main process,
  before its pool forks). It removes the files of pids that are no longer running (a
  previous run's), not the whole directory, since web and workers of the same host share it
  and start apart. (A sibling that died since also loses its counts then: Prometheus sees a
  counter reset, which rate() and increase() allow for.)
- `child_exited(pid)` from gunicorn's `child_exit` and Celery's `worker_process_shutdown`:
  drops the child's live-gauge files. (The counters and histograms of a dead child stay:
  they are part of the totals.)
"""

from __future__ import annotations

import atexit
import glob
import logging
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
from bisect import bisect_left
from typing import Any

ENV = "PROMETHEUS_MULTIPROC_DIR"
SHARED_ENV = "LOOM_METRICS_SHARED_DIR"
log = logging.getLogger(__name__)


def _metrics_dir() -> str:
    path = os.environ.get(ENV)
    if not path and os.environ.get(SHARED_ENV):
        path = os.environ[ENV] = os.path.join(os.environ[SHARED_ENV], socket.gethostname())
    if path:
        os.makedirs(path, exist_ok=True)
        return path
    path = tempfile.mkdtemp(prefix="loom-metrics-")
    os.environ[ENV] = path  # inherited by the processes this one forks or starts
    owner = os.getpid()

    def remove() -> None:
        if os.getpid() == owner:  # not in a forked child that exits through atexit
            shutil.rmtree(path, ignore_errors=True)

    atexit.register(remove)
    return path


_early = "prometheus_client" in sys.modules
DIR = _metrics_dir()

from prometheus_client import (  # noqa: E402  (after the directory is set, see above)
    Counter,
    Histogram,
    multiprocess,
    values,
)

if _early and values.ValueClass is values.MutexValue:
    log.warning("prometheus_client was imported before %s was set: this process's metrics "
                "are not shared with the /metrics exposition", ENV)

# -- process life ---------------------------------------------------------------------------

# The classic text format, which every Prometheus reads (generate_latest's output is that
# format for ASCII names; prometheus_client's CONTENT_TYPE_LATEST now announces 1.0.0).
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_PID_FILE = re.compile(r"_(\d+)\.db$")


def remove_stale_files(path: str | None = None) -> int:
    """Remove the files of processes that are not running (a previous run's); how many."""
    removed = 0
    for name in glob.glob(os.path.join(path or os.environ[ENV], "*.db")):
        found = _PID_FILE.search(name)
        if found is None or _alive(int(found.group(1))):
            continue
        try:
            os.remove(name)
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def child_exited(pid: int) -> None:
    multiprocess.mark_process_dead(pid)


def connect_celery() -> None:
    """Celery's side of the process life (see the module's docstring)."""
    from celery.signals import worker_init, worker_process_shutdown

    def started(**_: Any) -> None:  # the worker's main process, before the pool forks
        remove_stale_files()

    def child_done(pid: int | None = None, **_: Any) -> None:  # sent by the exiting child
        flush()
        child_exited(pid or os.getpid())

    worker_init.connect(started, weak=False)
    worker_process_shutdown.connect(child_done, weak=False)


# -- what the processes count ---------------------------------------------------------------

RUN_SECONDS = Histogram(
    "loom_run_duration_seconds", "Engine time of a run (graph start to end)",
    ["kind", "scene", "status"], registry=None,
    buckets=(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30))
RUNS = Counter("loom_runs", "Finished runs by kind, scene (empty for test runs) and status",
               ["kind", "scene", "status"], registry=None)
NODE_SECONDS = Histogram(
    "loom_node_duration_seconds", "Time of a served graph's node (nodes that started)",
    ["scene", "node", "op"], registry=None,
    buckets=(.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5))
HTTP_SECONDS = Histogram(
    "loom_http_request_duration_seconds", "Web requests by view name, method and status",
    ["view", "method", "status"], registry=None,
    buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))

# Labelled children, looked up once: `.labels()` costs a few µs and a served request is
# ~10 ms in all. Node children are kept per (scene, plan hash): the node ids of the graphs
# a scene served, which bounds the label set (test runs, any draft, never get per-node
# series). Both maps are cleared when they grow past a bound (a long-lived worker that saw
# many versions), which only costs the lookups again.
_MAX_CACHED = 512
_run_children: dict[tuple[str, str, str], tuple[Any, Any]] = {}

# Node timings are batched. A histogram observation in multiprocess mode is two writes to
# the memory-mapped file, each under a lock (~3 µs): 12 nodes cost ~40 µs a run. Instead a
# run adds to this process's plain lists (~0.4 µs a node) and a daemon thread of the process
# (started by its first served run) writes the sums to the shared files every FLUSH_S; so
# do a worker child's exit and a scrape answered by this process. A child killed outright
# loses its last second.
FLUSH_S = 1.0
_NODE_BOUNDS = (*NODE_SECONDS._upper_bounds,)  # ends with +Inf


class _NodeBatch:
    """A served graph's node children and what was observed since the last flush."""

    __slots__ = ("children", "sums", "counts")

    def __init__(self, children: list[Any]) -> None:
        self.children = children
        self.sums = [0.0] * len(children)
        self.counts = [[0] * len(_NODE_BOUNDS) for _ in children]

    def flush(self) -> None:
        for i, child in enumerate(self.children):
            row = self.counts[i]
            if not any(row):
                continue
            # Histogram.observe's own writes, by the sum of a batch (prometheus_client keeps
            # per-bucket counts, made cumulative when exposed).
            child._sum.inc(self.sums[i])
            for j, n in enumerate(row):
                if n:
                    child._buckets[j].inc(n)
            self.sums[i] = 0.0
            self.counts[i] = [0] * len(_NODE_BOUNDS)


_node_batches: dict[tuple[str, str], _NodeBatch] = {}
_batch_lock = threading.Lock()
_batch_state = {"pid": os.getpid(), "flusher": 0}


def flush() -> None:
    """Write this process's batched node timings to the shared files."""
    with _batch_lock:
        _forget_if_forked()
        for batch in _node_batches.values():
            batch.flush()


atexit.register(flush)


def _forget_if_forked() -> None:
    # A forked child inherits its parent's pending counts (those are the parent's to write)
    # but not its flushing thread.
    if _batch_state["pid"] != os.getpid():
        _node_batches.clear()
        _batch_state["pid"] = os.getpid()
        _batch_state["flusher"] = 0


def _flushing() -> None:
    while True:
        time.sleep(FLUSH_S)
        try:
            flush()
        except Exception:
            log.exception("could not write the node timings to the metrics files")


def _start_flusher() -> None:
    """Called under _batch_lock by a process's first served run."""
    threading.Thread(target=_flushing, name="metrics-flush", daemon=True).start()
    _batch_state["flusher"] = os.getpid()


def observe_run(run: Any, result: Any) -> None:
    """Count a finished run (`webapp.runs.logic.execute`); `result` is the engine's
    `RunResult`, or None when the graph did not compile. Never raises."""
    try:
        _observe(run, result)
    except Exception:  # metrics must never fail a run
        log.exception("could not count run %s in the metrics", getattr(run, "pk", None))


def _observe(run: Any, result: Any) -> None:
    serve = run.kind == "serve"
    scene = run.scene.slug if serve and run.scene_id is not None else ""
    key = (run.kind, scene, run.status)
    children = _run_children.get(key)
    if children is None:
        if len(_run_children) > _MAX_CACHED:
            _run_children.clear()
        children = _run_children[key] = (RUN_SECONDS.labels(*key), RUNS.labels(*key))
    children[1].inc()
    if result is None:
        return
    children[0].observe(result.duration_ns / 1e9)
    if not scene:
        return
    plan = result.plan
    starts, ends = result._starts, result._ends  # result.timing(i), without a call per node
    with _batch_lock:
        _forget_if_forked()
        batch = _node_batches.get((scene, plan.config_hash))
        if batch is None:
            if len(_node_batches) > _MAX_CACHED:
                for old in _node_batches.values():
                    old.flush()
                _node_batches.clear()
            batch = _node_batches[(scene, plan.config_hash)] = _NodeBatch(
                [NODE_SECONDS.labels(scene, n.id, n.op_name) for n in plan.nodes])
        sums, counts = batch.sums, batch.counts
        for i, end in enumerate(ends):
            if end:
                seconds = (end - starts[i]) / 1e9
                sums[i] += seconds
                counts[i][bisect_left(_NODE_BOUNDS, seconds)] += 1
        if not _batch_state["flusher"]:
            _start_flusher()


class HttpMetricsMiddleware:
    """Web requests by the resolved view's name (bounded: one per route, `unresolved` for a
    404 before any view), method and status."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        start = time.perf_counter()
        response = self.get_response(request)
        try:
            match = getattr(request, "resolver_match", None)
            view = (match.view_name or match._func_path) if match is not None else "unresolved"
            method = request.method if request.method in _METHODS else "other"
            HTTP_SECONDS.labels(view, method, str(response.status_code)).observe(
                time.perf_counter() - start)
        except Exception:
            log.exception("could not count a request in the metrics")
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
