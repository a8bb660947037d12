"""The plan steps a `Dataset` records, and the executor that applies a sequence of them.

Row-wise steps become chained builtin `filter` / `map` / `islice` iterators: consecutive ones
are a single pass over the rows, driven from C, that a downstream limit stops early. Only sort
and sample need their whole input; a sort directly followed by a limit becomes a partial sort
when that is measurably cheaper.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice, repeat
from operator import itemgetter, methodcaller
from typing import Any, Literal, Protocol, TypeAlias

Row: TypeAlias = dict[str, Any]
SortKey: TypeAlias = Callable[[Row], Any]

# Partial sort (heapq) beats a full C sort only on larger inputs with a small limit; measured
# on CPython 3.11 with float keys: 1,000 rows, limit 50 -> sorted 57 µs, heap 79 µs; 10,000
# rows -> sorted 1,160 µs, heap 380 µs.
HEAP_MIN_ROWS = 1_000
HEAP_MIN_RATIO = 30


class Source(Protocol):
    """What a step needs from another Dataset (avoids importing the class here)."""

    def rows(self) -> list[Row]: ...


@dataclass(frozen=True, slots=True)
class Filter:
    predicate: Callable[[Row], object]


@dataclass(frozen=True, slots=True)
class Map:
    fn: Callable[[Row], Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class Select:
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rename:
    mapping: dict[str, str]


@dataclass(frozen=True, slots=True)
class WithField:
    name: str
    fn: Callable[[Row], Any]


@dataclass(frozen=True, slots=True)
class Sort:
    fields: tuple[str, ...]
    descending: bool


@dataclass(frozen=True, slots=True)
class Limit:
    n: int


@dataclass(frozen=True, slots=True)
class Union:
    others: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Join:
    other: Source
    on: tuple[str, ...]
    how: Literal["inner", "left"]


@dataclass(frozen=True, slots=True)
class Dedupe:
    key: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sample:
    n: int
    seed: int


Step: TypeAlias = (
    Filter | Map | Select | Rename | WithField | Sort | Limit | Union | Join | Dedupe | Sample
)


def describe(step: Step) -> str:
    """A short label for reprs: `filter`, `sort(-score)`, `limit(50)`..."""
    match step:
        case Select(fields) | Dedupe(fields):
            return f"{type(step).__name__.lower()}({', '.join(fields)})"
        case Sort(fields, descending):
            return f"sort({', '.join(('-' if descending else '') + f for f in fields)})"
        case Limit(n) | Sample(n, _):
            return f"{type(step).__name__.lower()}({n})"
        case WithField(name, _):
            return f"with_field({name})"
        case Union(others):
            return f"union(+{len(others)})"
        case Join(_, on, how):
            return f"join({how}, {', '.join(on)})"
        case _:
            return type(step).__name__.lower()


def execute(rows: list[Row], steps: Sequence[Step]) -> list[Row]:
    """Apply `steps` to `rows` (never modified) and return a new list."""
    it: Iterable[Row] = rows
    i, count = 0, len(steps)
    while i < count:
        step = steps[i]
        i += 1
        match step:
            case Filter(predicate):
                it = filter(predicate, it)
            case Map(fn):
                it = map(_dict_result(fn), it)
            case Select(fields):
                it = map(_selector(fields), it)
            case Rename(mapping):
                it = map(_renamer(mapping), it)
            case WithField(name, fn):
                it = map(_field_adder(name, fn), it)
            case Limit(n):
                it = islice(it, n)
            case Union(others):
                # methodcaller via map is lazy: an `other` a limit never reaches is not run.
                it = chain(it, chain.from_iterable(map(methodcaller("rows"), others)))
            case Join():
                it = _join(it, step)
            case Dedupe(key):
                it = filter(_first_seen(key), it)
            case Sort(fields, descending):
                limit = None
                if i < count and isinstance(nxt := steps[i], Limit):
                    limit = nxt.n
                    i += 1
                # Neither sort_rows nor _sample modifies its input, so a list can be reused.
                data = it if isinstance(it, list) else list(it)
                it = sort_rows(data, fields, descending, limit)
            case Sample(n, seed):
                it = _sample(it if isinstance(it, list) else list(it), n, seed)
    if it is rows or not isinstance(it, list):
        return list(it)
    return it


# --------------------------------------------------------------------------------------------
# Sort
# --------------------------------------------------------------------------------------------


def sort_rows(data: list[Row], fields: tuple[str, ...], descending: bool,
              limit: int | None = None) -> list[Row]:
    """Stable sort; absent or None values go last in both directions."""
    try:
        # Bare values sort several times faster than (flag, value) tuples (CPython specialises
        # same-type comparisons), so try them first; a missing field raises KeyError and a
        # None compared with a value raises TypeError, and then the general key takes over.
        # `sorted` works on a copy, so the retry sees the original order (stability).
        return _ordered(data, itemgetter(*fields), descending, limit)
    except (KeyError, TypeError):
        return _ordered(data, _missing_last_key(fields, descending), descending, limit)


def _ordered(data: list[Row], key: SortKey, descending: bool, limit: int | None) -> list[Row]:
    if limit is not None and limit < len(data):
        if len(data) >= HEAP_MIN_ROWS and len(data) > HEAP_MIN_RATIO * limit:
            # Documented to equal sorted(...)[:limit], stability included.
            pick = heapq.nlargest if descending else heapq.nsmallest
            return pick(limit, data, key=key)
        out = sorted(data, key=key, reverse=descending)
        del out[limit:]
        return out
    return sorted(data, key=key, reverse=descending)


def _missing_last_key(fields: tuple[str, ...], descending: bool) -> SortKey:
    # `reverse=True` flips the flag too, so the flag for "missing" depends on the direction.
    absent: tuple[int] = (0,) if descending else (1,)
    present = 1 if descending else 0
    if len(fields) == 1:
        (name,) = fields

        def one(row: Row) -> Any:
            value = row.get(name)
            return absent if value is None else (present, value)

        return one

    def many(row: Row) -> Any:
        return tuple(absent if (v := row.get(f)) is None else (present, v) for f in fields)

    return many


# --------------------------------------------------------------------------------------------
# Row-wise helpers (closures are built per execution, so per-run state stays per run)
# --------------------------------------------------------------------------------------------


def _dict_result(fn: Callable[[Row], Mapping[str, Any]]) -> Callable[[Row], Row]:
    def call(row: Row) -> Row:
        out = fn(row)
        return out if type(out) is dict else dict(out)

    return call


def _selector(fields: tuple[str, ...]) -> Callable[[Row], Row]:
    def select(row: Row) -> Row:
        return {f: row[f] for f in fields if f in row}

    return select


def _renamer(mapping: dict[str, str]) -> Callable[[Row], Row]:
    def rename(row: Row) -> Row:
        if mapping.keys().isdisjoint(row):
            return row  # rows are immutable, so sharing the unchanged dict is safe
        # A field renamed onto an existing name replaces it, keeping the renamed one's place.
        taken = {mapping[k] for k in row if k in mapping}
        return {mapping.get(k, k): v for k, v in row.items() if k in mapping or k not in taken}

    return rename


def _field_adder(name: str, fn: Callable[[Row], Any]) -> Callable[[Row], Row]:
    def add(row: Row) -> Row:
        return {**row, name: fn(row)}

    return add


def key_of(fields: tuple[str, ...]) -> Callable[[Row], Any]:
    """Row -> key value (a tuple for several fields); None if any part is absent or None."""
    if len(fields) == 1:
        (name,) = fields

        def one(row: Row) -> Any:
            return row.get(name)

        return one

    def many(row: Row) -> Any:
        key = tuple(row.get(f) for f in fields)
        return None if None in key else key

    return many


def _first_seen(fields: tuple[str, ...]) -> Callable[[Row], bool]:
    key_fn = key_of(fields)
    seen: set[Any] = set()
    add = seen.add

    def keep(row: Row) -> bool:
        key = key_fn(row)
        if key is None:
            return True
        if key in seen:
            return False
        add(key)
        return True

    return keep


def _join(left: Iterable[Row], step: Join) -> Iterator[Row]:
    on = step.on
    key_fn = key_of(on)
    right = step.other.rows()
    keys = map(dict.get, right, repeat(on[0])) if len(on) == 1 else map(key_fn, right)
    # One C-level pass; if no key repeats, this is the whole index (the usual lookup table).
    index: dict[Any, Row] = dict(zip(keys, right, strict=True))
    unique = len(index) == len(right)
    index.pop(None, None)  # SQL: a null key matches nothing
    nulls = None
    if step.how == "left":
        nulls = _fields_of(right)
        for name in on:
            nulls.pop(name, None)

    # `{**row, **right, **row}`: the left row's fields first, the right's added, and the left
    # value wins a name clash (the key fields at least).
    if unique:
        get = index.get
        if nulls is not None:

            def left_one(row: Row) -> Row:
                return {**row, **get(key_fn(row), nulls), **row}

            return map(left_one, left)

        def inner_one(row: Row) -> Row | None:
            match = get(key_fn(row))
            return None if match is None else {**row, **match, **row}

        # A matched row holds its key fields, so it is never falsy; only misses are dropped.
        return filter(None, map(inner_one, left))

    groups: dict[Any, list[Row]] = {}
    for row in right:
        key = key_fn(row)
        if key is not None:
            groups.setdefault(key, []).append(row)
    misses: list[Row] = []  # inner join: a miss yields no row

    def merge(row: Row) -> list[Row]:
        matches = groups.get(key_fn(row))
        if matches is None:
            return misses if nulls is None else [{**row, **nulls, **row}]
        return [{**row, **m, **row} for m in matches]

    return chain.from_iterable(map(merge, left))


def _fields_of(rows: list[Row]) -> Row:
    """Every field name in `rows`, in first-seen order, mapped to None."""
    if not rows:
        return {}
    first = rows[0]
    if set().union(*rows) == first.keys():  # the usual table: all rows share the first's fields
        return dict.fromkeys(first)
    return dict.fromkeys(chain.from_iterable(rows))


def _sample(data: list[Row], n: int, seed: int) -> list[Row]:
    if n >= len(data):
        return data
    picks = random.Random(seed).sample(range(len(data)), n)
    picks.sort()  # keep the input's relative order (a ranking stays a ranking)
    return [data[i] for i in picks]
