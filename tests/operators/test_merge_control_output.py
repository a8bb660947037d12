"""Merge, control and output families."""

from __future__ import annotations

from typing import Any

from operators import Context, Dataset, default_registry

REG = default_registry()


def op(name: str, **params: Any) -> Any:
    return REG.get(name)(**params)


def src(tag: str, *ids: str) -> Dataset:
    return Dataset.from_rows([{"item_id": i, "source": tag} for i in ids])


def test_round_robin_interleaves_and_dedupes() -> None:
    out = op("merge.round_robin").run(Context(), [src("cf", "a", "b", "c"), src("hot", "b", "x")])
    assert [(r["item_id"], r["sources"]) for r in out.rows()] == [
        ("a", ["cf"]), ("b", ["hot", "cf"]), ("x", ["hot"]), ("c", ["cf"])]
    limited = op("merge.round_robin", limit=2).run(Context(), [src("a", "1", "2"), src("b", "3")])
    assert [r["item_id"] for r in limited.rows()] == ["1", "3"]
    assert op("merge.round_robin").run(Context(), []).rows() == []


def test_weighted_quota_by_position_and_by_tag() -> None:
    cf, hot = src("cf", "c1", "c2", "c3", "c4"), src("hot", "h1", "h2", "h3", "h4")
    by_pos = op("merge.weighted_quota", limit=4, weights=[3, 1]).run(Context(), [cf, hot])
    assert [r["item_id"] for r in by_pos.rows()] == ["c1", "c2", "c3", "h1"]
    by_tag = op("merge.weighted_quota", limit=4, tag_weights={"hot": 3, "cf": 1})
    assert [r["item_id"] for r in by_tag.run(Context(), [cf, hot]).rows()] == [
        "c1", "h1", "h2", "h3"]
    short = op("merge.weighted_quota", limit=4, weights=[1, 1])
    out = short.run(Context(), [src("cf", "c1"), src("hot", "h1", "h2", "h3", "h4")]).rows()
    assert [r["item_id"] for r in out] == ["c1", "h1", "h2", "h3"]  # unused slot refilled
    assert REG.get("merge.weighted_quota").check_params(
        {"weights": [-1]})[1][0].code == "param_conflict"


def test_priority_merge_still_records_provenance() -> None:
    out = op("merge.priority").run(Context(), [src("cf", "a"), src("hot", "a", "b")]).rows()
    assert [(r["item_id"], r["sources"]) for r in out] == [("a", ["cf", "hot"]), ("b", ["hot"])]


def test_switch_routes_by_context_value() -> None:
    switch = op("control.switch", path="user.segment", cases=["heavy", "casual"])
    assert switch.run(Context({"user": {"segment": "heavy"}})) is True
    assert switch.run(Context({"user": {"segment": "bargain"}})) is False
    assert switch.run(Context({})) is False
    assert REG.get("control.switch").check_params(
        {"path": "x", "cases": []})[1][0].code == "param_out_of_range"


def test_output_shape() -> None:
    rows = Dataset.from_rows([{"item_id": i, "score": i / 10, "x": 1} for i in range(5)])
    out = op("output.shape", fields=["item_id", "score"], rename={"score": "s"}, limit=2)
    assert out.run(Context(), rows).rows() == [{"item_id": 0, "s": 0.0, "rank": 1},
                                               {"item_id": 1, "s": 0.1, "rank": 2}]
    plain = op("output.shape", rank_field=None, limit=1)
    assert plain.run(Context(), rows).rows() == [{"item_id": 0, "score": 0.0, "x": 1}]
    assert op("output.shape").run(Context(), Dataset.empty()).rows() == []
    assert REG.get("output.shape").check_params({"limit": 0})[1][0].code == "param_out_of_range"


def test_constant_and_context_equals() -> None:
    assert op("control.constant").run(Context()) is True
    assert op("control.constant", value=False).run(Context()) is False
    flag = op("control.context_equals", path="user.tier", equals="gold")
    assert flag.run(Context({"user": {"tier": "gold"}})) is True
    assert flag.run(Context({})) is False
    assert REG.get("control.constant").check_params({"value": "yes"})[1][0].code == "param_type"
    assert REG.get("control.context_equals").check_params({})[1][0].code == "missing_param"
