"""The few built-in operators the foundation ships (the full library comes later)."""

from __future__ import annotations

from typing import Any

import pytest

from operators import Context, Dataset, OperatorParamsError, default_registry
from operators.expressions import ExpressionError

REG = default_registry()


def make(name: str, **params: Any) -> Any:
    return REG.get(name)(**params)


def test_condition_reads_the_context() -> None:
    op = make("control.condition", expr="ctx.user.days_since_signup < 7")
    assert op.run(Context({"user": {"days_since_signup": 3}})) is True
    assert op.run(Context({"user": {"days_since_signup": 30}})) is False


def test_condition_errors_are_plain() -> None:
    with pytest.raises(OperatorParamsError, match="invalid CEL expression"):
        make("control.condition", expr="ctx.user. <")
    with pytest.raises(ExpressionError, match="must be true or false"):
        make("control.condition", expr="1 + 1").run(Context({}))
    with pytest.raises(ExpressionError, match="failed"):
        make("control.condition", expr="ctx.missing.field > 1").run(Context({}))


def test_condition_expression_length_is_bounded() -> None:
    _, errors = REG.get("control.condition").check_params({"expr": "true && " * 400 + "true"})
    assert errors and "longer than" in errors[0].message


def test_filter_sort_limit_on_rows() -> None:
    ds = Dataset.from_rows([{"item_id": "a", "score": 0.2}, {"item_id": "b", "score": 0.9},
                            {"item_id": "c", "score": 0.7}, {"item_id": "d"}])
    ctx = Context({"min": 0.5})
    kept = make("basic.filter", expr="has(row.score) && row.score > ctx.min").run(ctx, ds)
    ranked = make("basic.sort", by="score").run(ctx, kept)
    top = make("basic.limit", n=1).run(ctx, ranked)
    assert [r["item_id"] for r in ranked.rows()] == ["b", "c"]
    assert [r["item_id"] for r in top.rows()] == ["b"]
    assert len(make("basic.limit", n=10).run(ctx, Dataset.empty())) == 0


def test_priority_merge_keeps_first_row_and_every_source() -> None:
    hot = Dataset.from_rows([{"item_id": "x", "source": "hot", "s": 1},
                             {"item_id": "y", "source": "hot"}])
    cf = Dataset.from_rows([{"item_id": "y", "source": "cf", "s": 2}, {"no_id": True}])
    rows = make("merge.priority").run(Context(), [cf, hot]).rows()
    assert rows == [
        {"item_id": "y", "source": "cf", "s": 2, "sources": ["cf", "hot"]},
        {"item_id": "x", "source": "hot", "s": 1, "sources": ["hot"]},
        {"no_id": True},
    ]
    assert make("merge.priority").run(Context(), []).rows() == []


def test_table_tags_rows_and_validates_params() -> None:
    rows = make("datasource.table", rows=[{"item_id": "a"}], tag="hot").run(Context()).rows()
    assert rows == [{"item_id": "a", "source": "hot"}]
    with pytest.raises(OperatorParamsError, match="rows"):
        make("datasource.table", rows="nope")


def test_context_get_follows_dotted_paths() -> None:
    ctx = Context({"user": {"id": "u1", "tags": None}})
    assert ctx.get("user.id") == "u1" and ctx["user"]["id"] == "u1"
    assert ctx.get("user.tags.x", "d") == "d" and ctx.get("nope") is None
