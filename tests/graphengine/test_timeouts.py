"""Timeouts at node, group and graph level, with real cancellation."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from graphengine import Engine, Graph
from operators import Registry


def run(registry: Registry, doc: dict[str, Any], **resources: Any):
    engine = Engine(registry)
    try:
        return engine.run(Graph.from_dict(doc, registry), {}, resources=resources)
    finally:
        engine.close()


def events(log: list[dict[str, Any]], tag: str) -> list[str]:
    return [e["event"] for e in log if e.get("tag") == tag and "event" in e]


def test_node_timeout_cancels_the_coroutine_for_real(registry: Registry) -> None:
    doc = {"schema": 1, "name": "t", "settings": {"output": "m"}, "nodes": [
        {"id": "slow", "op": "t.async_source", "timeout_ms": 20, "optional": True,
         "params": {"sleep_ms": 2000, "tag": "slow"}},
        {"id": "fast", "op": "t.async_source", "params": {"tag": "fast"}},
        {"id": "m", "op": "t.union", "inputs": {"sources": ["slow", "fast"]}},
    ]}
    log: list[dict[str, Any]] = []
    result = run(registry, doc, log=log)
    assert result.status == "degraded"
    assert result.node_status == {"fast": "ok", "slow": "timeout", "m": "ok"}
    assert result.errors["slow"] == "timed out after 20 ms"
    # The operator saw CancelledError and never reached the code after its await.
    assert events(log, "slow") == ["start", "cancelled"]
    assert result.duration_ns < 1_000_000_000


def test_required_node_timeout_ends_the_run_as_timeout(registry: Registry) -> None:
    doc = {"schema": 1, "name": "t", "nodes": [
        {"id": "slow", "op": "t.async_source", "timeout_ms": 10, "params": {"sleep_ms": 2000}},
        {"id": "next", "op": "t.pick", "inputs": {"items": ["slow"]}},
    ]}
    result = run(registry, doc)
    assert result.status == "timeout"
    assert result.node_status == {"slow": "timeout", "next": "skipped"}


def test_group_clock_starts_with_its_first_node(registry: Registry) -> None:
    # 'late' waits 60 ms for its source outside the group; the group's 40 ms clock only
    # starts when 'late' starts, so it completes. 'g_slow' overruns the group budget.
    doc = {"schema": 1, "name": "t", "settings": {"output": "m"},
           "groups": [{"id": "recall", "timeout_ms": 40}],
           "nodes": [
               {"id": "pre", "op": "t.async_source", "params": {"sleep_ms": 60, "tag": "pre"}},
               {"id": "late", "op": "t.async_source", "group": "recall",
                "inputs": {"sources": ["pre"]}, "params": {"tag": "late"}},
               {"id": "g_slow", "op": "t.async_source", "group": "recall", "optional": True,
                "inputs": {"sources": ["pre"]}, "params": {"sleep_ms": 1000, "tag": "g_slow"}},
               {"id": "m", "op": "t.union", "inputs": {"sources": ["late", "g_slow"]}},
           ]}
    log: list[dict[str, Any]] = []
    result = run(registry, doc, log=log)
    assert result.node_status["late"] == "ok"
    assert result.node_status["g_slow"] == "timeout"
    assert result.errors["g_slow"] == "group 'recall' timed out after 40 ms"
    assert events(log, "g_slow") == ["start", "cancelled"]
    assert result.status == "degraded"


def test_group_nodes_not_started_by_the_deadline_time_out(registry: Registry) -> None:
    doc = {"schema": 1, "name": "t", "settings": {"output": "m"},
           "groups": [{"id": "g", "timeout_ms": 30}],
           "nodes": [
               {"id": "first", "op": "t.async_source", "group": "g", "optional": True,
                "params": {"sleep_ms": 50, "tag": "first"}},
               {"id": "after", "op": "t.async_source", "group": "g", "optional": True,
                "inputs": {"sources": ["slow_outside"]}, "params": {"tag": "after"}},
               {"id": "slow_outside", "op": "t.async_source",
                "params": {"sleep_ms": 60, "tag": "so"}},
               {"id": "m", "op": "t.union", "inputs": {"sources": ["first", "after",
                                                                   "slow_outside"]}},
           ]}
    log: list[dict[str, Any]] = []
    result = run(registry, doc, log=log)
    assert result.node_status["first"] == "timeout"
    assert result.node_status["after"] == "timeout"
    assert events(log, "after") == []  # never started
    assert result.node_status["m"] == "ok"


def test_graph_deadline_times_out_the_run_and_logs_the_tree(
    registry: Registry, caplog: pytest.LogCaptureFixture
) -> None:
    doc = {"schema": 1, "name": "deadline", "settings": {"timeout_ms": 30}, "nodes": [
        {"id": "a", "op": "t.async_source", "params": {"sleep_ms": 1000, "tag": "a"}},
        {"id": "b", "op": "t.async_source", "params": {"sleep_ms": 1000, "tag": "b"}},
        {"id": "m", "op": "t.union", "inputs": {"sources": ["a", "b"]}},
    ]}
    log: list[dict[str, Any]] = []
    with caplog.at_level(logging.WARNING, logger="graphengine.executor"):
        result = run(registry, doc, log=log)
    assert result.status == "timeout"
    assert result.node_status == {"a": "timeout", "b": "timeout", "m": "timeout"}
    assert events(log, "a") == ["start", "cancelled"]
    assert events(log, "b") == ["start", "cancelled"]
    warning = next(r for r in caplog.records if r.levelno == logging.WARNING)
    assert "deadline  timeout" in warning.getMessage()
    assert "a (t.async_source)  timeout" in warning.getMessage()


def test_blocking_node_timeout(registry: Registry) -> None:
    doc = {"schema": 1, "name": "t", "nodes": [
        {"id": "b", "op": "t.blocking", "timeout_ms": 10, "optional": True,
         "params": {"sleep_ms": 300}},
    ]}
    result = run(registry, doc)
    assert result.node_status == {"b": "timeout"} and result.status == "degraded"
