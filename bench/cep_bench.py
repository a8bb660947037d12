"""CEP matching: events/s through `webapp.cep.Matcher` and match latency, in memory and on Redis.

Ten rules (4 sequence, 3 count, 3 absence; half grouped by item or category, three with CEL
predicates) over a synthetic stream of many units. Latency is detection time - arrival time
of the event that completed the match: the wall time of the `process` call that returned
it, with `lateness_ms = 0` so a match is decided on arrival. With lateness L a match waits
until the frontier passes it (L of event time, or a tick); that wait is by design and not
counted here. Each Redis run is checked against the in-memory run of the same events.

``run()`` returns the Markdown section; ``python -m bench.cep_bench`` prints it.
"""

from __future__ import annotations

import gc
import os
import platform
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from statistics import quantiles
from typing import Any

import redis

from operators.behaviour.event import Event
from webapp.cep import Match, Matcher, MemoryStore, Rule, parse_rule
from webapp.cep.redis_store import RedisStore
from webapp.cep.store import StateStore

UNITS = 2_000
EVENTS = 100_000
REDIS_EVENTS = 10_000
BATCH = 100
FAR_FUTURE = 10**13
TYPES = (("expose", 50), ("click", 25), ("cart", 8), ("fav", 5), ("order", 4), ("play", 8))
CATEGORIES = ("shoes", "hats", "bags", "toys", "books", "games", "food", "tech")
MIN, HOUR = 60_000, 3_600_000


def rules(lateness_ms: int) -> list[Rule]:
    def seq(rule_id: str, steps: list[dict[str, Any]], within: int, **extra: Any) -> Rule:
        return parse_rule({"id": rule_id, "lateness_ms": lateness_ms, **extra, "pattern": {
            "kind": "sequence", "steps": steps, "within_ms": within}})

    def cnt(rule_id: str, step: dict[str, Any], n: int, window: int, **extra: Any) -> Rule:
        return parse_rule({"id": rule_id, "lateness_ms": lateness_ms, **extra, "pattern": {
            "kind": "count", "step": step, "min_count": n, "window_ms": window}})

    def absent(rule_id: str, a: str, b: str, within: int, **extra: Any) -> Rule:
        return parse_rule({"id": rule_id, "lateness_ms": lateness_ms, **extra, "pattern": {
            "kind": "absence", "step": {"type": a}, "absent": {"type": b},
            "within_ms": within}})

    return [
        seq("view_then_cart", [{"type": "click"}, {"type": "cart"}], 10 * MIN,
            group_by="item_id"),
        seq("cart_then_order", [{"type": "cart"}, {"type": "order"}], HOUR, group_by="item_id"),
        seq("funnel", [{"type": "click"}, {"type": "cart"}, {"type": "order"}], 30 * MIN),
        seq("pricey_click_then_fav",
            [{"type": "click", "where": "event.attributes.price >= 100"}, {"type": "fav"}],
            5 * MIN),
        seq("category_return", [{"type": "click"}, {"type": "click"}], 2 * MIN,
            group_by="attributes.category", cooldown_ms=10 * MIN),
        cnt("click_burst", {"type": "click"}, 5, MIN),
        cnt("item_obsession", {"type": "click"}, 3, 5 * MIN, group_by="item_id",
            cooldown_ms=10 * MIN),
        cnt("long_plays", {"type": "play", "where": "event.attributes.seconds >= 30"}, 3,
            10 * MIN),
        absent("abandoned_cart", "cart", "order", 30 * MIN, group_by="item_id"),
        absent("bounce", "click", "cart", 5 * MIN, cooldown_ms=5 * MIN),
    ]


def make_events(n: int, units: int, seed: int = 11) -> list[Event]:
    """Per unit, events ~5 s apart (exponential), mostly on the unit's few favourite items;
    all units interleaved by ts."""
    rng = random.Random(seed)
    kinds, weights = zip(*TYPES, strict=True)
    clocks = {f"u{u}": 1_700_000_000_000 + rng.randrange(60_000) for u in range(units)}
    favourites = {u: [f"i{rng.randrange(500)}" for _ in range(5)] for u in clocks}
    names = list(clocks)
    events = []
    for i in range(n):
        unit = rng.choice(names)
        clocks[unit] += int(rng.expovariate(1 / 5000)) + 1
        item = rng.choice(favourites[unit]) if rng.random() < 0.7 else f"i{rng.randrange(500)}"
        kind = rng.choices(kinds, weights)[0]
        category = CATEGORIES[int(item[1:]) % len(CATEGORIES)]  # stable across processes
        attributes: dict[str, Any] = {"category": category,
                                      "price": rng.randrange(1, 300)}
        if kind == "play":
            attributes["seconds"] = rng.randrange(1, 120)
        events.append(Event(id=f"e{i}", unit_id=unit, type=kind, item_id=item,
                            ts=clocks[unit], attributes=attributes))
    return sorted(events, key=lambda e: e.ts)


def disorder(events: list[Event], lateness_ms: int, seed: int = 5) -> list[Event]:
    """Each event delayed by < lateness (the disorder the matcher absorbs)."""
    rng = random.Random(seed)
    return sorted(events, key=lambda e: e.ts + rng.randrange(lateness_ms))


@dataclass
class Result:
    label: str
    events: int
    seconds: float
    matches: set[str]
    latencies_ns: list[int]  # one per match: the `process` call that returned it
    tick_matches: int

    @property
    def rate(self) -> float:
        return self.events / self.seconds


def drive(label: str, matcher: Matcher, events: list[Event], batch: int = 1) -> Result:
    gc.collect()
    gc.disable()
    latencies: list[int] = []
    found: set[str] = set()
    try:
        started = time.perf_counter_ns()
        for i in range(0, len(events), batch):
            t0 = time.perf_counter_ns()
            got = matcher.process_many(events[i:i + batch])
            took = time.perf_counter_ns() - t0
            latencies += [took] * len(got)
            found.update(m.id for m in got)
        seconds = (time.perf_counter_ns() - started) / 1e9
    finally:
        gc.enable()
    ticked = flush(matcher)
    found.update(m.id for m in ticked)
    return Result(label, len(events), seconds, found, latencies, len(ticked))


def flush(matcher: Matcher) -> list[Match]:
    """Tick until nothing is due (one `advance` handles at most its `limit` pairs)."""
    out: list[Match] = []
    while matcher.store.due(FAR_FUTURE, 1):
        out += matcher.advance(FAR_FUTURE)
    return out


@contextmanager
def redis_client() -> Iterator[redis.Redis]:
    url = os.environ.get("REDIS_URL")
    if url:
        client = redis.Redis.from_url(url)
        try:
            yield client
        finally:
            client.close()
        return
    from operators.demo.redis_server import EmbeddedRedis

    with EmbeddedRedis() as server:
        client = redis.Redis.from_url(server.url)
        try:
            yield client
        finally:
            client.close()


def clear(client: redis.Redis, prefix: str) -> None:
    for key in client.scan_iter(f"{prefix}:*", count=1000):
        client.delete(key)


def _ms(ns: float) -> str:
    return f"{ns / 1e6:.3f}"


def _row(r: Result, checked: str) -> str:
    if r.latencies_ns:
        cuts = quantiles(r.latencies_ns, n=100, method="inclusive")
        p50, p99 = _ms(cuts[49]), _ms(cuts[98])
    else:
        p50 = p99 = "—"
    return (f"| {r.label} | {r.events:,} | {r.rate:,.0f} | {len(r.matches):,} "
            f"({r.tick_matches:,} by tick) | {p50} | {p99} | {checked} |")


def run() -> str:
    started = time.perf_counter()
    load = os.getloadavg()[0]
    events = make_events(EVENTS, UNITS)
    subset = events[:REDIS_EVENTS]
    memory: Callable[[], StateStore] = MemoryStore
    results: list[tuple[Result, str]] = []
    mem0 = drive("memory, lateness 0", Matcher(rules(0), store=memory()), events)
    results.append((mem0, "reference"))
    mem1 = drive("memory, lateness 1 s, events disordered < 1 s",
                 Matcher(rules(1000), store=memory()), disorder(events, 1000))
    results.append((mem1, "same ids as lateness 0 ✓" if mem1.matches == mem0.matches
                    else "DIFFERENT ✗"))
    sub0 = drive("memory, first 10k", Matcher(rules(0), store=memory()), subset)
    with redis_client() as client:
        for label, batch in (("Redis, lateness 0", 1),
                             (f"Redis, `process_many` of {BATCH} (latency: whole batch)", BATCH)):
            prefix = f"cepbench{batch}"
            clear(client, prefix)
            store = RedisStore(client, prefix=prefix)
            got = drive(label, Matcher(rules(0), store=store), subset, batch)
            same = got.matches == sub0.matches
            results.append((got, ("same ids as memory ✓" if same else "DIFFERENT ✗")
                            + f", {store.conflicts} retries"))
            clear(client, prefix)
        redis_version = str(client.info("server").get("redis_version", "?"))
    elapsed = time.perf_counter() - started
    lines = [
        "## CEP matching",
        "",
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPU(s), load average {load:.1f} when it started (other work on "
        f"the machine lowers events/s); Redis {redis_version} on loopback, one client. Ten rules "
        "(4 sequence, 3 count, 3 absence; 5 grouped by item or category, 2 CEL predicates) "
        f"over {UNITS:,} units; {EVENTS:,} synthetic events (50 % `expose`, which no rule "
        "reads), per unit ~5 s apart. events/s: `Matcher.process` one event at a time "
        "(or `process_many` per batch), `gc` off. Latency: wall time of the call that "
        "returned a match, i.e. detection − arrival of the completing event, with lateness "
        "0 (with lateness L a match also waits L of event time by design). The final tick "
        f"(`advance`) fires the absences still open. Total bench time {elapsed:.1f} s.",
        "",
        "| run | events | events/s | matches | latency p50 ms | p99 ms | checked |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    lines += [_row(r, checked) for r, checked in results]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
