"""The Redis store: same matches as in memory, TTLs, and no double fire across workers."""

from __future__ import annotations

import itertools
import threading
from collections import Counter

import redis
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.cep import Match, Matcher
from webapp.cep.redis_store import RedisStore
from webapp.cep.rule import CompiledRule
from webapp.cep.tests.streams import FAR_FUTURE, absence, ev, ids, run, sequence
from webapp.cep.tests.test_replay import LATENESS, RULES, check, raw_events

prefixes = itertools.count()


def test_state_keys_expire_after_horizon_plus_lateness(redis_sync: redis.Redis) -> None:
    rule = sequence("click", "cart", within=5000, lateness_ms=1000, cooldown_ms=200)
    store = RedisStore(redis_sync)
    matcher = Matcher([rule], store=store)
    matcher.process(ev("a", "click", 0))
    key = store.state_key("u1", CompiledRule.build(rule).slot)
    assert key.startswith("cep:{u1}:s:seq:")
    assert 5000 + 1000 < redis_sync.pttl(key) <= 5000 + 1000 + 60_000
    [match] = run(matcher, [ev("b", "cart", 10)])
    assert 0 < redis_sync.pttl(store.fired_key("u1")) <= 24 * 3600 * 1000
    assert redis_sync.zscore(store.fired_key("u1"), match.id) is not None


def test_two_matchers_sharing_redis_fire_each_match_once(redis_sync: redis.Redis) -> None:
    events = [ev(f"c{i}", "click", i * 10, item="x", unit=f"u{i % 3}") for i in range(30)]
    events += [ev(f"k{i}", "cart", 300 + i * 10, item="x", unit=f"u{i % 3}")
               for i in range(30)]
    expected = Counter(m.id for m in run(Matcher(RULES), events))
    assert expected
    stores = [RedisStore(redis_sync) for _ in range(2)]
    workers = [Matcher(RULES, store=store) for store in stores]
    found: list[Match] = []
    lock = threading.Lock()

    def work(matcher: Matcher, batch: int) -> None:  # both see every event (redelivery)
        got = [m for i in range(0, len(events), batch)
               for m in matcher.process_many(events[i:i + batch])]
        got += matcher.advance(FAR_FUTURE)
        with lock:
            found.extend(got)

    # One worker event by event, the other in multi-unit batches.
    threads = [threading.Thread(target=work, args=pair)
               for pair in zip(workers, (1, 7), strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Counter(m.id for m in found) == expected


def test_an_absence_fires_once_whichever_worker_ticks(redis_sync: redis.Redis) -> None:
    rule = absence("cart", "order", within=1000, lateness_ms=100)
    one, two = (Matcher([rule], store=RedisStore(redis_sync)) for _ in range(2))
    assert one.process(ev("a", "cart", 0)) == []
    assert two.advance(1099) == [] and one.advance(1099) == []
    assert ids(two.advance(1100)) == [("a",)]
    assert one.advance(FAR_FUTURE) == []
    assert redis_sync.zcard("cep:due") == 0


def test_a_replay_after_the_state_expired_does_not_fire_again(
        redis_sync: redis.Redis) -> None:
    rule = sequence("click", "cart", lateness_ms=0)
    events = [ev("a", "click", 0), ev("b", "cart", 5)]
    assert len(run(Matcher([rule], store=RedisStore(redis_sync)), events)) == 1
    for key in redis_sync.scan_iter("cep:{u1}:s:*"):
        redis_sync.delete(key)
    again = Matcher([rule], store=RedisStore(redis_sync))
    assert run(again, events) == []
    assert again.stats["refired"] == 1


def test_an_edited_rule_starts_from_fresh_state(redis_sync: redis.Redis) -> None:
    old = sequence("click", "cart", within=100, lateness_ms=0)
    Matcher([old], store=RedisStore(redis_sync)).process(ev("a", "click", 0))
    new = sequence("click", "cart", within=200, lateness_ms=0)
    assert run(Matcher([new], store=RedisStore(redis_sync)), [ev("b", "cart", 150)]) == []


@settings(max_examples=10, deadline=None)
@given(raw_events, st.lists(st.integers(0, LATENESS - 1), min_size=1, max_size=40),
       st.lists(st.tuples(st.integers(0, 100), st.integers(0, 10)), max_size=8))
def test_replays_match_the_same_way_on_redis(
        redis_url: str, raw: list[tuple[str, str, str, int]], delays: list[int],
        picks: list[tuple[int, int]]) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        # A fresh key prefix per run: hypothesis reuses the function-scoped fixture.
        check(raw, delays, picks, lambda: RedisStore(client, prefix=f"t{next(prefixes)}"))
    finally:
        client.close()


def test_a_stale_due_entry_is_cleared_by_the_next_tick(redis_sync: redis.Redis) -> None:
    rule = absence("cart", "order", within=1000, lateness_ms=0)
    store = RedisStore(redis_sync)
    matcher = Matcher([rule], store=store)
    matcher.process(ev("a", "cart", 0))
    for key in redis_sync.scan_iter("cep:{u1}:s:*"):
        redis_sync.delete(key)  # the state expired; its due entry did not
    matcher.process(ev("b", "order", 5000))  # new state, nothing to wait for
    assert matcher.advance(FAR_FUTURE) == []
    assert redis_sync.zcard("cep:due") == 0
