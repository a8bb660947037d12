"""Circuit breakers: the state machine alone, then through the engine (DESIGN §3 `broken`)."""

from __future__ import annotations

import logging
from typing import Annotated, Any

import pytest

from graphengine import BreakerConfig, Breakers, Engine, Graph, MemoryStore
from graphengine.breaker import (
    CALL_CANCELLED,
    CALL_FAILED,
    CALL_OK,
    CALL_TIMEOUT,
    CLOSED,
    HALF_OPEN,
    OPEN,
    BreakerState,
)
from operators import Context, Dataset, Operator, Param, Registry
from tests.graphengine.conftest import TEST_OPERATORS

# -- the state machine -------------------------------------------------------------------


def machine(**overrides: Any) -> tuple[BreakerState, BreakerConfig]:
    base: dict[str, Any] = {"failure_rate": 0.5, "minimum_calls": 4, "window_size": 10,
                            "open_duration_s": 30, "half_open_calls": 2,
                            "half_open_max_wait_s": 60, "slow_call_ms": 100}
    config = BreakerConfig(**{**base, **overrides})
    return BreakerState.new(config), config


def feed(state: BreakerState, config: BreakerConfig, outcomes: str, now: float = 0.0,
         ms: float = 1.0) -> list[tuple[str, str, str]]:
    """F failed, T timeout, O ok, S slow ok; the transitions it caused."""
    codes = {"F": CALL_FAILED, "T": CALL_TIMEOUT, "O": CALL_OK, "S": CALL_OK}
    steps = []
    for c in outcomes:
        step = state.record(config, codes[c], 1000.0 if c == "S" else ms, False, now)
        if step is not None:
            steps.append(step)
    return steps


def test_opens_on_failure_rate_only_once_minimum_calls_are_in() -> None:
    state, config = machine()
    assert feed(state, config, "FFF") == []  # 100 % failed, but only 3 of 4 calls
    assert state.state == CLOSED
    steps = feed(state, config, "O", now=5.0)
    assert steps == [(CLOSED, OPEN, "failure rate 75% >= 50% over 4 calls")]
    assert (state.state, state.opened_at, state.transitions) == (OPEN, 5.0, {OPEN: 1})


def test_stays_closed_under_the_failure_rate_and_timeouts_count_as_failures() -> None:
    state, config = machine()
    assert feed(state, config, "TOOOO") == []  # 20 %
    assert feed(state, config, "TT") == []  # 3 of 7 = 43 %
    assert feed(state, config, "T")[0][1] == OPEN  # 4 of 8 = 50 %


def test_opens_on_slow_call_rate() -> None:
    state, config = machine(slow_call_rate=0.5, failure_rate=1.0)
    assert feed(state, config, "SOO") == []
    steps = feed(state, config, "S")  # 2 of 4 slower than 100 ms, none failed
    assert steps == [(CLOSED, OPEN, "slow-call rate 50% >= 50% over 4 calls "
                                    "(slow: over 100 ms)")]


def test_count_window_forgets_the_oldest_calls() -> None:
    state, config = machine(window_size=4, failure_rate=0.75)
    assert feed(state, config, "FFOO") == []  # 50 %
    assert feed(state, config, "OO") == []  # the two failures slid out
    assert state.window.totals(0.0) == (4, 0, 0)
    assert feed(state, config, "FF") == []  # O O F F: 50 %
    assert feed(state, config, "F")[0][1] == OPEN  # O F F F: 75 %


def test_time_window_forgets_calls_older_than_its_seconds() -> None:
    state, config = machine(window="time", window_size=10, minimum_calls=3)
    feed(state, config, "F", now=100.0)
    feed(state, config, "F", now=101.5)
    assert state.window.totals(101.9) == (2, 2, 0)
    assert state.window.totals(110.0) == (1, 1, 0)  # second 100 slid out of the view
    assert feed(state, config, "OOO", now=120.0) == []  # both failures are 19 s old
    assert state.window.totals(120.0) == (3, 0, 0)
    assert feed(state, config, "FF", now=121.0) == []  # 2 of 5
    assert feed(state, config, "F", now=125.0)[0][1] == OPEN  # 3 of 6


def test_open_duration_then_half_open_trials_close_it() -> None:
    state, config = machine()
    feed(state, config, "FFFF", now=100.0)
    assert state.acquire(config, 129.9) == (False, False, None)
    assert state.acquire(config, 130.0) == (True, True, (OPEN, HALF_OPEN,
                                                         "open duration passed"))
    assert state.acquire(config, 130.1) == (True, True, None)  # second of two permits
    assert state.acquire(config, 130.2) == (False, False, None)  # no third one
    assert state.record(config, CALL_OK, 1.0, True, 131.0) is None
    assert state.record(config, CALL_OK, 1.0, True, 131.0) == (
        HALF_OPEN, CLOSED, "2 trial calls under the thresholds")
    assert state.state == CLOSED and state.window.calls == 0  # a fresh window
    assert state.transitions == {OPEN: 1, HALF_OPEN: 1, CLOSED: 1}
    assert state.acquire(config, 131.0) == (True, False, None)


def test_failing_trial_calls_open_it_again() -> None:
    state, config = machine()
    feed(state, config, "FFFF", now=100.0)
    state.acquire(config, 130.0)
    state.acquire(config, 130.0)
    state.record(config, CALL_OK, 1.0, True, 131.0)
    step = state.record(config, CALL_FAILED, 1.0, True, 132.0)
    assert step == (HALF_OPEN, OPEN, "trial calls: failure rate 50% >= 50% over 2 calls")
    assert (state.state, state.opened_at) == (OPEN, 132.0)  # a new open duration
    assert state.acquire(config, 161.0)[0] is False
    assert state.acquire(config, 162.0)[:2] == (True, True)


def test_lost_trial_calls_reopen_it_and_cancelled_ones_give_their_permit_back() -> None:
    state, config = machine()
    feed(state, config, "FFFF", now=100.0)
    state.acquire(config, 130.0)
    state.acquire(config, 130.0)
    state.record(config, CALL_CANCELLED, 0.0, True, 130.5)  # its run stopped first
    assert state.acquire(config, 131.0)[:2] == (True, True)
    # Neither trial ever reports (say, their worker was killed): past the wait, open again.
    assert state.acquire(config, 189.0) == (False, False, None)
    allowed, _, step = state.acquire(config, 190.0)
    assert not allowed and step == (HALF_OPEN, OPEN,
                                    "trial calls did not report within 60 s")


def test_calls_from_a_stale_view_do_not_count_and_reset_closes() -> None:
    state, config = machine()
    feed(state, config, "FFFF", now=100.0)
    assert feed(state, config, "FFFF", now=101.0) == []  # open: these belong nowhere
    assert state.window.calls == 4
    assert state.reset(config, "by hand") == (OPEN, CLOSED, "by hand")
    assert (state.state, state.window.calls, state.transitions) == (CLOSED, 0,
                                                                    {OPEN: 1, "reset": 1})


def test_config_is_checked() -> None:
    with pytest.raises(ValueError, match="failure_rate must be in .0, 1.*window must be"):
        BreakerConfig(failure_rate=1.5, window="sessions")
    with pytest.raises(ValueError, match="minimum_calls must be an integer"):
        BreakerConfig(minimum_calls=0)


# -- through the engine --------------------------------------------------------------------


class Flaky(Operator):
    """Fails while resources['flaky']['fail'] is set; counts its calls."""

    name = "t.flaky"
    tag: Annotated[str, Param()] = "f"

    def run(self, ctx: Context) -> Dataset:
        state = ctx.resources["flaky"]
        state["calls"] += 1
        if state["fail"]:
            raise RuntimeError("dependency down")
        return Dataset.from_rows([{"item_id": self.tag, "tag": self.tag}])


class FlakyFlag(Operator):
    name = "t.flaky_flag"

    def run(self, ctx: Context) -> bool:
        state = ctx.resources["flaky"]
        state["calls"] += 1
        if state["fail"]:
            raise RuntimeError("flag service down")
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def reg() -> Registry:
    return Registry([*TEST_OPERATORS, Flaky, FlakyFlag])


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def breakers(clock: Clock) -> Breakers:
    config = BreakerConfig(minimum_calls=3, window_size=5, open_duration_s=10,
                           half_open_calls=2)
    return Breakers(MemoryStore(), config, clock=clock)


OPTIONAL_DOC: dict[str, Any] = {"schema": 1, "name": "feed", "settings": {"output": "m"}, "nodes": [
    {"id": "cf", "op": "t.flaky", "optional": True, "params": {"tag": "cf"}},
    {"id": "cf_only", "op": "t.pick", "inputs": {"items": ["cf"]}},
    {"id": "hot", "op": "t.source", "params": {"tag": "hot", "n": 1}},
    {"id": "m", "op": "t.union", "inputs": {"sources": ["cf", "hot", "cf_only"]}},
]}


def run_many(engine: Engine, graph: Graph, n: int, flaky: dict[str, Any],
             breakers: Breakers | None, **kw: Any) -> list[Any]:
    return [engine.run(graph, {}, resources={"flaky": flaky, "log": []}, breakers=breakers,
                       **kw) for _ in range(n)]


def test_an_open_breaker_makes_an_optional_node_broken_and_absent(
        reg: Registry, breakers: Breakers, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    engine, graph = Engine(reg), Graph.from_dict(OPTIONAL_DOC, reg)
    flaky = {"fail": True, "calls": 0}
    caplog.set_level(logging.INFO, logger="graphengine.breaker")
    failing = run_many(engine, graph, 3, flaky, breakers)
    assert [r.node_status["cf"] for r in failing] == ["failed"] * 3
    assert [r.status for r in failing] == ["degraded"] * 3
    assert "breaker_transition scope=feed node=cf from=closed to=open" in caplog.text

    # Open: the operator is not called; its consumers see it as a skipped optional node.
    flaky["fail"] = False
    result = run_many(engine, graph, 1, flaky, breakers)[0]
    assert flaky["calls"] == 3
    assert result.node_status == {"cf": "broken", "cf_only": "skipped", "hot": "ok", "m": "ok"}
    assert result.status == "degraded"
    assert result.output.rows() == [{"item_id": "hot0", "tag": "hot"}]
    assert result.errors["cf"].startswith("circuit breaker open since ")
    assert "failure rate 100% >= 50% over 3 calls" in result.errors["cf"]
    assert {c["id"]: c["status"] for c in result.trace["children"]}["cf"] == "broken"
    # The serial debug mode keeps the same semantics.
    serial = run_many(engine, graph, 1, flaky, breakers, serial=True)[0]
    assert serial.node_status == result.node_status and flaky["calls"] == 3

    # After the open duration, trial calls go through; two good ones close it.
    clock.now += 10
    trials = run_many(engine, graph, 2, flaky, breakers)
    assert [r.node_status["cf"] for r in trials] == ["ok", "ok"] and flaky["calls"] == 5
    [info] = breakers.states("feed")[:1]
    assert info["node"] == "cf" and info["state"] == "closed"
    assert info["transitions"] == {"open": 1, "half_open": 1, "closed": 1}
    assert "from=half_open to=closed" in caplog.text


def test_a_broken_required_node_fails_the_run_naming_its_breaker(
        reg: Registry, breakers: Breakers) -> None:
    doc = {"schema": 1, "name": "feed", "nodes": [
        {"id": "hot", "op": "t.source"},
        {"id": "cf", "op": "t.flaky", "params": {"tag": "cf"}},
        {"id": "m", "op": "t.union", "inputs": {"sources": ["hot", "cf"]}},
    ]}
    engine, graph = Engine(reg), Graph.from_dict(doc, reg)
    flaky = {"fail": True, "calls": 0}
    assert [r.status for r in run_many(engine, graph, 3, flaky, breakers)] == ["failed"] * 3
    result = run_many(engine, graph, 1, flaky, breakers)[0]
    assert flaky["calls"] == 3
    assert result.status == "failed"
    assert result.node_status["cf"] == "broken" and result.node_status["m"] == "skipped"
    assert "circuit breaker open" in result.errors["cf"]
    assert result.errors["m"] == "not run: the run stopped at 'cf'"


def test_a_broken_condition_skips_what_it_guards(reg: Registry, breakers: Breakers) -> None:
    doc = {"schema": 1, "name": "feed", "settings": {"output": "m"}, "nodes": [
        {"id": "is_new", "op": "t.flaky_flag", "optional": True},
        {"id": "onboarding", "op": "t.source", "when": "is_new", "params": {"tag": "on"}},
        {"id": "hot", "op": "t.source", "params": {"tag": "hot", "n": 1}},
        {"id": "m", "op": "t.union", "inputs": {"sources": ["onboarding", "hot"]}},
    ]}
    engine, graph = Engine(reg), Graph.from_dict(doc, reg)
    flaky = {"fail": True, "calls": 0}
    run_many(engine, graph, 3, flaky, breakers)
    flaky["fail"] = False
    result = run_many(engine, graph, 1, flaky, breakers)[0]
    assert result.node_status == {"is_new": "broken", "onboarding": "skipped", "hot": "ok",
                                  "m": "ok"}


def test_timeouts_open_the_breaker(reg: Registry, breakers: Breakers) -> None:
    doc = {"schema": 1, "name": "feed", "settings": {"output": "m"}, "nodes": [
        {"id": "slow", "op": "t.async_source", "optional": True, "timeout_ms": 5,
         "params": {"sleep_ms": 1000}},
        {"id": "hot", "op": "t.source"},
        {"id": "m", "op": "t.union", "inputs": {"sources": ["slow", "hot"]}},
    ]}
    engine, graph = Engine(reg), Graph.from_dict(doc, reg)
    statuses = [r.node_status["slow"] for r in run_many(engine, graph, 4, {}, breakers)]
    assert statuses == ["timeout", "timeout", "timeout", "broken"]


def test_the_engine_default_breakers_and_a_failing_store(
        reg: Registry, clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    class DownStore(MemoryStore):
        def gates(self, scope: str) -> Any:
            raise ConnectionError("store down")

    engine = Engine(reg, breakers=Breakers(DownStore(), clock=clock))
    graph = Graph.from_dict(OPTIONAL_DOC, reg)
    with caplog.at_level(logging.WARNING, logger="graphengine.breaker"):
        results = run_many(engine, graph, 2, {"fail": False, "calls": 0}, None)
    assert [r.status for r in results] == ["ok", "ok"]  # a store outage never fails a run
    assert caplog.text.count("could not read the breakers") == 1  # and is not logged per run


def test_reset_by_hand(reg: Registry, breakers: Breakers) -> None:
    engine, graph = Engine(reg), Graph.from_dict(OPTIONAL_DOC, reg)
    flaky = {"fail": True, "calls": 0}
    run_many(engine, graph, 3, flaky, breakers)
    assert breakers.reset("feed", "nope") is None
    t = breakers.reset("feed", "cf", "reset by ops")
    assert t is not None and (t.from_state, t.to_state, t.reason) == ("open", "closed",
                                                                       "reset by ops")
    flaky["fail"] = False
    assert run_many(engine, graph, 1, flaky, breakers)[0].node_status["cf"] == "ok"
