"""`make load` (`python -m bench.load_run`): five minutes of recommend traffic against the
`make run` stack on loopback — latency percentiles, error rate and memory over time.

The stack is `manage.py loom_run` itself (embedded Redis, Celery worker and beat, Django's
runserver), started as `make run` starts it but on a temporary SQLite database, model
directory and free port, so the developer's db.sqlite3 and Redis are untouched. Locust
(bench/locustfile.py) runs headless in a process of its own, so gevent's monkey-patching
stays out of this one, which samples the RSS of every part of the stack meanwhile.

The default five-minute run replaces the "## Load" section of BENCHMARKS.md and docs/load.png;
a run of another length prints its section and changes no file.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from statistics import quantiles
from typing import Any

import psutil

from bench.load_report import (
    FLAT_MB,
    FLAT_SHARE,
    ROLES,
    SCENE_URL,
    WINDOW_S,
    log,
    plot,
    render,
)
from bench.worker_bench import ROOT, _user_contexts, stop_group

DEFAULT_S, USERS, SAMPLE_S = 300.0, 8, 5.0
PLOT = ROOT / "docs" / "load.png"
# Variables that would point the stack at the developer's (or the test suite's) services.
_STACK_VARS = ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DATABASE_URL",
               "DJANGO_SETTINGS_MODULE", "LOOM_PORT", "LOOM_MODEL_DIR")
Sample = tuple[float, float, str]  # request start (Unix time), latency ms, outcome


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def stack_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _STACK_VARS}
    env.update(DJANGO_SETTINGS_MODULE="webapp.config.settings.local", PYTHONUNBUFFERED="1",
               DATABASE_URL=f"sqlite:///{tmp / 'loom.sqlite3'}",
               LOOM_MODEL_DIR=str(tmp / "models"))
    return env


@contextmanager
def loom_stack(tmp: Path, port: int, timeout_s: float = 240.0
               ) -> Iterator[tuple[subprocess.Popen[bytes], str, dict[str, str]]]:
    """`manage.py loom_run` in a session of its own; yields it once the worker is ready and
    the web server listens, with the embedded Redis's URL and the stack's environment."""
    env, log_path = stack_env(tmp), tmp / "stack.log"
    with log_path.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "manage.py", "loom_run", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            yield proc, _wait_up(proc, log_path, port, timeout_s), env
        finally:
            # loom_run stops its children and Redis on SIGTERM; the group kill is for strays.
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(30)
            stop_group(proc)


def _wait_up(proc: subprocess.Popen[bytes], log_path: Path, port: int, timeout_s: float
             ) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        text = log_path.read_text(errors="replace")
        found = re.search(r"embedded Redis at (\S+)", text)
        if proc.poll() is not None:
            raise RuntimeError(f"loom_run exited; its log ends:\n{text[-3000:]}")
        if found and "Loom is up" in text and re.search(r"celery@\S+ ready\.", text):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return found.group(1)
        time.sleep(0.5)
    raise RuntimeError(f"the stack was not up within {timeout_s:.0f} s; see {log_path}")


def api_token(env: dict[str, str]) -> str:
    """A viewer's token (recommend only reads), made as a developer would: loom_user."""
    out = subprocess.run([sys.executable, "manage.py", "loom_user", "loadbench", "--role",
                          "viewer", "--token"], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=120).stdout
    found = re.search(r"token: (\w+)", out)
    if not found:
        raise RuntimeError(f"loom_user printed no token: {out}")
    return found.group(1)


def prewarm(port: int, token: str, contexts: list[dict[str, Any]], need: int = 3,
            timeout_s: float = 60.0) -> int:
    """Requests until `need` in a row answer ok: the first ones compile the graph and load
    the model in each worker child. Returns how many were sent (not counted in the run)."""
    sent, streak, deadline = 0, 0, time.monotonic() + timeout_s
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while streak < need:
        if time.monotonic() > deadline:
            raise RuntimeError("the stack does not answer recommendations; see stack.log")
        ctx = contexts[sent % len(contexts)]
        conn.request("POST", SCENE_URL, json.dumps({"unit_id": ctx["user"]["id"],
                                                    "context": ctx}),
                     {"Authorization": f"Token {token}", "Content-Type": "application/json"})
        response = conn.getresponse()
        body = json.loads(response.read() or b"{}")
        sent += 1
        ok = response.status == 200 and body.get("status") in ("ok", "degraded")
        streak = streak + 1 if ok else 0
    conn.close()
    return sent


def _role(proc: psutil.Process) -> str | None:
    cmd = " ".join(proc.cmdline())
    if "redis-server" in proc.name() or "redis-server" in cmd:
        return "redis"
    if "celery" in cmd:
        return "worker" if " worker" in cmd else "beat" if " beat" in cmd else None
    return "web" if "runserver" in cmd else None


def sample_stack(root_pid: int, locust_pid: int | None = None
                 ) -> tuple[float, dict[str, float], dict[str, float]]:
    """(Unix time, RSS in MB, CPU seconds so far) of each part of the stack — the worker's
    main process and prefork children added up (RSS: shared pages in each) — and of locust
    and the whole machine (its busy time)."""
    rss, cpu = dict.fromkeys(ROLES, 0.0), dict.fromkeys(ROLES, 0.0)
    for child in psutil.Process(root_pid).children(recursive=True):
        try:
            role = _role(child)
            if role:
                rss[role] += child.memory_info().rss / 2**20
                cpu[role] += sum(child.cpu_times()[:2])
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    if locust_pid is not None:
        with contextlib.suppress(psutil.NoSuchProcess):
            cpu["locust"] = sum(psutil.Process(locust_pid).cpu_times()[:2])
        machine = psutil.cpu_times()
        cpu["machine"] = sum(machine) - machine.idle - getattr(machine, "iowait", 0.0)
    return time.time(), rss, cpu


def drive(port: int, token: str, contexts: list[dict[str, Any]], duration_s: float,
          users: int, tmp: Path, root_pid: int, sample_s: float, redis_url: str
          ) -> tuple[list[Sample], list[tuple[float, dict[str, float]]], dict[str, float]]:
    """Locust for `duration_s`; the stack's RSS every `sample_s` while it runs, and the CPUs
    each part, locust and the rest of the machine (*other*: neighbours) used meanwhile.
    Redis's RSS is taken less the exposure stream's own memory: the stream grows with every
    answered request by design, up to the cap `trigger.emit_event` gives it, and would hide
    any other growth (the reading gives the stream's size apart)."""
    import redis

    client = redis.Redis.from_url(redis_url)

    def sample() -> tuple[float, dict[str, float], dict[str, float]]:
        at, rss, cpu = sample_stack(root_pid, locust.pid)
        rss["redis"] -= (client.memory_usage("events:expose", samples=0) or 0) / 2**20
        return at, rss, cpu

    given, taken, out = tmp / "load-input.json", tmp / "samples.json", tmp / "locust.log"
    given.write_text(json.dumps({"token": token, "contexts": contexts}))
    argv = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
            "--headless", "-u", str(users), "-r", str(users), "-t", f"{duration_s:.0f}s",
            "--stop-timeout", "15", "--host", f"http://127.0.0.1:{port}", "--only-summary",
            "--exit-code-on-error", "0", "--loglevel", "WARNING"]
    env = {**os.environ, "LOOM_LOAD_INPUT": str(given), "LOOM_LOAD_SAMPLES": str(taken)}
    with out.open("wb") as sink:
        locust = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=sink,
                                  stderr=subprocess.STDOUT)
        seen = [sample()]
        try:
            deadline = time.monotonic() + duration_s + 60
            while locust.poll() is None and time.monotonic() < deadline:
                time.sleep(sample_s - (time.time() - seen[-1][0]) % sample_s)
                seen.append(sample())
        finally:
            if locust.poll() is None:
                locust.kill()
            locust.wait()
            client.close()
    # A task that raised is a bug here, not an error of the stack: locust only logs it.
    text = out.read_text(errors="replace")
    if locust.returncode != 0 or not taken.exists() or "Traceback" in text:
        raise RuntimeError(f"locust failed (exit {locust.returncode}): {text[-3000:]}")
    (t0, _, first), (t1, _, last) = seen[0], next(s for s in reversed(seen) if "locust" in s[2])
    cpus = {k: (last[k] - first[k]) / max(t1 - t0, 1e-9) for k in first}
    cpus["other"] = max(0.0, cpus.pop("machine") - sum(cpus.values()))
    samples: list[Sample] = [(t, ms, key) for t, ms, key in json.loads(taken.read_text())]
    return samples, [(t, rss) for t, rss, _ in seen], cpus


def percentiles(latencies: list[float]) -> dict[str, float]:
    if len(latencies) < 2:
        return dict.fromkeys(("p50", "p95", "p99", "max"),
                             latencies[0] if latencies else float("nan"))
    cuts = quantiles(latencies, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": max(latencies)}


def request_stats(samples: list[Sample], seconds: float) -> dict[str, Any]:
    """Percentiles over every answered request (an error after the deadline is a wait the
    caller had too); errors = non-2xx, failed runs and exceptions, counted by key."""
    errors = dict(Counter(key for *_, key in samples if key != "ok"))
    n = len(samples)
    return {"requests": n, "rps": n / seconds if seconds else 0.0, "errors": errors,
            "error_rate": sum(errors.values()) / n if n else 0.0,
            **percentiles([ms for _, ms, _ in samples])}


def windows(samples: list[Sample], t0: float, width: float = WINDOW_S
            ) -> list[dict[str, float]]:
    """p50 / p99 and counts per `width`-second window of request start times."""
    buckets: dict[int, list[Sample]] = {}
    for sample in samples:
        buckets.setdefault(int((sample[0] - t0) // width), []).append(sample)
    return [{"t": (i + 0.5) * width, "n": len(b), "errors": sum(k != "ok" for *_, k in b),
             **percentiles([ms for _, ms, _ in b])} for i, b in sorted(buckets.items())]


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB), in MB per minute."""
    if len(points) < 2:
        return 0.0
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    var = sum((x - mx) ** 2 for x, _ in points)
    return 60 * sum((x - mx) * (y - my) for x, y in points) / var if var else 0.0


def memory_stats(memory: list[tuple[float, dict[str, float]]], t0: float, warmup_s: float
                 ) -> dict[str, dict[str, Any]]:
    out = {}
    for role in ROLES:
        series = [(t - t0, rss[role]) for t, rss in memory]
        steady = [p for p in series if p[0] >= warmup_s] or series[-1:]
        per_min = slope(steady)
        growth = per_min * (steady[-1][0] - steady[0][0]) / 60
        bound = max(FLAT_MB, FLAT_SHARE * steady[0][1])
        out[role] = {"first": series[0][1], "start": steady[0][1], "end": steady[-1][1],
                     "max": max(y for _, y in series), "slope": per_min, "growth": growth,
                     "bound": bound, "flat": growth < bound, "samples": len(series)}
    return out


def redis_facts(url: str) -> dict[str, Any]:
    """Redis at the end: its memory, and the exposure stream's length and memory."""
    import redis

    with redis.Redis.from_url(url) as client:
        stream = int(client.xlen("events:expose"))
        stream_mb = (client.memory_usage("events:expose", samples=0) or 0) / 2**20
        used_mb = int(client.info("memory")["used_memory"]) / 2**20
    return {"stream": stream, "stream_mb": stream_mb, "used_mb": used_mb}


def run(duration_s: float = DEFAULT_S, users: int = USERS, sample_s: float = SAMPLE_S
        ) -> dict[str, Any]:
    """Start the stack, drive it, stop it; everything the report needs."""
    warmup_s = duration_s / 5  # the first fifth (a minute of five) is the memory baseline
    with tempfile.TemporaryDirectory(prefix="loom-load-") as name:
        tmp = Path(name)
        port = _free_port()
        log(f"starting manage.py loom_run on port {port} (temporary database in {tmp})")
        with loom_stack(tmp, port) as (proc, redis_url, env):
            token, contexts = api_token(env), _user_contexts(redis_url)
            warm = prewarm(port, token, contexts)
            log(f"{users} users for {duration_s:.0f} s after {warm} warm-up requests")
            load_start, t0 = os.getloadavg()[0], time.time()
            samples, memory, cpus = drive(port, token, contexts, duration_s, users, tmp,
                                          proc.pid, sample_s, redis_url)
            load_end, t1 = os.getloadavg()[0], time.time()
            redis = redis_facts(redis_url)
    return {"duration_s": duration_s, "users": users, "warmup_s": warmup_s, "stack_pid": proc.pid,
            "sample_s": sample_s, "prewarm": warm, "contexts": len(contexts),
            "load": (load_start, load_end), "cpus": os.cpu_count() or 1,
            "all": request_stats(samples, t1 - t0),
            "steady": request_stats([s for s in samples if s[0] - t0 >= warmup_s],
                                    t1 - t0 - warmup_s),
            "windows": windows(samples, t0), "memory": memory_stats(memory, t0, warmup_s),
            "rss": [(t - t0, rss) for t, rss in memory], "redis": redis,
            "cpus_used": cpus}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=DEFAULT_S, help="seconds of load")
    parser.add_argument("--users", type=int, default=USERS, help="closed-loop users")
    parser.add_argument("--sample-every", type=float, default=SAMPLE_S,
                        help="seconds between RSS samples")
    args = parser.parse_args(argv)
    result = run(args.duration, args.users, args.sample_every)
    if args.duration != DEFAULT_S:  # the section's heading promises five minutes
        print(render(result, None))
        return
    from bench.__main__ import OUT, merge

    written = plot(result, PLOT)
    section = render(result, str(PLOT.relative_to(ROOT)) if written else None)
    OUT.write_text(merge(OUT.read_text(), [section]) if OUT.exists() else section + "\n")
    log(f"updated the Load section of {OUT}")


if __name__ == "__main__":
    main()
