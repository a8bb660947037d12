"""Behaviour events: how many events per second one worker folds into the feature store, and
how many the ingestion endpoint takes in.

Three paths, one process, an embedded Redis on loopback, synthetic events
(operators/behaviour/synthetic.py: 8 days of mixed types, a fifth in the last hour):

- *feature store*: `FeatureStore.apply` on ready-made batches (the Lua script per unit,
  one pipelined round trip per batch);
- *consumer*: what the `consume_events` task does per batch: XREADGROUP, parse each entry
  into an `Event`, apply, XACK, and trim the stream at the end (one process: one worker);
- *ingestion*: POST /api/events/ through Django and DRF in-process (token auth, validation
  of every event, dedupe + XADD in one script), without an HTTP server in front.

`python -m bench events` runs only this section (in its own process: it sets up Django on
an in-memory database).
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

N_EVENTS = 10_000
NOW = 1_800_000_000_000


def _setup(redis_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "webapp.config.settings.test"
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ["REDIS_URL"] = redis_url
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"  # the test client's host name
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}"


def _redis_us(client: Any) -> float:
    """Microseconds Redis spent executing commands since the last CONFIG RESETSTAT."""
    return float(sum(s["usec"] for s in client.info("commandstats").values()))


def _best(runs: int, client: Any, once: Callable[[], tuple[int, float, float]]
          ) -> tuple[int, float, float, float]:
    """The fastest of `runs` runs: (events, wall s, this process's CPU s, Redis's command
    time s). On a busy machine wall time suffers most; CPU times say what one event costs."""
    best: tuple[int, float, float, float] | None = None
    for _ in range(runs):
        n, wall, cpu = once()
        redis_s = _redis_us(client) / 1e6
        if best is None or wall / n < best[1] / best[0]:
            best = (n, wall, cpu, redis_s)
    assert best is not None
    return best


def _row(path: str, batch: int, units: int, run: tuple[int, float, float, float]) -> str:
    n, wall, cpu, redis_s = run
    return (f"| {path} | {batch} | {units:,} | {_rate(n, wall)} | {cpu / n * 1e6:.0f} µs | "
            f"{redis_s / n * 1e6:.0f} µs | {_rate(n, cpu + redis_s)} |")


def store_rate(client: Any, units: int, batch: int) -> tuple[int, float, float]:
    from operators.behaviour.store import FeatureStore
    from operators.behaviour.synthetic import synthetic_events

    events = synthetic_events(N_EVENTS, NOW, units=units, items=2000, categories=40,
                              seed=units)
    store = FeatureStore(client)
    client.flushdb()
    store.apply(events[:batch], now=NOW)  # loads the script
    client.flushdb()
    client.config_resetstat()
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(events), batch):
        store.apply(events[i:i + batch], now=NOW)
    return len(events), time.perf_counter() - started, time.process_time() - cpu


def consumer_rate(client: Any, units: int, batch: int) -> tuple[int, float, float]:
    from django.conf import settings

    from operators.behaviour.synthetic import synthetic_events
    from webapp.events import logic

    now = time.time_ns() // 1_000_000  # the consumer runs on the clock
    events = synthetic_events(N_EVENTS, now, units=units, items=2000, categories=40,
                              seed=units, id_prefix=f"b{batch}-")
    client.flushdb()
    stream = logic.event_stream()
    for i in range(0, len(events), 1000):
        stream.append(events[i:i + 1000])
    settings.LOOM_EVENTS_READ_BATCH = batch
    client.config_resetstat()
    started, cpu = time.perf_counter(), time.process_time()
    stats = logic.consume(consumer="bench", budget_s=600)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert stats["read"] == len(events) and stream.backlog() == 0, stats
    return len(events), elapsed, cpu


def ingest_rate(batch: int, requests: int) -> tuple[int, float, float, float]:
    """(events, wall s, CPU s, median ms per request) for `requests` POSTs of `batch`
    events."""
    from django.contrib.auth.models import Group, User
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from operators.behaviour.synthetic import synthetic_events

    user, _ = User.objects.get_or_create(username="bench-events")
    user.groups.add(Group.objects.get_or_create(name="editor")[0])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0]}")
    now = time.time_ns() // 1_000_000
    bodies = [{"events": [e.model_dump(mode="json") for e in synthetic_events(
        batch, now, units=1000, seed=r, id_prefix=f"r{batch}-{r}-")]} for r in range(requests)]
    client.post("/api/events/", bodies[0], format="json")  # warm-up (this id set repeats)
    latencies = []
    started, cpu = time.perf_counter(), time.process_time()
    for body in bodies:
        t0 = time.perf_counter()
        response = client.post("/api/events/", body, format="json")
        latencies.append(time.perf_counter() - t0)
        assert response.status_code == 202, response.content
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return batch * requests, wall, cpu, statistics.median(latencies) * 1000


def run() -> str:
    import redis

    from operators.demo.redis_server import EmbeddedRedis

    started = time.perf_counter()
    rows: list[str] = []
    with EmbeddedRedis() as server:
        _setup(server.url)
        client = redis.Redis.from_url(server.url, decode_responses=True)
        version = client.info("server")["redis_version"]
        load = os.getloadavg()[0]
        for units in (1000, 20):
            for batch in (100, 500):
                rows.append(_row("feature store `apply`", batch, units, _best(
                    2, client, lambda: store_rate(client, units, batch))))  # noqa: B023
        for units in (1000, 20):
            for batch in (100, 500):
                rows.append(_row("consumer (`consume_events`)", batch, units, _best(
                    1, client, lambda: consumer_rate(client, units, batch))))  # noqa: B023
        client.flushdb()
        medians = []
        for batch, requests in ((100, 100), (1000, 10)):
            client.config_resetstat()
            n, wall, cpu, median_ms = ingest_rate(batch, requests)
            rows.append(_row("`POST /api/events/` (in-process)", batch, 1000,
                             (n, wall, cpu, _redis_us(client) / 1e6)))
            medians.append(f"{median_ms:.1f} ms for {batch:,} events")
        client.close()
    total = time.perf_counter() - started
    return "\n".join([
        "## Behaviour events",
        "",
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPU(s), load average {load:.1f} when it started; embedded Redis "
        f"{version} on loopback, sharing the CPUs. "
        f"{N_EVENTS:,} synthetic events per run (8 days of mixed types, a fifth within the "
        "last hour, 2,000 items in 40 categories), spread over the given number of units. "
        "One process, one thread: the rates are per worker. Best of 2 runs (store), 1 "
        f"(consumer, ingestion). Total bench time {total:.1f} s.",
        "",
        "*Feature store*: `FeatureStore.apply` on ready batches (one Lua call per unit in the "
        "batch, one pipelined round trip). *Consumer*: the `consume_events` task's loop — "
        "XREADGROUP a batch, parse every entry into an `Event`, apply, XACK; trim at the end. "
        "*Ingestion*: the endpoint through Django, DRF, token auth and validation of every "
        "event, with dedupe + XADD in one script; no HTTP server in front, so it is the "
        "per-process ceiling of a web worker.",
        "",
        "*events/s* is measured wall time, which other load on the machine lowers; *worker "
        "CPU* and *Redis* are what one event costs this process and the Redis server "
        "(INFO commandstats), and *CPU-bound events/s* = 1 / their sum: the rate of one "
        "worker with its own core and Redis to itself.",
        "",
        "| path | batch | units | events/s | worker CPU / event | Redis / event "
        "| CPU-bound events/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Ingestion, median time per request: {'; '.join(medians)}.",
    ])


if __name__ == "__main__":
    sys.stdout.write(run() + "\n")
