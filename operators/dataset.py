"""`Dataset`: the immutable, lazy table of rows that operators pass between each other.

Representation: a plain Python list of dicts, chosen by measurement (`bench/dataset_bench.py`).
On a filter -> sort -> dedupe -> limit -> left join pipeline at 100 / 1,000 / 10,000 rows, plain
rows beat polars lazy and pyarrow at every size (4-20x) once the conversion from and back to
dicts is counted; even with the input already columnar, both take ~0.6 ms at 100 rows, where
the whole Python pipeline takes ~40 µs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, cast

from operators.dataset_ops import (
    Dedupe,
    Filter,
    Join,
    Limit,
    Map,
    Rename,
    Row,
    Sample,
    Select,
    Sort,
    Step,
    Union,
    WithField,
    describe,
    execute,
)

__all__ = ["Dataset", "Row"]

_REPR_STEPS = 6


class Dataset:
    """An immutable sequence of rows (`dict[str, Any]`), built lazily.

    `Dataset.from_rows(...)` and `Dataset.empty()` hold rows; every other method records one
    step and returns a new Dataset without running anything. The rows are computed when first
    needed (`rows()`, `len()`, iteration, `bool()`, pickling) and cached on that Dataset, so
    consumers sharing one Dataset pay once. Consecutive steps are fused into as few passes as
    possible, so intermediate Datasets of a chain are not cached; one from which several
    others were already derived (a branch point) is, when first computed through, so its steps
    run once for all branches.

    Rows are shared, never copied: nothing here mutates a row or a list it was given, and
    callers must treat rows (and the lists `rows()` returns) as read-only. Steps that change a
    row build a new dict. Functions passed to `filter` / `map` / `with_field` must not mutate
    their argument either.

    A field that is absent or None counts as missing: it sorts last, never matches in a join
    and is exempt from dedupe.

    Thread safety: materialising from several threads at once may compute the rows twice (each
    user function may then run twice per row) but always yields the same, complete result.
    Pickling materialises and stores only the rows.
    """

    __slots__ = ("__weakref__", "_children", "_plan", "_rows")

    _rows: list[Row] | None
    _plan: tuple[Dataset, Step] | None  # (parent, step); dropped once the rows are cached
    _children: int  # how many Datasets were derived from this one (racy, only a hint)

    def __init__(self) -> None:
        """An empty Dataset; prefer `Dataset.empty()` / `Dataset.from_rows()`."""
        self._rows = []
        self._plan = None
        self._children = 0

    # ----------------------------------------------------------------------------------------
    # Construction
    # ----------------------------------------------------------------------------------------

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> Dataset:
        """A Dataset over `rows`. The outer list is copied, the row dicts are not; rows that
        are not plain dicts are converted to dicts."""
        data = list(rows)
        if not set(map(type, data)) <= {dict}:
            data = [r if type(r) is dict else dict(r) for r in data]
        return _materialised(cast(list[Row], data))

    @classmethod
    def empty(cls) -> Dataset:
        """A new empty Dataset (a fresh object each call: the engine may track outputs by id)."""
        return _materialised([])

    def _then(self, step: Step) -> Dataset:
        self._children += 1  # a lost update under a race only costs a missed cache
        return _lazy(self, step)

    def _is_empty(self) -> bool:
        rows = self._rows
        return rows is not None and not rows

    # ----------------------------------------------------------------------------------------
    # Materialisation
    # ----------------------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        """All rows, computed once and cached. The list and its dicts are shared with this
        Dataset (and possibly others): read them, never mutate them (copy first if needed)."""
        rows = self._rows
        return rows if rows is not None else self._materialise()

    @property
    def is_materialised(self) -> bool:
        """Whether the rows are computed (accessing them would run nothing)."""
        return self._rows is not None

    def head(self, n: int = 5) -> list[Row]:
        """The first `n` rows as a new list; runs only as much of the plan as needed and does
        not cache (use `rows()` if the whole Dataset will be needed anyway)."""
        _check_count("head", n)
        rows = self._rows
        if rows is not None:
            return rows[:n]
        return _lazy(self, Limit(n)).rows()  # not counted as a child: it is thrown away

    def __len__(self) -> int:
        return len(self.rows())

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows())

    def __bool__(self) -> bool:
        return bool(self.rows())

    def __repr__(self) -> str:
        steps: list[str] = []
        node = self
        while (rows := node._rows) is None:
            plan = node._plan
            if plan is not None:  # else: materialised by another thread since the last read
                node, step = plan
                steps.append(describe(step))
        if not steps:
            return f"<Dataset {len(rows)} rows>"
        steps.reverse()
        if len(steps) > _REPR_STEPS:
            skipped = len(steps) - _REPR_STEPS + 1
            steps[_REPR_STEPS // 2 : -(_REPR_STEPS // 2) + 1] = [f"…{skipped} steps…"]
        return f"<Dataset lazy: {len(rows)} rows | {' | '.join(steps)}>"

    def __reduce__(self) -> tuple[Callable[[list[Row]], Dataset], tuple[list[Row]]]:
        # Steps hold arbitrary callables (lambdas), so ship the rows instead.
        return _materialised, (self.rows(),)

    def _materialise(self) -> list[Row]:
        # Walk up to the nearest Dataset with rows, collecting the steps still to run.
        pending: list[tuple[Dataset, Step]] = []
        node = self
        while (rows := node._rows) is None:
            plan = node._plan
            if plan is not None:  # else: materialised by another thread since the last read
                pending.append((node, plan[1]))
                node = plan[0]
        steps: list[Step] = []
        for node, step in reversed(pending):
            steps.append(step)
            if node is self or node._children > 1:
                rows = execute(rows, steps)
                node._store(rows)
                steps = []
        return rows

    def _store(self, rows: list[Row]) -> None:
        # Rows first: a reader that sees `_plan is None` must find `_rows` set.
        self._rows = rows
        self._plan = None  # let the ancestors be collected

    # ----------------------------------------------------------------------------------------
    # Row-wise steps
    # ----------------------------------------------------------------------------------------

    def filter(self, predicate: Callable[[Row], object]) -> Dataset:
        """Rows for which `predicate(row)` is truthy."""
        return Dataset.empty() if self._is_empty() else self._then(Filter(predicate))

    def map(self, fn: Callable[[Row], Mapping[str, Any]]) -> Dataset:
        """`fn(row)` for each row; `fn` returns a new mapping (not its mutated argument)."""
        return Dataset.empty() if self._is_empty() else self._then(Map(fn))

    def select(self, *fields: str) -> Dataset:
        """Only `fields`, in that order; a field a row lacks stays absent."""
        if not fields:
            raise ValueError("select() needs at least one field")
        return Dataset.empty() if self._is_empty() else self._then(Select(fields))

    def rename(self, mapping: Mapping[str, str]) -> Dataset:
        """Rename fields `old -> new` (simultaneously, so swaps work). A field renamed onto a
        name the row already has replaces that field."""
        names = dict(mapping)
        if len(set(names.values())) != len(names):
            raise ValueError(f"rename() targets must be distinct: {names}")
        return Dataset.empty() if self._is_empty() else self._then(Rename(names))

    def with_field(self, name: str, fn: Callable[[Row], Any]) -> Dataset:
        """Each row plus (or with a replaced) field `name` = `fn(row)`."""
        return Dataset.empty() if self._is_empty() else self._then(WithField(name, fn))

    # ----------------------------------------------------------------------------------------
    # Whole-dataset steps
    # ----------------------------------------------------------------------------------------

    def sort(self, by: str | Sequence[str], descending: bool = False) -> Dataset:
        """Stable sort by one or more fields; rows missing a field go last either way.
        Values of different types other than None raise TypeError at materialisation."""
        fields = _fields("sort", by)
        return Dataset.empty() if self._is_empty() else self._then(Sort(fields, descending))

    def limit(self, n: int) -> Dataset:
        """The first `n` rows. After a sort this becomes a partial sort; otherwise it stops
        the upstream pass early (later rows are never filtered or mapped)."""
        _check_count("limit", n)
        return Dataset.empty() if n == 0 or self._is_empty() else self._then(Limit(n))

    def union(self, *others: Dataset) -> Dataset:
        """This Dataset's rows followed by each of `others`' rows, in order."""
        for other in others:
            other._children += 1  # `other` is consumed too: cache it if shared
        return self._then(Union(others))

    def join(self, other: Dataset, on: str | Sequence[str],
             how: Literal["inner", "left"] = "inner") -> Dataset:
        """SQL-style equi-join on the `on` fields: one output row per matching pair, with the
        right row's other fields added (the left value wins on a name clash). `how="left"`
        also keeps unmatched left rows, with every right-side field set to None."""
        if how not in ("inner", "left"):
            raise ValueError(f"join(how=...) must be 'inner' or 'left', not {how!r}")
        fields = _fields("join", on)
        if self._is_empty():
            return Dataset.empty()
        other._children += 1
        return self._then(Join(other, fields, how))

    def dedupe(self, key: str | Sequence[str]) -> Dataset:
        """The first row for each distinct `key` value; rows missing the key are all kept."""
        fields = _fields("dedupe", key)
        return Dataset.empty() if self._is_empty() else self._then(Dedupe(fields))

    def sample(self, n: int, seed: int) -> Dataset:
        """`n` rows chosen at random, the same ones for the same seed and input, in their
        original order (all rows if there are at most `n`)."""
        _check_count("sample", n)
        return Dataset.empty() if n == 0 or self._is_empty() else self._then(Sample(n, seed))


def _materialised(rows: list[Row]) -> Dataset:
    ds = Dataset.__new__(Dataset)
    ds._rows = rows
    ds._plan = None
    ds._children = 0
    return ds


def _lazy(parent: Dataset, step: Step) -> Dataset:
    ds = Dataset.__new__(Dataset)
    ds._rows = None
    ds._plan = (parent, step)
    ds._children = 0
    return ds


def _fields(method: str, by: str | Sequence[str]) -> tuple[str, ...]:
    fields = (by,) if isinstance(by, str) else tuple(by)
    if not fields:
        raise ValueError(f"{method}() needs at least one field")
    return fields


def _check_count(method: str, n: int) -> None:
    if n < 0:
        raise ValueError(f"{method}() needs n >= 0, got {n}")
