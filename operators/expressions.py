"""CEL expressions for conditions and row filters (a CEL library, never `eval`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Annotated, Any

import cel
import pydantic

# Bounds the cost of a user expression: CEL has no loops, so size bounds the work.
MAX_EXPRESSION_LENGTH = 2000


class ExpressionError(ValueError):
    pass


@functools.lru_cache(maxsize=4096)
def compile_expression(source: str) -> Any:
    """A compiled CEL program; cached because graphs reuse the same few expressions."""
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(f"expression is longer than {MAX_EXPRESSION_LENGTH} characters")
    if not source.strip():
        raise ExpressionError("expression is empty")
    try:
        return cel.compile(source)
    except (ValueError, TypeError, RuntimeError) as exc:
        raise ExpressionError(f"invalid CEL expression: {exc}") from None


def evaluate(source: str, variables: dict[str, Any]) -> Any:
    try:
        return compile_expression(source).execute(variables)
    except ExpressionError:
        raise
    except Exception as exc:  # the CEL runtime raises several types for bad data
        raise ExpressionError(f"CEL expression {source!r} failed: {exc}") from None


@functools.lru_cache(maxsize=4096)
def uses_context(source: str) -> bool:
    """Whether an expression mentions `ctx`: converting the context for CEL costs more than
    evaluating most row expressions, so row-level callers pass it only when needed."""
    return re.search(r"\bctx\b", source) is not None


_ROW_FIELD = re.compile(r"\brow\.([A-Za-z_][A-Za-z0-9_]*)")
_CTX_PATH = re.compile(r"\bctx((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")


class RowExpression:
    """A CEL expression evaluated once per row. Handing CEL a value costs per field, so it
    gets only the row fields and context paths the expression names (`row.x`, `ctx.a.b`),
    unless it uses `row` or `ctx` some other way, when it gets them whole."""

    def __init__(self, source: str, context: Mapping[str, Any]) -> None:
        self.source = source
        self._program = compile_expression(source)
        fields = _ROW_FIELD.findall(source)
        whole_row = re.search(r"\brow\b", _ROW_FIELD.sub("", source)) is not None
        self._fields: tuple[str, ...] | None = None if whole_row else tuple(dict.fromkeys(fields))
        self._variables: dict[str, Any] = {}
        if uses_context(source):
            if re.search(r"\bctx\b", _CTX_PATH.sub("", source)):
                self._variables["ctx"] = _plain(context)
            else:
                self._variables["ctx"] = _subset(context, _CTX_PATH.findall(source))

    def __call__(self, row: Mapping[str, Any]) -> Any:
        fields = self._fields
        view = dict(row) if fields is None else {f: row[f] for f in fields if f in row}
        self._variables["row"] = view
        try:
            return self._program.execute(self._variables)
        except Exception as exc:  # the CEL runtime raises several types for bad data
            raise ExpressionError(f"CEL expression {self.source!r} failed: {exc}") from None


def _plain(value: Any) -> Any:
    return {k: _plain(v) for k, v in value.items()} if isinstance(value, Mapping) else value


def _subset(context: Mapping[str, Any], paths: list[str]) -> dict[str, Any]:
    """A nested dict holding only the given `.a.b` paths of the context."""
    out: dict[str, Any] = {}
    for path in paths:
        *parents, leaf = path.strip(".").split(".")
        source: Any = context
        target = out
        for part in parents:
            source = source.get(part) if isinstance(source, Mapping) else None
            if not isinstance(source, Mapping):
                break
            known = target.get(part)
            target[part] = known if isinstance(known, dict) else {}
            target = target[part]
        else:
            if isinstance(source, Mapping) and leaf in source:
                target[leaf] = _plain(source[leaf])
    return out


def _check(source: str) -> str:
    compile_expression(source)
    return source


# A parameter type: a string that must compile as CEL (checked when the graph validates).
CelExpression = Annotated[str, pydantic.AfterValidator(_check)]
