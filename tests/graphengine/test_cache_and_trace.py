"""The compiled-graph LRU and the readable timing tree."""

from __future__ import annotations

import threading

from graphengine import LRUCache, render_trace


def test_lru_evicts_the_least_recently_used() -> None:
    cache: LRUCache[str] = LRUCache(2)
    cache.get_or_build("a", lambda: "A")
    cache.get_or_build("b", lambda: "B")
    assert cache.get("a") == "A"  # a is now the most recent
    cache.get_or_build("c", lambda: "C")
    assert "b" not in cache and "a" in cache and "c" in cache
    assert (cache.hits, cache.misses) == (1, 3)


def test_concurrent_builders_agree_on_one_value() -> None:
    cache: LRUCache[object] = LRUCache(4)
    seen: list[object] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        seen.append(cache.get_or_build("k", object))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(v) for v in seen}) == 1 and len(cache) == 1


def test_render_trace_draws_a_tree() -> None:
    trace = {
        "kind": "graph", "graph": "g", "status": "ok", "duration_us": 1500,
        "children": [
            {"kind": "group", "id": "recall", "label": "Recall", "status": "ok",
             "start_us": 0, "duration_us": 900, "children": [
                 {"kind": "node", "id": "a", "op": "x.a", "status": "ok", "start_us": 0,
                  "duration_us": 900, "rows": 1, "error": None}]},
            {"kind": "node", "id": "b", "op": "x.b", "status": "failed", "start_us": 1000,
             "duration_us": 10, "rows": None, "error": "ValueError: no"},
        ],
    }
    assert render_trace(trace).splitlines() == [
        "g  ok  1.50 ms",
        "├─ [recall] Recall  ok  @0.00 ms  0.90 ms",
        "│  └─ a (x.a)  ok  @0.00 ms  0.90 ms  1 row",
        "└─ b (x.b)  failed  @1.00 ms  0.01 ms  — ValueError: no",
    ]


def test_compile_hashed_loads_only_on_a_miss_and_checks_the_hash() -> None:
    import pytest

    from graphengine import Engine, Graph

    doc = {"schema": 1, "name": "g", "nodes": [
        {"id": "t", "op": "datasource.table", "params": {"rows": [{"item_id": "a"}]}}]}
    graph = Graph.from_dict(doc)
    engine = Engine()
    loads: list[int] = []

    def load() -> dict[str, str]:
        loads.append(1)
        return graph.to_kv()

    first = engine.compile_hashed(graph.config_hash, load)
    assert engine.compile_hashed(graph.config_hash, load) is first and len(loads) == 1
    with pytest.raises(ValueError, match="hash"):
        engine.compile_hashed("0" * 64, load)
