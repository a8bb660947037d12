"""Scatter and MMR."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from graphengine import Graph, GraphError
from operators import Context, Dataset, default_registry

REG = default_registry()


def scatter(cats: list[str | None], **params: Any) -> list[dict[str, Any]]:
    rows = [{"id": i, "category": c} for i, c in enumerate(cats)]
    return REG.get("diversify.scatter")(**params).run(Context(), Dataset.from_rows(rows)).rows()


def longest_run(values: list[Any]) -> int:
    best = run = 0
    prev: Any = object()
    for v in values:
        run = run + 1 if v == prev and v is not None else 1
        best, prev = max(best, run), v
    return best


def test_breaks_runs_with_minimal_moves() -> None:
    out = scatter(["a", "a", "a", "b", "a", "c"], max_consecutive=2)
    assert [r["category"] for r in out] == ["a", "a", "b", "a", "a", "c"]
    assert [r["id"] for r in out] == [0, 1, 3, 2, 4, 5]


def test_window_rule_and_unplaceable_rows() -> None:
    out = scatter(["a", "a", "b", "c", "a"], max_consecutive=None, window=3, max_in_window=1)
    assert [r["category"] for r in out] == ["a", "b", "c", "a", "a"]  # last 'a' fits nowhere
    dropped = scatter(["a", "a", "a"], max_consecutive=1, drop_unplaceable=True)
    assert [r["id"] for r in dropped] == [0]


def test_missing_values_never_conflict_and_tiny_inputs() -> None:
    assert [r["id"] for r in scatter([None, None, None], max_consecutive=1)] == [0, 1, 2]
    assert scatter([], max_consecutive=1) == [] and len(scatter(["a"], max_consecutive=1)) == 1


def test_conflicting_params_are_refused_at_validation() -> None:
    cls = REG.get("diversify.scatter")
    for params in ({"window": 5}, {"window": 3, "max_in_window": 3},
                   {"max_consecutive": None}):
        errors = cls.check_params(params)[1]
        assert errors and errors[0].code == "param_conflict"
    doc = {"schema": 1, "name": "x", "nodes": [
        {"id": "t", "op": "datasource.table"},
        {"id": "s", "op": "diversify.scatter", "params": {"window": 4},
         "inputs": {"items": ["t"]}}]}
    try:
        Graph.from_dict(doc)
    except GraphError as exc:
        assert [(p.code, p.node, p.field) for p in exc.errors] == [
            ("param_conflict", "s", "params")]
    else:
        raise AssertionError("expected a GraphError")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", None]), max_size=40), st.integers(1, 3))
def test_scatter_properties(cats: list[str | None], n: int) -> None:
    out = scatter(cats, max_consecutive=n)
    assert sorted(r["id"] for r in out) == list(range(len(cats)))  # a permutation
    values = [r["category"] for r in out]
    placed = len(values)
    # Everything before the unplaceable tail obeys the rule.
    while placed and longest_run(values[:placed]) > n:
        placed -= 1
    tail = [r["id"] for r in out[placed:]]
    assert tail == sorted(tail)
    # Rows that needed no move keep their relative order.
    ids = [r["id"] for r in out]
    if longest_run(cats) <= n:
        assert ids == list(range(len(cats)))


def test_mmr_trades_relevance_for_variety() -> None:
    rows = [{"id": "a1", "category": "a", "score": 1.0}, {"id": "a2", "category": "a",
            "score": 0.9}, {"id": "b1", "category": "b", "score": 0.5}]
    mmr = REG.get("diversify.mmr")
    diverse = mmr(lambda_=0.5, limit=2).run(Context(), Dataset.from_rows(rows)).rows()
    assert [r["id"] for r in diverse] == ["a1", "b1"]
    greedy = mmr(lambda_=1.0, limit=2).run(Context(), Dataset.from_rows(rows)).rows()
    assert [r["id"] for r in greedy] == ["a1", "a2"]
    assert mmr().run(Context(), Dataset.empty()).rows() == []
    assert mmr.check_params({"lambda_": 2})[1][0].code == "param_out_of_range"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", None]), max_size=40), st.integers(2, 6),
       st.integers(1, 5))
def test_window_rule_holds_before_the_unplaceable_tail(cats: list[str | None], window: int,
                                                       per_window: int) -> None:
    if per_window >= window:
        return
    out = scatter(cats, max_consecutive=None, window=window, max_in_window=per_window)
    assert sorted(r["id"] for r in out) == list(range(len(cats)))
    values = [r["category"] for r in out]
    ok = 0  # longest prefix obeying the rule
    for end in range(1, len(values) + 1):
        v = values[end - 1]
        if v is not None and values[max(0, end - window):end].count(v) > per_window:
            break
        ok = end
    tail = [r["id"] for r in out[ok:]]
    assert tail == sorted(tail)


def test_one_operator_serves_concurrent_runs_without_shared_state() -> None:
    op = REG.get("diversify.scatter")(max_consecutive=1)
    rows = Dataset.from_rows([{"category": "a"}, {"category": "a"}, {"category": "b"}])
    first = op.run(Context(), rows).rows()
    assert op.run(Context(), rows).rows() == first
