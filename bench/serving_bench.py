"""Recommendations through HTTP → Celery → engine on the demo graph (DESIGN §9), against the
same graph in-process and against a Celery canvas with one task per node.

One run, one machine, one self-contained stack (bench/worker_bench.py: temporary SQLite,
embedded Redis, the demo loaded): first the worker pools are compared and one is chosen;
then, with that pool, gunicorn serves POST /api/scenes/home_feed/recommend/ to a bounded
number of closed-loop clients on loopback, and the canvas (bench/canvas_tasks.py) runs on
the same worker. The pool bound is min(worker slots, CPUs) ÷ the graph's in-process wall
time.

`python -m bench serving` runs only this section.
"""

from __future__ import annotations

import gc
import http.client
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from bench import affinity
from bench.canvas_tasks import levels
from bench.demo_bench import summarise, time_requests
from bench.serving_report import LIMIT_S, SCENE_URL, TOTAL, WEB_THREADS, render
from bench.worker_bench import (
    CLIENTS,
    Stack,
    choose,
    group_pids,
    log,
    measure_pools,
    open_stack,
    pool_section,
    service,
    steady,
    summary,
    wait_quiet,
)


def critical_path(stack: Stack, requests: int = 300) -> tuple[dict[str, Any], Any]:
    """The production graph run by graphengine.Engine in this process, one at a time."""
    import redis.asyncio as aioredis

    from graphengine import Engine
    from webapp.scenes.models import Scene

    version = Scene.objects.get(slug="home_feed").production_version
    engine = Engine()
    plan = engine.compile_kv(version.kv)
    client = aioredis.Redis.from_url(stack.redis_url, decode_responses=True)
    contexts = [{**c, "unit_id": c["user"]["id"]} for c in stack.contexts[:requests]]

    def one(ctx: dict[str, Any]) -> Any:
        return engine.run(plan, ctx, resources={"redis": client})

    time_requests(one, contexts[:50])  # warm-up, as demo_bench does
    gc.collect()
    gc.freeze()
    cpu0 = time.process_time()
    samples = time_requests(one, contexts)
    cpu_ms = (time.process_time() - cpu0) * 1000 / len(samples)
    expected = {c["user"]["id"]: _ids(one(c).output.rows()) for c in contexts[:5]}
    engine.run_coroutine(client.aclose())
    engine.close()
    gc.unfreeze()
    stats = summarise(samples)
    stats["mean_ms"] = sum(w for w, _, _, _ in samples) / len(samples) / 1e6
    stats["cpu_ms"] = cpu_ms
    return stats, (plan, version.pk, expected)


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["item_id"] for r in rows]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _token() -> str:
    """An API token for a viewer (recommend only reads), made by the loom_user command."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    with open(os.devnull, "w") as quiet:
        call_command("loom_user", "bench", role="viewer", stdout=quiet)
    token, _ = Token.objects.get_or_create(user=User.objects.get(username="bench"))
    return str(token.key)


def _post(conn: http.client.HTTPConnection, token: str, ctx: dict[str, Any]
          ) -> tuple[int, dict[str, Any]]:
    body = json.dumps({"unit_id": ctx["user"]["id"], "context": ctx})
    conn.request("POST", SCENE_URL, body, {"Authorization": f"Token {token}",
                                           "Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, json.loads(response.read() or b"{}")


def drive_http(port: int, token: str, contexts: list[dict[str, Any]], total: int,
               limit_s: float, clients: int = CLIENTS) -> dict[str, Any]:
    """`clients` threads, each a keep-alive connection posting one request after another."""
    lock = threading.Lock()
    latencies: list[float] = []
    failures: dict[str, int] = {}
    sent = 0
    started = time.perf_counter()

    def client() -> None:
        nonlocal sent
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            while True:
                with lock:
                    if sent >= total or time.perf_counter() - started > limit_s:
                        return
                    ctx = contexts[sent % len(contexts)]
                    sent += 1
                t0 = time.perf_counter()
                try:
                    status, body = _post(conn, token, ctx)
                except (OSError, http.client.HTTPException, ValueError) as exc:
                    status, body = 0, {"status": type(exc).__name__}
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                elapsed = (time.perf_counter() - t0) * 1000
                with lock:
                    if status == 200 and body.get("status") in ("ok", "degraded"):
                        latencies.append(elapsed)
                    else:
                        key = f"{status} {body.get('status', '')}".strip()
                        failures[key] = failures.get(key, 0) + 1
        finally:
            conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:  # bounded: each client stops at `total` requests or `limit_s`
        t.join(limit_s + 30)
    stats = summary(latencies, time.perf_counter() - started, sent)
    stats["failures"] = failures
    return stats


def drive_canvas(stack: Stack, plan: Any, version_id: int, total: int, limit_s: float,
                 clients: int = CLIENTS) -> dict[str, Any]:
    """`clients` canvases in flight; latency is submit → the last task's result stored.
    One MGET per poll reads every pending result, so waiting costs Redis and this process
    little of the two cores the workers need."""
    from celery import current_app

    from bench.canvas_tasks import answer, build

    backend = current_app.backend
    contexts = stack.contexts
    inflight: dict[str, float] = {}
    latencies: list[float] = []
    sent = 0
    started = time.perf_counter()
    while True:
        while len(inflight) < clients and sent < total and \
                time.perf_counter() - started < limit_s:
            ctx = contexts[sent % len(contexts)]
            result = build(plan, version_id, {**ctx, "unit_id": ctx["user"]["id"]},
                           "serving").apply_async()
            inflight[result.id] = time.perf_counter()
            sent += 1
        if not inflight:
            break
        ids = list(inflight)
        metas = backend.mget([backend.get_key_for_task(i) for i in ids])
        finished = 0
        for task_id, raw in zip(ids, metas, strict=True):
            meta = backend.decode_result(raw) if raw else None
            if meta and meta["status"] in ("SUCCESS", "FAILURE"):
                t0 = inflight.pop(task_id)
                finished += 1
                if meta["status"] == "SUCCESS" and answer(meta["result"], plan):
                    latencies.append((time.perf_counter() - t0) * 1000)
            elif time.perf_counter() - inflight[task_id] > 30:
                del inflight[task_id]
        if not finished:
            time.sleep(0.002)
    return summary(latencies, time.perf_counter() - started, sent)


def _check(port: int, token: str, plan: Any, version_id: int, stack: Stack,
           expected: dict[str, list[str]]) -> str:
    """The three paths answer the first contexts with the same items, in the same order."""
    from bench.canvas_tasks import answer, build

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    agree = 0
    for ctx in stack.contexts[:len(expected)]:
        uid = ctx["user"]["id"]
        _, body = _post(conn, token, ctx)
        canvas = build(plan, version_id, {**ctx, "unit_id": uid}, "serving").apply_async()
        rows = answer(canvas.get(timeout=30), plan)
        agree += _ids(body.get("items", [])) == _ids(rows) == expected[uid]
    conn.close()
    return f"{agree}/{len(expected)}"


def measure(stack: Stack, pick: dict[str, Any]) -> dict[str, Any]:
    """In-process; then on the chosen pool HTTP and canvas, loaded (CLIENTS clients) and
    unloaded (1 client); then HTTP on one prefork slot, a core left to the rest."""
    wait_quiet()
    log("timing the graph in-process (the critical path)")
    inproc, (plan, version_id, expected) = critical_path(stack)
    port, token = _free_port(), _token()
    pool, slots = pick["pool"], pick["concurrency"]
    out: dict[str, Any] = {"inproc": inproc, "nodes": len(plan.nodes), "pool": pool,
                           "slots": slots, "levels": len(levels(plan))}

    def timed(key: str, worker: Any, web: Any, fn: Callable[[], dict[str, Any]]) -> None:
        stats = out[key] = steady(stack, worker.pid, web.pid if web else None, fn)
        log(f"{key}: {stats['throughput']:.1f} req/s, p50 {stats['p50']:.1f} ms, p99 "
            f"{stats['p99']:.1f} ms, {stats['ok']}/{stats['sent']} ok "
            f"{stats.get('failures') or ''}")

    def http(clients: int, total: int = TOTAL, at: int = port) -> Callable[[], dict[str, Any]]:
        return lambda: drive_http(at, token, stack.contexts, total, LIMIT_S, clients)

    def canvas(clients: int, total: int) -> Callable[[], dict[str, Any]]:
        return lambda: drive_canvas(stack, plan, version_id, total, LIMIT_S, clients)

    with web_server(stack, port, slots) as web:
        with stack.worker(pool, slots, "--include", "bench.canvas_tasks") as worker:
            log(f"HTTP and canvas on {pool} c={slots}: warming up")
            drive_http(port, token, stack.contexts, 8 * slots, 60.0)
            drive_canvas(stack, plan, version_id, 2 * slots, 60.0)
            out["checked"] = _check(port, token, plan, version_id, stack, expected)
            timed("http", worker, web, http(CLIENTS))
            timed("http_1", worker, web, http(1, 120))
            timed("canvas", worker, None, canvas(CLIENTS, TOTAL // 4))
            timed("canvas_1", worker, None, canvas(1, 25))
    cores = affinity.split()
    if cores is not None:
        _dedicated(stack, cores, timed, http, canvas, out)
    return out


@contextmanager
def web_server(stack: Stack, port: int, slots: int) -> Iterator[Any]:
    """gunicorn as `make run` starts it, its batching window set to the serving slots."""
    argv = [sys.executable, "-m", "gunicorn", "webapp.config.wsgi", "-b", f"127.0.0.1:{port}",
            "-k", "gthread", "-w", "1", "--threads", str(WEB_THREADS), "--keep-alive", "30",
            "--log-level", "warning"]
    env = {**stack.env, "LOOM_SERVE_BATCH_WINDOW": str(slots)}
    with service(argv, env, stack.tmp / f"web-{port}.log") as web:
        _wait_for_port(port, web)
        yield web


def _dedicated(stack: Stack, cores: tuple[set[int], set[int]], timed: Any,
               http: Any, canvas: Any, out: dict[str, Any]) -> None:
    """A one-slot prefork worker alone on a core, web, Redis and clients on the others:
    the pool bound's premise (workers doing nothing but serving) on a small machine."""
    import redis

    mine, rest = cores
    with redis.Redis.from_url(stack.redis_url) as client:
        redis_pid = int(client.info("server")["process_id"])
    port = _free_port()
    with ExitStack() as scope:
        web = scope.enter_context(web_server(stack, port, slots=1))
        affinity.pin([*group_pids(web.pid), redis_pid, os.getpid()], rest)
        with affinity.spawning_on(mine):
            worker = scope.enter_context(stack.worker("prefork", 1, "--include",
                                                      "bench.canvas_tasks"))
        log(f"prefork c=1 on CPU {sorted(mine)}, the rest on {sorted(rest)}: warming up")
        http(CLIENTS, 16, port)()
        canvas(2, 4)()
        timed("pinned_http", worker, web, http(CLIENTS, TOTAL, port))
        timed("pinned_canvas", worker, None, canvas(CLIENTS, TOTAL // 4))
    affinity.pin([os.getpid()], mine | rest)
    out["cores"] = (sorted(mine), sorted(rest))


def _wait_for_port(port: int, proc: Any, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while proc.poll() is None and time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"the web server is not listening on port {port}; see web.log")


def run() -> str:
    started = time.perf_counter()
    with open_stack() as stack:
        rows = measure_pools(stack)
        pick = choose(rows)
        log(f"chosen: {pick['pool']} c={pick['concurrency']}")
        result = measure(stack, pick)
    return pool_section(rows, pick) + "\n\n" + render(result, time.perf_counter() - started)


if __name__ == "__main__":
    print(run())
