"""CEL expressions: compile checks, bounds, and per-row evaluation with minimal inputs."""

from __future__ import annotations

import pytest

from operators.expressions import (
    ExpressionError,
    RowExpression,
    compile_expression,
    uses_context,
)

CTX = {"user": {"id": "u1", "fav": "x", "deep": {"a": 1, "b": 2}}, "now": 5, "other": 9}


def test_row_expression_sees_only_what_it_names() -> None:
    expr = RowExpression("row.category == ctx.user.fav && ctx.user.deep.a == 1", CTX)
    assert expr({"category": "x", "big": list(range(1000))}) is True
    assert expr({"category": "y"}) is False
    assert expr._variables["ctx"] == {"user": {"fav": "x", "deep": {"a": 1}}}


def test_other_uses_of_row_or_ctx_get_them_whole() -> None:
    assert RowExpression("size(row) == 2", CTX)({"a": 1, "b": 2}) is True
    assert RowExpression("ctx['now'] == 5", CTX)({}) is True
    assert RowExpression("has(row.x)", {})({}) is False


def test_errors_are_plain() -> None:
    with pytest.raises(ExpressionError, match="failed"):
        RowExpression("row.missing > 1", {})({})
    with pytest.raises(ExpressionError, match="invalid CEL"):
        compile_expression("row. <")
    with pytest.raises(ExpressionError, match="empty"):
        compile_expression("  ")


def test_uses_context_is_a_word_match() -> None:
    assert uses_context("ctx.user.id == 'a'") and not uses_context("row.ctxfield > 1")
