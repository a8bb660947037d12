"""CEL expressions for conditions and row filters (a CEL library, never `eval`)."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from typing import Annotated, Any

import cel
import pydantic

# Bounds on the cost of a user expression. CEL has no loops and no recursion, so without
# comprehensions the work is linear in the expression's size (capped here, in characters and
# bracket nesting; `matches` uses a linear-time regex engine). Comprehension macros (`all`,
# `exists`, `exists_one`, `map`, `filter`) iterate over data: one is linear in its list, but
# one inside another multiplies the sizes (two nested over 2,000 items took 3 s, three did
# not end in a minute). So comprehensions may not nest, an expression has at most a few, and
# the lists and maps handed to an expression that has one are capped in size. The library
# (cel-interpreter) has no cost limit of its own to run it under.
MAX_EXPRESSION_LENGTH = 2000
MAX_NESTING = 32  # brackets: ( [ {
MAX_COMPREHENSIONS = 3
MAX_COMPREHENSION_INPUT = 10_000  # elements of one list / map an expression with macros gets
COMPREHENSIONS = ("all", "exists", "exists_one", "map", "filter")


class ExpressionError(ValueError):
    pass


_Q1, _Q2 = "'", '"'
# CEL string literals as its lexer reads them: raw ones (r / R prefix) have no escapes.
_STRING = "|".join([
    r"[bB]?[rR][bB]?(?:" + "|".join([_Q1 * 3 + r"[\s\S]*?" + _Q1 * 3,
                                      _Q2 * 3 + r"[\s\S]*?" + _Q2 * 3,
                                      _Q1 + r"[^'\n]*" + _Q1, _Q2 + r'[^"\n]*' + _Q2]) + ")",
    r"[bB]?(?:" + "|".join([_Q1 * 3 + r"(?:\\[\s\S]|[\s\S])*?" + _Q1 * 3,
                            _Q2 * 3 + r"(?:\\[\s\S]|[\s\S])*?" + _Q2 * 3,
                            _Q1 + r"(?:\\.|[^'\\\n])*" + _Q1,
                            _Q2 + r'(?:\\.|[^"\\\n])*' + _Q2]) + ")"])
_TOKEN = re.compile(r"(?P<comment>//[^\n]*)|(?P<string>" + _STRING + ")"
                    # (CEL's lexer skips comments like spaces: `l.  // x \n map(`)
                    r"|(?P<macro>\.(?:\s|//[^\n]*)*(?:" + "|".join(COMPREHENSIONS)
                    + r")(?:\s|//[^\n]*)*\()"
                    r"|(?P<open>[(\[{])|(?P<close>[)\]}])")


@dataclasses.dataclass(frozen=True)
class Shape:
    """What bounds an expression's cost, read from its source (string literals skipped)."""

    nesting: int
    comprehensions: int
    nested_comprehension: bool


def shape(source: str) -> Shape:
    depth = deepest = count = 0
    nested = False
    open_macros: list[int] = []  # the depth each open comprehension's call started at
    for match in _TOKEN.finditer(source):
        kind = match.lastgroup
        if kind in ("comment", "string"):
            continue
        if kind in ("macro", "open"):
            depth += 1
            deepest = max(deepest, depth)
            if kind == "macro":
                count += 1
                nested = nested or bool(open_macros)
                open_macros.append(depth)
        else:
            if open_macros and open_macros[-1] == depth:
                open_macros.pop()
            depth = max(depth - 1, 0)
    return Shape(deepest, count, nested)


@functools.lru_cache(maxsize=4096)
def compile_expression(source: str) -> Any:
    """A compiled CEL program; cached because graphs reuse the same few expressions."""
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(f"expression is longer than {MAX_EXPRESSION_LENGTH} characters")
    if not source.strip():
        raise ExpressionError("expression is empty")
    found = shape(source)
    if found.nesting > MAX_NESTING:
        raise ExpressionError(f"expression nests brackets {found.nesting} deep, more than "
                              f"the {MAX_NESTING} allowed")
    if found.comprehensions > MAX_COMPREHENSIONS:
        raise ExpressionError(f"expression has {found.comprehensions} comprehension macros "
                              f"({', '.join(COMPREHENSIONS)}), more than the "
                              f"{MAX_COMPREHENSIONS} allowed")
    if found.nested_comprehension:
        raise ExpressionError("a comprehension macro inside another is not allowed (its cost "
                              "grows with the product of the list sizes)")
    try:
        return cel.compile(source)
    except (ValueError, TypeError, RuntimeError) as exc:
        raise ExpressionError(f"invalid CEL expression: {exc}") from None


@functools.lru_cache(maxsize=4096)
def iterates(source: str) -> bool:
    """Whether an expression has a comprehension macro (its inputs' sizes are then capped)."""
    return shape(source).comprehensions > 0


def check_input_size(source: str, value: Any, limit: int = MAX_COMPREHENSION_INPUT) -> None:
    """Refuse a list or map longer than `limit` anywhere in `value` (for expressions that
    iterate: see the note on the bounds at the top)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping | list | tuple | set | frozenset):
            if len(item) > limit:
                raise ExpressionError(
                    f"CEL expression {source!r}: a comprehension may iterate over at most "
                    f"{limit} elements, and an input has {len(item)}")
            stack.extend(item.values() if isinstance(item, Mapping) else item)


def evaluate(source: str, variables: dict[str, Any]) -> Any:
    try:
        program = compile_expression(source)
        if iterates(source):
            check_input_size(source, variables)
        return program.execute(variables)
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


_SCALARS = (str, int, float, bool, type(None))
_MEMO_SIZE = 4096
_NOT_KNOWN = object()


def _memo_key(row: Mapping[str, Any], fields: tuple[str, ...]) -> tuple[Any, ...] | None:
    """The named fields' values as a hashable key, each with its type (CEL tells 1, 1.0
    and true apart; Python's == does not), or None when a value is not plain."""
    key: list[Any] = []
    for name in fields:
        if name not in row:
            key.append(None)
            continue
        value = row[name]
        if isinstance(value, _SCALARS):
            key.append((value.__class__, value))
        elif isinstance(value, (list, tuple)) and all(isinstance(v, _SCALARS) for v in value):
            key.append((list, tuple((v.__class__, v) for v in value)))
        else:
            return None
    return tuple(key)


class RowExpression:
    """A CEL expression evaluated once per row. Handing CEL a value costs per field, so it
    gets only the row fields and context paths the expression names (`row.x`, `ctx.a.b`),
    unless it uses `row` or `ctx` some other way, when it gets them whole.

    CEL is pure, so when the expression names its row fields the answer for the same
    values is remembered: a few hundred rows often share a few dozen categories."""

    def __init__(self, source: str, context: Mapping[str, Any]) -> None:
        self.source = source
        self._program = compile_expression(source)
        self._iterates = iterates(source)
        fields = _ROW_FIELD.findall(source)
        whole_row = re.search(r"\brow\b", _ROW_FIELD.sub("", source)) is not None
        self._fields: tuple[str, ...] | None = None if whole_row else tuple(dict.fromkeys(fields))
        self._variables: dict[str, Any] = {}
        self._memo: dict[tuple[Any, ...], Any] = {}
        if uses_context(source):
            if re.search(r"\bctx\b", _CTX_PATH.sub("", source)):
                self._variables["ctx"] = _plain(context)
            else:
                self._variables["ctx"] = _subset(context, _CTX_PATH.findall(source))

    def __call__(self, row: Mapping[str, Any]) -> Any:
        fields = self._fields
        key = None if fields is None else _memo_key(row, fields)
        if key is None:
            return self._evaluate(row)
        found = self._memo.get(key, _NOT_KNOWN)
        if found is not _NOT_KNOWN:
            return found
        value = self._evaluate(row)
        # Only plain answers: a list or map handed to many rows could be changed through one.
        if isinstance(value, _SCALARS) and len(self._memo) < _MEMO_SIZE:
            self._memo[key] = value
        return value

    def _evaluate(self, row: Mapping[str, Any]) -> Any:
        fields = self._fields
        view = dict(row) if fields is None else {f: row[f] for f in fields if f in row}
        self._variables["row"] = view
        if self._iterates:
            check_input_size(self.source, self._variables)
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
