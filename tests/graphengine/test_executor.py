"""Execution semantics of DESIGN §3: scheduling, fusion, pruning, failures."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest

from conftest import Gauge
from graphengine import Engine, Graph
from operators import Dataset, Registry


def graph(nodes: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"schema": 1, "name": "t", "nodes": nodes, **extra}


def run(registry: Registry, doc: dict[str, Any], serial: bool = False, **resources: Any):
    engine = Engine(registry)
    try:
        return engine.run(Graph.from_dict(doc, registry), {"user": {"id": "u1"}}, serial=serial,
                          resources=resources)
    finally:
        engine.close()


def test_a_chain_passes_data_and_returns_the_sink_output(registry: Registry) -> None:
    doc = graph([
        {"id": "a", "op": "t.source", "params": {"tag": "a", "n": 3}},
        {"id": "b", "op": "t.pick", "inputs": {"items": ["a"]}},
    ])
    result = run(registry, doc)
    assert result.status == "ok"
    assert [r["item_id"] for r in result.output.rows()] == ["a0", "a1", "a2"]
    assert result.node_status == {"a": "ok", "b": "ok"}
    assert result.outputs["a"] is result.outputs["b"]


def test_independent_async_nodes_overlap_up_to_the_graph_cap(registry: Registry) -> None:
    def doc(cap: int) -> dict[str, Any]:
        nodes = [{"id": f"s{i}", "op": "t.async_source", "params": {"sleep_ms": 20, "tag": f"s{i}"}}
                 for i in range(6)]
        nodes.append({"id": "m", "op": "t.union",
                      "inputs": {"sources": [f"s{i}" for i in range(6)]}})
        return graph(nodes, settings={"max_concurrency": cap})

    for cap, expected in ((10, 6), (2, 2), (1, 1)):
        gauge = Gauge()
        assert run(registry, doc(cap), gauge=gauge).status == "ok"
        assert gauge.peak == expected


def test_group_cap_bounds_its_members_only(registry: Registry) -> None:
    nodes = [{"id": f"g{i}", "op": "t.async_source", "group": "recall",
              "params": {"sleep_ms": 10, "tag": f"g{i}"}} for i in range(4)]
    nodes.append({"id": "m", "op": "t.union", "inputs": {"sources": [f"g{i}" for i in range(4)]}})
    doc = graph(nodes, groups=[{"id": "recall", "max_concurrency": 2}])
    gauge = Gauge()
    assert run(registry, doc, gauge=gauge).status == "ok"
    assert gauge.peak == 2


def test_an_async_chain_stays_in_one_coroutine(registry: Registry) -> None:
    nodes = [{"id": "n0", "op": "t.async_source", "params": {"tag": "n0"}}]
    for i in range(1, 5):
        nodes.append({"id": f"n{i}", "op": "t.async_source", "params": {"tag": f"n{i}"},
                      "inputs": {"sources": [f"n{i - 1}"]}})
    log: list[dict[str, Any]] = []
    assert run(registry, graph(nodes), log=log).status == "ok"
    tasks = {id(e["task"]) for e in log if e.get("event") == "start"}
    assert len(tasks) == 1


def test_sync_operators_run_inline_without_tasks(registry: Registry) -> None:
    nodes = [{"id": "root", "op": "t.source", "params": {"tag": "root"}}]
    nodes += [{"id": f"u{i}", "op": "t.union", "params": {"tag": f"u{i}"},
               "inputs": {"sources": ["root"]}} for i in range(5)]
    nodes.append({"id": "sink", "op": "t.union", "params": {"tag": "sink"},
                  "inputs": {"sources": [f"u{i}" for i in range(5)]}})
    log: list[dict[str, Any]] = []
    assert run(registry, graph(nodes), log=log).status == "ok"
    assert len({id(e["task"]) for e in log}) == 1


def test_blocking_operators_run_in_the_thread_pool(registry: Registry) -> None:
    log: list[dict[str, Any]] = []
    result = run(registry, graph([{"id": "b", "op": "t.blocking"}]), log=log)
    assert result.status == "ok" and len(result.output) == 1
    assert log[0]["thread"].startswith("loom-blocking")
    assert log[0]["thread"] != threading.current_thread().name


def test_required_failure_fails_the_run_and_names_the_error(registry: Registry) -> None:
    doc = graph([
        {"id": "a", "op": "t.source"},
        {"id": "bad", "op": "t.boom", "inputs": {"sources": ["a"]}},
        {"id": "c", "op": "t.pick", "inputs": {"items": ["bad"]}},
    ])
    result = run(registry, doc)
    assert result.status == "failed"
    assert result.node_status == {"a": "ok", "bad": "failed", "c": "skipped"}
    assert result.errors["bad"] == "ValueError: kaboom"
    assert "stopped at 'bad'" in result.errors["c"]
    assert result.output is None


def test_optional_failure_degrades_and_counts_as_skipped(registry: Registry) -> None:
    doc = graph([
        {"id": "a", "op": "t.source", "params": {"tag": "a"}},
        {"id": "bad", "op": "t.async_source", "optional": True, "params": {"fail": True}},
        {"id": "m", "op": "t.union", "inputs": {"sources": ["bad", "a"]}},
    ])
    log: list[dict[str, Any]] = []
    result = run(registry, doc, log=log)
    assert result.status == "degraded"
    assert result.node_status["bad"] == "failed" and result.node_status["m"] == "ok"
    assert next(e for e in log if e["tag"] == "u")["n_sources"] == 1


def test_serial_mode_runs_in_canonical_order_with_the_same_outcome(registry: Registry) -> None:
    doc = graph([
        {"id": "z", "op": "t.async_source", "params": {"tag": "z"}},
        {"id": "y", "op": "t.source", "params": {"tag": "y"}},
        {"id": "flag", "op": "t.flag", "params": {"value": False}},
        {"id": "x", "op": "t.source", "params": {"tag": "x"}, "when": "flag"},
        {"id": "m", "op": "t.union", "inputs": {"sources": ["z", "y", "x"]}},
    ])
    log: list[dict[str, Any]] = []
    serial = run(registry, doc, serial=True, log=log)
    concurrent = run(registry, doc)
    assert serial.node_status == concurrent.node_status
    assert serial.output.rows() == concurrent.output.rows()
    order = [e["tag"] for e in log if e.get("event") in (None, "start")]
    assert order == ["flag:False", "y", "z", "u"]  # topological, ties broken by id


def test_trace_is_json_and_follows_graph_groups_nodes(registry: Registry) -> None:
    doc = graph([
        {"id": "a", "op": "t.async_source", "group": "recall", "params": {"n": 4}},
        {"id": "b", "op": "t.source", "group": "recall"},
        {"id": "m", "op": "t.union", "inputs": {"sources": ["a", "b"]}},
    ], groups=[{"id": "recall", "label": "Recall"}])
    trace = run(registry, doc).trace
    json.dumps(trace)
    assert trace["kind"] == "graph" and trace["status"] == "ok"
    group = next(c for c in trace["children"] if c["kind"] == "group")
    assert group["label"] == "Recall" and {n["id"] for n in group["children"]} == {"a", "b"}
    node_a = next(n for n in group["children"] if n["id"] == "a")
    assert node_a["rows"] == 4 and node_a["duration_us"] >= 0 and node_a["start_us"] >= 0
    sink = next(c for c in trace["children"] if c.get("id") == "m")
    assert sink["rows"] == 6


def test_compiled_graphs_are_cached_by_hash_and_refresh_on_change(registry: Registry) -> None:
    engine = Engine(registry)
    doc = graph([{"id": "a", "op": "t.source", "params": {"n": 1}}])
    plan1 = engine.compile(doc)
    assert engine.compile(Graph.from_dict(doc, registry)) is plan1
    doc["nodes"][0]["params"]["n"] = 2
    plan2 = engine.compile(doc)
    assert plan2 is not plan1 and plan2.config_hash != plan1.config_hash
    assert len(engine.run(plan2).output) == 2
    engine.close()


def test_arun_inside_a_loop_and_run_refuses_a_running_loop(registry: Registry) -> None:
    import asyncio

    engine = Engine(registry)
    doc = graph([{"id": "a", "op": "t.source"}])

    async def main() -> None:
        result = await engine.arun(doc)
        assert result.status == "ok"
        with pytest.raises(RuntimeError, match="arun"):
            engine.run(doc)

    asyncio.run(main())
    engine.close()


def test_single_port_gets_empty_dataset_when_its_source_was_skipped(registry: Registry) -> None:
    doc = graph([
        {"id": "off", "op": "t.flag", "params": {"value": False}},
        {"id": "a", "op": "t.source", "params": {"tag": "a"}},
        {"id": "b", "op": "t.source", "params": {"tag": "b"}, "when": "off"},
        {"id": "p", "op": "t.pick", "inputs": {"items": ["a"], "other": ["b"]}},
    ])
    log: list[dict[str, Any]] = []
    result = run(registry, doc, log=log)
    assert result.node_status["b"] == "skipped" and result.node_status["p"] == "ok"
    assert next(e for e in log if e["tag"] == "p")["other"] == 0
    assert isinstance(result.output, Dataset)
