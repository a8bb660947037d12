"""Celery worker pools for the serving path, measured: prefork, threads and solo at several
concurrencies, each serving the demo `home_feed` scene from real worker processes over a real
Redis broker (`serve_recommendation` on the `serving` queue).

Also the self-contained stack that bench/serving_bench.py reuses: a temporary directory
holding the SQLite database and the model, an embedded Redis (or LOOM_BENCH_REDIS_URL: the
demo keys there are replaced), Django set up against them, and helpers that start worker /
web processes in their own process group and always kill that group on exit.

Run with `python -m bench serving` (part of `make bench`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from statistics import quantiles
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POOLS: list[tuple[str, int]] = [("prefork", 1), ("prefork", 2), ("prefork", 4),
                                ("threads", 4), ("threads", 8), ("solo", 1)]
CLIENTS = 8  # closed-loop requests in flight: enough to fill the largest pool
POOL_TOTAL, POOL_LIMIT_S = 250, 8.0  # per pool configuration: this many requests, this long
LOST_AFTER_S = 5.0  # a run still unfinished this long after queueing counts as lost


def log(message: str) -> None:
    print(f"  [serving] {message}", file=sys.stderr, flush=True)


@dataclass
class Stack:
    tmp: Path
    redis_url: str
    env: dict[str, str]
    contexts: list[dict[str, Any]] = field(default_factory=list)

    @contextmanager
    def worker(self, pool: str, concurrency: int, *extra: str
               ) -> Iterator[subprocess.Popen[bytes]]:
        argv = [sys.executable, "-m", "celery", "-A", "webapp.config", "worker", "-Q",
                "serving", "-P", pool, "-c", str(concurrency), "--without-gossip",
                "--without-mingle", "--without-heartbeat", "-l", "WARNING", *extra]
        # A worker on the serving queue alone, as deployed (docker-compose.yml).
        env = {**self.env, "LOOM_WORKER_AT_MOST_ONCE": "1"}
        with service(argv, env, self.tmp / f"worker-{pool}-{concurrency}.log") as proc:
            _wait_ready(proc)
            yield proc


def _wait_ready(proc: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    """Until the worker answers a ping: recommendations expire after their 2 s deadline,
    so queueing them at a worker that is still starting would only lose them."""
    from celery import current_app

    deadline = time.monotonic() + timeout_s
    while not current_app.control.ping(timeout=0.5):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the Celery worker did not start; see its log")


@contextmanager
def service(argv: list[str], env: dict[str, str], logfile: Path
            ) -> Iterator[subprocess.Popen[bytes]]:
    """A child process in a session of its own, so stopping it also stops what it forked
    (prefork children, gunicorn workers) — even when the benchmark fails."""
    with logfile.open("wb") as out:
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield proc
        finally:
            stop_group(proc)


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    for sig, wait_s in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and group_pids(proc.pid):
            proc.poll()  # reap the leader so it leaves the group
            time.sleep(0.05)
        if not group_pids(proc.pid):
            return


def _stat(pid: str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # fields after "(comm)", from `state`


def group_pids(pgid: int) -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            fields = _stat(pid)
            if fields and fields[0] != "Z" and int(fields[2]) == pgid:
                found.append(pid)
    return found


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of a process group."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in group_pids(pgid):
        fields = _stat(pid)
        if fields:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def redis_cpu(url: str) -> float:
    import redis

    with redis.Redis.from_url(url) as client:
        info = client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def machine_busy_s() -> float:
    """CPU seconds the whole machine has spent busy so far (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


_quiet_budget_s = 45.0  # waiting for neighbours, over the whole section


def wait_quiet(busy: float = 0.3) -> None:
    """Start measuring when the rest of the machine uses under `busy` of one CPU, waiting
    at most 45 s per section: other jobs on a shared box would otherwise set the numbers
    (the *other* CPU columns show how far they did)."""
    global _quiet_budget_s
    while True:
        before = machine_busy_s()
        time.sleep(0.5)
        load = (machine_busy_s() - before) / 0.5
        if load < busy or _quiet_budget_s <= 0:
            if load >= busy:
                log(f"the machine is busy ({load:.1f} CPUs in use); measuring anyway")
            return
        _quiet_budget_s -= 0.5


def accounted(stack: Stack, worker_pid: int, web_pid: int | None,
              fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run `fn` and split the CPU it cost per answered request between the processes;
    `other` is what the rest of the machine used meanwhile (neighbours, kernel)."""
    def sample() -> tuple[float, ...]:
        return (group_cpu(worker_pid), group_cpu(web_pid) if web_pid else 0.0,
                redis_cpu(stack.redis_url), time.process_time(), machine_busy_s())

    before = sample()
    stats = fn()
    spent = [(a - b) * 1000 / max(stats["ok"], 1)
             for a, b in zip(sample(), before, strict=True)]
    stats["cpu"] = dict(zip(("worker", "web", "redis", "client", "machine"), spent,
                            strict=True))
    stats["cpu"]["other"] = max(0.0, spent[4] - sum(spent[:4]))
    return stats


_retry_budget_s = 30.0  # repeating disturbed measurements, over the whole section


def steady(stack: Stack, worker_pid: int, web_pid: int | None,
           fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """`accounted(fn)`, repeated once (within a section-wide time budget) when the rest of
    the machine used over 15% as much CPU as the worker meanwhile; the less disturbed of the
    two is kept. A neighbour's burst would otherwise decide which pool wins."""
    global _retry_budget_s
    wait_quiet()
    stats = accounted(stack, worker_pid, web_pid, fn)
    if stats["cpu"]["other"] > 0.15 * stats["cpu"]["worker"] and _retry_budget_s > 0:
        log(f"disturbed ({stats['cpu']['other']:.1f} ms/request of other CPU); repeating")
        started = time.perf_counter()
        wait_quiet()
        again = accounted(stack, worker_pid, web_pid, fn)
        _retry_budget_s -= time.perf_counter() - started
        if again["cpu"]["other"] < stats["cpu"]["other"]:
            stats = again
    return stats


def _user_contexts(redis_url: str) -> list[dict[str, Any]]:
    """What a gateway would attach per request, read back from the demo's user hashes."""
    import redis

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    now = int(client.get("demo:now") or 0)
    ids = sorted(k.split(":")[1] for k in client.scan_iter(match="user:*", count=1000)
                 if k.count(":") == 1)
    pipe = client.pipeline(transaction=False)
    for uid in ids:
        pipe.hgetall(f"user:{uid}")
    users = pipe.execute()
    client.close()
    return [{"user": {"id": u["user_id"], "days_since_signup": int(u["days_since_signup"]),
                      "favourite_category": u["favourite_category"], "segment": u["segment"]},
             "now": now} for u in users]


@contextmanager
def open_stack() -> Iterator[Stack]:
    """Temporary SQLite + Redis with the demo loaded, Django set up against them."""
    from django.conf import settings

    if settings.configured:
        raise RuntimeError("the serving benchmark must set up Django itself; run it in a "
                           "fresh process (python -m bench serving)")
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="loom-bench-")))
        url = os.environ.get("LOOM_BENCH_REDIS_URL")
        if not url:
            from operators.demo.redis_server import EmbeddedRedis

            url = stack.enter_context(EmbeddedRedis()).url
        os.environ.update({
            "DJANGO_SETTINGS_MODULE": "webapp.config.settings.local",
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}", "REDIS_URL": url,
            "CELERY_BROKER_URL": url, "CELERY_RESULT_BACKEND": url,
            "LOOM_MODEL_DIR": str(tmp), "DJANGO_DEBUG": "0", "LOG_LEVEL": "WARNING",
        })
        import django

        django.setup()
        from django.core.management import call_command

        from webapp.scenes.demo import load_demo

        log(f"migrating a SQLite database in {tmp} and loading the demo into {url}")
        call_command("migrate", verbosity=0)
        load_demo(url, users=False)
        yield Stack(tmp, url, {**os.environ, "PYTHONUNBUFFERED": "1"}, _user_contexts(url))


def summary(latencies_ms: list[float], wall_s: float, sent: int) -> dict[str, Any]:
    cuts = quantiles(latencies_ms, n=100, method="inclusive") if len(latencies_ms) > 1 \
        else [latencies_ms[0] if latencies_ms else float("nan")] * 99
    return {"throughput": len(latencies_ms) / wall_s if wall_s else 0.0, "p50": cuts[49],
            "p99": cuts[98], "ok": len(latencies_ms), "sent": sent, "wall": wall_s}


def drive_runs(stack: Stack, total: int, limit_s: float, clients: int = CLIENTS
               ) -> dict[str, Any]:
    """Closed loop through `start_recommendation`, as the API view does, `clients` runs in
    flight. Latency is queueing → result row written (both timestamps from the database).
    One thread sends them all, so no two ever share a task message: the pools are compared
    one task per request (the batching window is opened to all `clients`)."""
    from django.conf import settings

    from webapp.runs import logic
    from webapp.runs.models import Run
    from webapp.scenes.models import Scene

    settings.LOOM_SERVE_BATCH_WINDOW = max(clients, settings.LOOM_SERVE_BATCH_WINDOW)
    scene = Scene.objects.select_related("production_version").get(slug="home_feed")
    contexts = stack.contexts
    inflight: dict[str, float] = {}
    latencies: list[float] = []
    sent = 0
    started = time.perf_counter()
    while True:
        now = time.perf_counter()
        while len(inflight) < clients and sent < total and now - started < limit_s:
            ctx = contexts[sent % len(contexts)]
            run = logic.start_recommendation(scene, ctx["user"]["id"], ctx, keep_row=False)
            inflight[str(run.pk)] = time.perf_counter()
            sent += 1
        if not inflight:
            break
        rows = Run.objects.filter(pk__in=list(inflight), status__in=Run.FINISHED) \
            .values_list("pk", "status", "created_at", "finished_at")
        for pk, status, created, finished in rows:
            del inflight[str(pk)]
            logic.answered(str(pk))
            if status in ("ok", "degraded"):
                latencies.append((finished - created).total_seconds() * 1000)
        for pk, t0 in list(inflight.items()):
            if time.perf_counter() - t0 > LOST_AFTER_S:
                del inflight[pk]
                logic.answered(pk)
        if not rows:
            time.sleep(0.005)
    return summary(latencies, time.perf_counter() - started, sent)


def warm_up(stack: Stack, runs: int, timeout_s: float = 60.0) -> None:
    """Until most of a batch is answered ok: the first runs of a fresh worker load the model
    and compile the graph, and concurrent cold runs can miss the graph's deadline."""
    deadline = time.monotonic() + timeout_s
    while drive_runs(stack, runs, 30.0)["ok"] < runs // 2:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the worker does not serve; see its log in {stack.tmp}")


def measure_pool(stack: Stack, pool: str, concurrency: int, total: int, limit_s: float
                 ) -> dict[str, Any]:
    with stack.worker(pool, concurrency) as proc:
        warm_up(stack, 4 * max(concurrency, 2))
        stats = steady(stack, proc.pid, None, lambda: drive_runs(stack, total, limit_s))
    stats.update(pool=pool, concurrency=concurrency)
    log(f"{pool} c={concurrency}: {stats['throughput']:.1f} req/s, p50 {stats['p50']:.1f} ms, "
        f"p99 {stats['p99']:.1f} ms, {stats['ok']}/{stats['sent']} ok")
    return stats


def measure_pools(stack: Stack) -> list[dict[str, Any]]:
    return [measure_pool(stack, pool, c, POOL_TOTAL, POOL_LIMIT_S) for pool, c in POOLS]


def choose(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Among configurations within 5% of the highest throughput, the fewest slots (more buy
    queueing and a model per child, not work), then the lowest p99."""
    best = max(r["throughput"] for r in rows)
    close = [r for r in rows if r["throughput"] >= 0.95 * best]
    return min(close, key=lambda r: (r["concurrency"], r["p99"]))


def pool_section(rows: list[dict[str, Any]], pick: dict[str, Any]) -> str:
    cpus = os.cpu_count() or 1
    lines = [
        "## Celery worker pool for serving",
        "",
        f"`home_feed` recommendations queued as the API view queues them "
        f"(`start_recommendation`: a run row in SQLite, `serve_recommendation` on the "
        f"`serving` queue), {CLIENTS} in flight, one worker, embedded Redis as broker and "
        f"result backend, {cpus} CPUs shared by everything. Up to {POOL_TOTAL} requests or "
        f"{POOL_LIMIT_S:.0f} s per configuration after warm-up. Latency: queueing → result row "
        "written. CPU per answered request: the worker's processes, Redis, the producer "
        "(this process: run rows and messages, the web tier's share) and the rest of the "
        "machine (*other*: neighbours, kernel).",
        "",
        "| pool | concurrency | requests/s | p50 | p99 | ok | CPU/req: worker | Redis "
        "| producer | other |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        c = r["cpu"]
        name = f"**{r['pool']}**" if r is pick else r["pool"]
        lines.append(
            f"| {name} | {r['concurrency']} | {r['throughput']:.1f} | {r['p50']:.0f} ms "
            f"| {r['p99']:.0f} ms | {r['ok']}/{r['sent']} | {c['worker']:.1f} ms "
            f"| {c['redis']:.1f} ms | {c['client']:.1f} ms | {c['other']:.1f} ms |")
    lines += ["", pool_reading(rows, pick)]
    return "\n".join(lines)


def pool_reading(rows: list[dict[str, Any]], pick: dict[str, Any]) -> str:
    cpus = os.cpu_count() or 1
    best = max(rows, key=lambda r: r["throughput"])
    why = "the highest throughput" if pick is best else (
        f"within 5% of the highest throughput ({best['pool']} c={best['concurrency']}, "
        f"{best['throughput']:.1f}/s) with fewer slots")

    def top(pool: str) -> dict[str, Any]:
        return max((r for r in rows if r["pool"] == pool), key=lambda r: r["throughput"])

    threads, solo = top("threads"), top("solo")
    if pick["pool"] != "prefork":  # not what CPU-bound work predicts: say so, change nothing
        return (f"Chosen: **{pick['pool']} with concurrency {pick['concurrency']}**, {why}. "
                "CPU-bound serving should favour prefork; check the *other* column for a "
                "busy machine and rerun before changing `make run` or docker-compose.")
    return (
        f"Chosen: **{pick['pool']} with concurrency {pick['concurrency']}**, {why}: "
        f"{pick['throughput']:.1f} requests/s, p50 {pick['p50']:.0f} ms, p99 "
        f"{pick['p99']:.0f} ms. A request is CPU work in Python (about "
        f"{pick['cpu']['worker']:.0f} ms of worker CPU each), so threads of one process "
        f"take turns on the GIL: the best threads pool reached {threads['throughput']:.1f}/s "
        f"(c={threads['concurrency']}){_lost(rows, 'threads')}; solo serves one request at "
        f"a time ({solo['throughput']:.1f}/s). " + _prefork_text(rows, pick, cpus)
    )


def _lost(rows: list[dict[str, Any]], pool: str) -> str:
    lost = [f"c={r['concurrency']}: {r['sent'] - r['ok']} of {r['sent']} not ok" for r in rows
            if r["pool"] == pool and r["sent"] > r["ok"]]
    return f", and runs queued behind the GIL start to fail ({'; '.join(lost)})" if lost else ""


def _prefork_text(rows: list[dict[str, Any]], pick: dict[str, Any], cpus: int) -> str:
    per_core = next((r for r in rows if r["pool"] == "prefork" and r["concurrency"] == cpus),
                    None)
    more = [r for r in rows if r["pool"] == "prefork" and r["concurrency"] > cpus]
    if pick["concurrency"] == cpus or per_core is None:
        extra = ", ".join(f"c={r['concurrency']}: {r['throughput']:.1f}/s" for r in more)
        return (
            "Prefork children run on separate cores; more children than cores add "
            f"switching and a model and graph cache each, not throughput ({extra}). Hence "
            "`make run` and docker-compose should run the serving worker as prefork with one "
            f"child per CPU it may use ({cpus} here; Celery's default `-c` is the CPU count).")
    return (
        f"Here prefork c={pick['concurrency']} beat one child per core "
        f"({per_core['throughput']:.1f}/s at c={cpus}), which CPU-bound graphs do not "
        "predict: check the *other* column for a busy machine and rerun before giving "
        "`make run` or docker-compose anything but one child per CPU.")
