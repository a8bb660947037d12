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


def test_remembered_answers_equal_fresh_ones_whatever_the_value_types() -> None:
    source = "has(row.x) && (row.x == 1 || row.x == 'a' || 'b' in row.tags)"
    rows = [{"x": 1, "tags": []}, {"x": 1.0, "tags": []}, {"x": True, "tags": []},
            {"x": "a", "tags": ["b"]}, {"tags": ["b"]}, {"x": None, "tags": ["b"]},
            {"x": 2, "tags": ["b"]}, {"x": 2, "tags": ("c",)}, {"x": {"k": 1}, "tags": []}]
    remembered = RowExpression(source, {})

    def answer(expr: RowExpression, row: dict[str, object]) -> object:
        try:
            return repr(expr(row))  # repr: True and 1 must not pass for each other
        except ExpressionError:
            return "error"

    for _ in range(2):  # the second round is answered from memory
        for row in rows:
            assert answer(remembered, row) == answer(RowExpression(source, {}), row), row
    assert len(remembered._memo) >= 6  # 1, 1.0 and true are three different keys


def test_errors_are_plain() -> None:
    with pytest.raises(ExpressionError, match="failed"):
        RowExpression("row.missing > 1", {})({})
    with pytest.raises(ExpressionError, match="invalid CEL"):
        compile_expression("row. <")
    with pytest.raises(ExpressionError, match="empty"):
        compile_expression("  ")


def test_uses_context_is_a_word_match() -> None:
    assert uses_context("ctx.user.id == 'a'") and not uses_context("row.ctxfield > 1")


# Bounds on cost and size (issue #7): refused when the graph validates, with the parameter.

def _filter_graph(expr: str) -> dict[str, object]:
    return {"schema": 1, "name": "g", "nodes": [
        {"id": "t", "op": "datasource.table", "params": {"rows": [{"a": 1}]}},
        {"id": "f", "op": "basic.filter", "params": {"expr": expr}, "inputs": {"items": ["t"]}},
    ]}


@pytest.mark.parametrize(("expr", "message"), [
    ("row.a > " + "1 + " * 600 + "1", "longer than 2000 characters"),
    ("(" * 40 + "row.a" + ")" * 40 + " > 1", "nests brackets 40 deep"),
    ("size(row.l.map(x, row.l.filter(y, y == x))) > 0", "comprehension macro inside another"),
    ("row.l.all(x, x > 0) && row.l.exists(x, x > 1) && row.l.exists_one(x, x > 2) && "
     "size(row.l.map(x, x)) > 0", "4 comprehension macros"),
])
def test_oversized_expressions_are_refused_naming_the_parameter(expr: str,
                                                                message: str) -> None:
    from graphengine import Graph, GraphError

    with pytest.raises(GraphError) as caught:
        Graph.from_dict(_filter_graph(expr))
    [error] = caught.value.errors
    assert (error.node, error.field) == ("f", "params.expr")
    assert message in error.message


def test_brackets_and_macros_inside_strings_and_comments_do_not_count() -> None:
    compile_expression("row.s == '((((((((((((((((((((((((((((((((((((((((.map(x, .map(y,'")
    compile_expression("row.s == r'\\' + \"(\" // ''' [[[[ .map(\n")
    # ...but a raw string or a comment cannot hide a nested comprehension either
    for sneaky in ["r\"\\\" + string(row.l.map(x, row.l.map(y, 1))) + \"a\"",
                   "1 // '''\n + size(row.l.map(x, row.l.map(y, 1))) // '''",
                   "size(row.l.\n// x\nmap(x, row.l.  // y\n map // z\n (y, 1))) > 0"]:
        with pytest.raises(ExpressionError, match="inside another"):
            compile_expression(sneaky)


def test_comprehensions_are_bounded_by_their_input_size() -> None:
    from operators.expressions import MAX_COMPREHENSION_INPUT, evaluate

    expr = RowExpression("row.l.exists(x, x == 3)", {})
    assert expr({"l": [1, 2, 3]}) is True
    with pytest.raises(ExpressionError, match=f"at most {MAX_COMPREHENSION_INPUT} elements"):
        expr({"l": list(range(MAX_COMPREHENSION_INPUT + 1))})
    big = {"user": {"history": list(range(MAX_COMPREHENSION_INPUT + 1))}}
    with pytest.raises(ExpressionError, match="at most"):
        evaluate("ctx.user.history.exists(h, h == 1)", {"ctx": big})
    # an expression without a comprehension is linear in its own size: no cap on inputs
    assert RowExpression("size(row.l) > 3", {})({"l": list(range(50_000))}) is True
