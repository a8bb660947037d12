"""Control family: conditions and constants that steer a graph."""

from __future__ import annotations

from typing import Annotated, Any

from operators.base import Operator
from operators.context import Context
from operators.expressions import CelExpression, ExpressionError, evaluate
from operators.params import Param
from operators.registry import register


@register
class Condition(Operator):
    """True or false from a CEL expression over the request context (`ctx`).

    Other nodes name this one in `when` / `unless` to run only for some requests,
    e.g. `ctx.user.days_since_signup < 7` for new users.
    """

    name = "control.condition"
    category = "control"

    expr: Annotated[
        CelExpression,
        Param(description="CEL expression over `ctx`", example="ctx.user.days_since_signup < 7"),
    ]

    def run(self, ctx: Context) -> bool:
        value = evaluate(self.expr, {"ctx": dict(ctx.data)})
        if not isinstance(value, bool):
            raise ExpressionError(f"condition must be true or false, got {value!r}")
        return value


@register
class Constant(Operator):
    """A fixed boolean, handy to switch a branch off without deleting it."""

    name = "control.constant"
    category = "control"

    value: Annotated[bool, Param(description="The value this node outputs")] = True

    def run(self, ctx: Context) -> bool:
        return bool(self.value)


@register
class ContextFlag(Operator):
    """True when a context value (dotted path) equals the given value."""

    name = "control.context_equals"
    category = "control"

    path: Annotated[str, Param(description="Dotted path into the context", example="user.tier",
                               min_length=1)]
    equals: Annotated[Any, Param(description="Value to compare with")] = True

    def run(self, ctx: Context) -> bool:
        return bool(ctx.get(self.path) == self.equals)


@register
class Switch(Operator):
    """True when the context value at `path` is one of `cases`: route requests by segment,
    country or app version by pointing nodes' `when` (or `unless`) at switch nodes, one per
    branch."""

    name = "control.switch"
    category = "control"

    path: Annotated[str, Param(min_length=1, description="Dotted path into the context",
                               example="user.segment")]
    cases: Annotated[list[Any], Param(min_length=1, max_length=1000,
                                      description="Values that select this branch",
                                      example=["heavy", "casual"])]

    def run(self, ctx: Context) -> bool:
        return ctx.get(self.path) in self.cases
