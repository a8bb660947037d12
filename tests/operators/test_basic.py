"""Basic family: row operations on a Dataset."""

from __future__ import annotations

from typing import Any

import pytest

from operators import Context, Dataset, default_registry
from operators.expressions import ExpressionError

REG = default_registry()


def op(name: str, **params: Any) -> Any:
    return REG.get(name)(**params)


def ds(*rows: dict[str, Any]) -> Dataset:
    return Dataset.from_rows(rows)


def test_project_and_rename() -> None:
    rows = ds({"id": 1, "a": 2, "b": 3}, {"a": 5})
    assert op("basic.project", fields=["id", "a"]).run(Context(), rows).rows() == [
        {"id": 1, "a": 2}, {"a": 5}]
    assert op("basic.rename", mapping={"id": "item_id"}).run(Context(), rows).rows()[0] == {
        "item_id": 1, "a": 2, "b": 3}
    assert REG.get("basic.rename").check_params(
        {"mapping": {"a": "x", "b": "x"}})[1][0].code == "param_conflict"


def test_map_sets_fields_from_cel() -> None:
    mapper = op("basic.map", fields={"double": "row.x * 2", "vip": "ctx.user.tier == 'gold'"})
    out = mapper.run(Context({"user": {"tier": "gold"}}), ds({"x": 2}, {"x": 5})).rows()
    assert out == [{"x": 2, "double": 4, "vip": True}, {"x": 5, "double": 10, "vip": True}]
    with pytest.raises(ExpressionError):
        op("basic.map", fields={"y": "row.missing + 1"}).run(Context(), ds({"x": 1})).rows()
    lenient = op("basic.map", fields={"y": "row.missing + 1"}, keep_on_error=True)
    assert lenient.run(Context(), ds({"x": 1})).rows() == [{"x": 1}]
    assert REG.get("basic.map").check_params({"fields": {"y": "1 +"}})[1][0].code == "param_type"


def test_union_join_dedupe() -> None:
    a, b = ds({"item_id": 1}, {"item_id": 2}), ds({"item_id": 2, "x": "b"})
    assert op("basic.union").run(Context(), [a, b]).rows() == [
        {"item_id": 1}, {"item_id": 2}, {"item_id": 2, "x": "b"}]
    assert op("basic.union").run(Context(), []).rows() == []
    assert op("basic.join").run(Context(), a, b).rows() == [
        {"item_id": 1, "x": None}, {"item_id": 2, "x": "b"}]
    assert op("basic.join", how="inner").run(Context(), a, b).rows() == [
        {"item_id": 2, "x": "b"}]
    rows = ds({"item_id": 1, "v": "first"}, {"item_id": 1, "v": "second"}, {"v": "no id"})
    assert op("basic.dedupe").run(Context(), rows).rows() == [
        {"item_id": 1, "v": "first"}, {"v": "no id"}]


def test_sample_is_stable_per_seed_value() -> None:
    rows = ds(*({"i": i} for i in range(100)))
    sampler = op("basic.sample", n=5, seed_path="user.id")
    one = sampler.run(Context({"user": {"id": "u1"}}), rows).rows()
    assert one == sampler.run(Context({"user": {"id": "u1"}}), rows).rows()
    assert one != sampler.run(Context({"user": {"id": "u2"}}), rows).rows()
    assert [r["i"] for r in one] == sorted(r["i"] for r in one) and len(one) == 5
    assert len(op("basic.sample", n=500).run(Context(), rows)) == 100


def test_filter_with_and_without_context() -> None:
    rows = ds({"s": 1}, {"s": 5}, {})
    assert op("basic.filter", expr="has(row.s) && row.s > 2").run(Context(), rows).rows() == [
        {"s": 5}]
    by_ctx = op("basic.filter", expr="has(row.s) && row.s > ctx.min")
    assert by_ctx.run(Context({"min": 0}), rows).rows() == [{"s": 1}, {"s": 5}]


@pytest.mark.parametrize(
    ("name", "params", "code"),
    [("basic.project", {"fields": []}, "param_out_of_range"),
     ("basic.join", {"how": "outer"}, "param_out_of_range"),
     ("basic.dedupe", {"key": "item_id"}, "param_type"),
     ("basic.sample", {"n": -1}, "param_out_of_range"),
     ("basic.limit", {"n": 1.5}, "param_type")],
)
def test_bad_params(name: str, params: dict[str, Any], code: str) -> None:
    assert REG.get(name).check_params(params)[1][0].code == code
