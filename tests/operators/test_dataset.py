"""`operators.dataset.Dataset`: laziness, caching, each operation's semantics, immutability."""

from __future__ import annotations

import copy
import functools
import pickle
import random
import threading
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from operators.dataset import Dataset

Row = dict[str, Any]


class Counter:
    """A predicate / function that counts its calls, per row."""

    def __init__(self, fn: Callable[[Row], Any] = lambda row: True) -> None:
        self.fn = fn
        self.calls: list[Row] = []
        self.lock = threading.Lock()

    def __call__(self, row: Row) -> Any:
        with self.lock:
            self.calls.append(row)
        return self.fn(row)


def items(n: int) -> list[Row]:
    return [{"item_id": f"i{i}", "score": float(i % 7), "pos": i} for i in range(n)]


def ids(ds: Dataset) -> list[Any]:
    return [row.get("item_id") for row in ds.rows()]


# --------------------------------------------------------------------------------------------
# Construction and the container protocol
# --------------------------------------------------------------------------------------------


def test_from_rows_copies_the_outer_list_but_shares_rows() -> None:
    source = items(3)
    ds = Dataset.from_rows(source)
    source.append({"item_id": "late"})
    source.pop(0)
    assert ids(ds) == ["i0", "i1", "i2"]
    assert ds.rows()[1] is source[0]  # dicts are shared, not copied
    assert ds.is_materialised


def test_from_rows_accepts_any_iterable_of_mappings() -> None:
    ds = Dataset.from_rows(MappingProxyType(r) for r in items(2))
    rows = ds.rows()
    assert rows == items(2)
    assert all(type(r) is dict for r in rows)


def test_empty() -> None:
    for ds in (Dataset.empty(), Dataset(), Dataset.from_rows([])):
        assert ds.rows() == []
        assert len(ds) == 0
        assert not ds
        assert list(ds) == []
        assert ds.is_materialised
    # Fresh objects: the engine may tell outputs apart by identity.
    assert Dataset.empty() is not Dataset.empty()


def test_len_iter_bool_head() -> None:
    ds = Dataset.from_rows(items(4)).filter(lambda r: r["pos"] > 0)
    assert len(ds) == 3
    assert [r["pos"] for r in ds] == [1, 2, 3]
    assert ds
    assert ds.head(2) == items(4)[1:3]
    assert ds.head(10) == items(4)[1:]
    assert ds.head(0) == []
    with pytest.raises(ValueError):
        ds.head(-1)


def test_repr_does_not_materialise() -> None:
    pred = Counter()
    ds = Dataset.from_rows(items(5)).filter(pred).sort("score", descending=True).limit(2)
    text = repr(ds)
    assert text == "<Dataset lazy: 5 rows | filter | sort(-score) | limit(2)>"
    assert pred.calls == []
    ds.rows()
    assert repr(ds) == "<Dataset 2 rows>"


def test_repr_elides_long_plans() -> None:
    ds = Dataset.from_rows(items(3))
    for i in range(20):
        ds = ds.limit(100 - i)
    text = repr(ds)
    assert "…" in text
    assert len(text) < 150


# --------------------------------------------------------------------------------------------
# Laziness and caching
# --------------------------------------------------------------------------------------------


def test_nothing_runs_until_materialisation() -> None:
    pred, fn = Counter(), Counter(lambda r: {**r, "x": 1})
    other = Dataset.from_rows(items(2)).filter(pred)
    ds = (
        Dataset.from_rows(items(5))
        .filter(pred)
        .map(fn)
        .with_field("y", fn)
        .sort("score")
        .dedupe("item_id")
        .union(other)
        .join(other, on="item_id", how="left")
        .sample(3, seed=1)
    )
    assert not ds.is_materialised
    assert pred.calls == [] and fn.calls == []
    ds.rows()
    assert ds.is_materialised
    assert pred.calls and fn.calls


def test_each_row_is_filtered_once_however_often_it_is_read() -> None:
    pred = Counter(lambda r: r["pos"] % 2 == 0)
    ds = Dataset.from_rows(items(10)).filter(pred)
    first = ds.rows()
    assert ds.rows() is first  # cached on the instance
    assert len(ds) == 5 and list(ds) == first and bool(ds)
    assert len(pred.calls) == 10


def test_a_shared_dataset_runs_once_for_several_consumers() -> None:
    pred = Counter(lambda r: r["pos"] % 2 == 0)
    shared = Dataset.from_rows(items(10)).filter(pred)
    by_score = shared.sort("score", descending=True)
    top = shared.limit(2)
    assert len(by_score.rows()) == 5
    assert ids(top) == ["i0", "i2"]
    assert len(pred.calls) == 10
    assert shared.is_materialised  # a branch point caches its own rows


def test_a_dataset_joined_or_unioned_with_itself_runs_once() -> None:
    pred = Counter()
    ds = Dataset.from_rows(items(4)).filter(pred)
    assert len(ds.union(ds).rows()) == 8
    assert len(pred.calls) == 4
    pred2 = Counter()
    ds2 = Dataset.from_rows(items(4)).filter(pred2)
    assert len(ds2.join(ds2, on="item_id").rows()) == 4
    assert len(pred2.calls) == 4


def test_a_linear_chain_is_fused_without_caching_intermediates() -> None:
    base = Dataset.from_rows(items(10))
    a = base.filter(lambda r: r["pos"] > 2)
    b = a.map(lambda r: {**r, "m": True})
    c = b.select("item_id", "m")
    assert c.rows() == [{"item_id": f"i{i}", "m": True} for i in range(3, 10)]
    assert not a.is_materialised and not b.is_materialised


def test_limit_stops_the_upstream_pass_early() -> None:
    pred = Counter(lambda r: r["pos"] % 2 == 1)
    fn = Counter(lambda r: r)
    ds = Dataset.from_rows(items(100)).map(fn).filter(pred).limit(3)
    assert ids(ds) == ["i1", "i3", "i5"]
    assert len(pred.calls) == 6
    assert len(fn.calls) == 6


def test_head_runs_only_what_it_needs_and_does_not_cache() -> None:
    pred = Counter()
    ds = Dataset.from_rows(items(100)).filter(pred)
    assert ids(Dataset.from_rows(ds.head(2))) == ["i0", "i1"]
    assert len(pred.calls) == 2
    assert not ds.is_materialised


def test_limit_zero_and_ops_on_empty_input_run_nothing() -> None:
    pred = Counter()
    assert Dataset.from_rows(items(5)).filter(pred).limit(0).rows() == []
    empty = Dataset.empty()
    for ds in (empty.filter(pred), empty.map(pred), empty.sort("x"), empty.sample(3, seed=0),
               empty.join(Dataset.from_rows(items(3)), on="item_id", how="left")):
        assert ds.rows() == []
        assert ds is not empty
    assert pred.calls == []


def read_from_threads(ds: Dataset, threads: int) -> list[list[Row]]:
    barrier = threading.Barrier(threads)
    results: list[list[Row]] = []

    def read() -> None:
        barrier.wait()  # release every thread at once, before anything is cached
        results.append(ds.rows())

    workers = [threading.Thread(target=read) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return results


def test_concurrent_materialisation_gives_one_consistent_result() -> None:
    data = [{"item_id": f"i{i % 700}", "score": (i * 7919) % 1000 / 7} for i in range(3000)]

    def pipeline() -> Dataset:
        return (
            Dataset.from_rows(data).filter(lambda r: r["score"] > 10).sort("score")
            .dedupe("item_id").limit(200)
        )

    expected = pipeline().rows()
    assert len(expected) == 200
    for _ in range(5):
        ds = pipeline()
        results = read_from_threads(ds, 8)
        assert len(results) == 8
        assert all(r == expected for r in results)
        assert ds.rows() == expected


def test_pickle_and_copy_ship_the_rows() -> None:
    ds = Dataset.from_rows(items(5)).filter(lambda r: r["pos"] < 3)  # a lambda: not picklable
    clone = pickle.loads(pickle.dumps(ds))
    assert clone.is_materialised
    assert clone.rows() == ds.rows()
    assert copy.copy(ds).rows() == ds.rows()
    deep = copy.deepcopy(ds)
    assert deep.rows() == ds.rows() and deep.rows()[0] is not ds.rows()[0]


# --------------------------------------------------------------------------------------------
# Row-wise operations
# --------------------------------------------------------------------------------------------


def test_filter_with_missing_fields() -> None:
    rows: list[Row] = [{"a": 1}, {"b": 2}, {"a": None}, {"a": 3}]
    assert Dataset.from_rows(rows).filter(lambda r: (r.get("a") or 0) > 1).rows() == [{"a": 3}]
    assert Dataset.from_rows(rows).filter(lambda r: False).rows() == []


def test_map_builds_new_rows_and_accepts_any_mapping() -> None:
    source = items(2)
    ds = Dataset.from_rows(source).map(lambda r: MappingProxyType({"id": r["item_id"]}))
    assert ds.rows() == [{"id": "i0"}, {"id": "i1"}]
    assert all(type(r) is dict for r in ds.rows())
    assert source == items(2)


def test_select() -> None:
    rows = [{"a": 1, "b": 2, "c": 3}, {"c": 4}]
    assert Dataset.from_rows(rows).select("c", "a").rows() == [{"c": 3, "a": 1}, {"c": 4}]
    assert list(Dataset.from_rows(rows).select("c", "a").rows()[0]) == ["c", "a"]
    with pytest.raises(ValueError):
        Dataset.from_rows(rows).select()


def test_rename() -> None:
    rows = [{"a": 1, "b": 2, "c": 3}, {"c": 4}, {"x": 5, "a": 6}]
    out = Dataset.from_rows(rows).rename({"a": "x"}).rows()
    assert out == [{"x": 1, "b": 2, "c": 3}, {"c": 4}, {"x": 6}]
    assert list(out[0]) == ["x", "b", "c"]  # renamed in place
    assert out[1] is rows[1]  # nothing to rename: the row is shared
    swapped = Dataset.from_rows(rows[:1]).rename({"a": "b", "b": "a"}).rows()
    assert swapped == [{"b": 1, "a": 2, "c": 3}]
    with pytest.raises(ValueError):
        Dataset.from_rows(rows).rename({"a": "z", "b": "z"})


def test_rename_onto_an_unrelated_target_keeps_fields_the_row_has() -> None:
    rows = [{"y": 1, "c": 2}]
    assert Dataset.from_rows(rows).rename({"a": "b", "x": "y"}).rows() == rows
    assert Dataset.from_rows([{"a": 1, "y": 2}]).rename({"a": "b", "x": "y"}).rows() == [
        {"b": 1, "y": 2}
    ]


def test_with_field() -> None:
    rows = [{"a": 1, "b": 2}, {}]
    out = Dataset.from_rows(rows).with_field("a", lambda r: r.get("b", 0) * 10).rows()
    assert out == [{"a": 20, "b": 2}, {"a": 0}]
    assert list(out[0]) == ["a", "b"]  # replaced in place
    added = Dataset.from_rows(rows).with_field("z", lambda r: len(r)).rows()
    assert added == [{"a": 1, "b": 2, "z": 2}, {"z": 0}]
    assert rows == [{"a": 1, "b": 2}, {}]


# --------------------------------------------------------------------------------------------
# Sort and limit
# --------------------------------------------------------------------------------------------


MISSING = object()


def reference_sort(rows: list[Row], fields: list[str], descending: bool) -> list[Row]:
    """The contract, spelled out: per field, missing (absent or None) last, stable."""

    def cmp(a: Row, b: Row) -> int:
        for f in fields:
            x, y = a.get(f), b.get(f)
            if x is None and y is None:
                continue
            if x is None or y is None:
                return 1 if x is None else -1
            if x != y:
                return (1 if x < y else -1) if descending else (-1 if x < y else 1)
        return 0

    return sorted(rows, key=functools.cmp_to_key(cmp))


def random_rows(rng: random.Random, n: int, missing: float) -> list[Row]:
    rows: list[Row] = []
    for i in range(n):
        row: Row = {"pos": i}
        for f in ("a", "b"):
            roll = rng.random()
            if roll < missing / 2:
                row[f] = None
            elif roll >= missing:
                row[f] = rng.randrange(20) if f == "a" else rng.random()
        rows.append(row)
    return rows


def test_sort_numbers_and_strings_both_directions() -> None:
    rows = [{"s": 2, "t": "b"}, {"s": 1, "t": "c"}, {"s": 3, "t": "a"}]
    assert [r["s"] for r in Dataset.from_rows(rows).sort("s").rows()] == [1, 2, 3]
    assert [r["s"] for r in Dataset.from_rows(rows).sort("s", descending=True)] == [3, 2, 1]
    assert [r["t"] for r in Dataset.from_rows(rows).sort(["t"]).rows()] == ["a", "b", "c"]


def test_sort_puts_missing_and_none_last_in_both_directions() -> None:
    rows: list[Row] = [
        {"id": 0, "s": 2}, {"id": 1}, {"id": 2, "s": None}, {"id": 3, "s": 1}, {"id": 4},
    ]
    asc = Dataset.from_rows(rows).sort("s").rows()
    desc = Dataset.from_rows(rows).sort("s", descending=True).rows()
    assert [r["id"] for r in asc] == [3, 0, 1, 2, 4]
    assert [r["id"] for r in desc] == [0, 3, 1, 2, 4]


def test_sort_is_stable_in_both_directions() -> None:
    rows = [{"k": k, "pos": i} for i, k in enumerate([1, 0, 1, 0, 1])]
    asc = Dataset.from_rows(rows).sort("k").rows()
    desc = Dataset.from_rows(rows).sort("k", descending=True).rows()
    assert [r["pos"] for r in asc] == [1, 3, 0, 2, 4]
    assert [r["pos"] for r in desc] == [0, 2, 4, 1, 3]


def test_sort_by_several_fields() -> None:
    rows = random_rows(random.Random(3), 300, missing=0.3)
    for desc in (False, True):
        got = Dataset.from_rows(rows).sort(["a", "b"], descending=desc).rows()
        assert got == reference_sort(rows, ["a", "b"], desc)


def test_sort_rejects_incomparable_values_and_no_fields() -> None:
    ds = Dataset.from_rows([{"s": 1}, {"s": "x"}]).sort("s")
    with pytest.raises(TypeError):
        ds.rows()
    with pytest.raises(ValueError):
        Dataset.from_rows([]).sort([])


@pytest.mark.parametrize("n", [0, 1, 7, 999, 1000, 4000])
@pytest.mark.parametrize("missing", [0.0, 0.2])
def test_sort_then_limit_equals_sorted_then_slice(n: int, missing: float) -> None:
    # Sizes straddle the switch to the partial (heap) sort.
    rows = random_rows(random.Random(n), n, missing)
    for desc in (False, True):
        full = reference_sort(rows, ["a"], desc)
        for k in (0, 1, 3, 20, 50, n, n + 5):
            got = Dataset.from_rows(rows).sort("a", descending=desc).limit(k).rows()
            assert got == full[:k], (desc, k)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.integers(-5, 5), st.just(MISSING)), max_size=60),
    st.integers(0, 70),
    st.booleans(),
)
def test_sort_limit_matches_reference(values: list[Any], k: int, desc: bool) -> None:
    rows = [{"i": i} if v is MISSING else {"i": i, "v": v} for i, v in enumerate(values)]
    got = Dataset.from_rows(rows).sort("v", descending=desc).limit(k).rows()
    assert got == reference_sort(rows, ["v"], desc)[:k]


def test_limit() -> None:
    ds = Dataset.from_rows(items(5))
    assert ids(ds.limit(2)) == ["i0", "i1"]
    assert ids(ds.limit(10)) == ids(ds)
    assert ids(ds.limit(3).limit(2)) == ["i0", "i1"]
    with pytest.raises(ValueError):
        ds.limit(-1)


# --------------------------------------------------------------------------------------------
# Union, join, dedupe, sample
# --------------------------------------------------------------------------------------------


def test_union_concatenates_in_order() -> None:
    a, b, c = (Dataset.from_rows([{"n": i} for i in range(s, s + 2)]) for s in (0, 10, 20))
    assert [r["n"] for r in a.union(b, c).rows()] == [0, 1, 10, 11, 20, 21]
    assert [r["n"] for r in Dataset.empty().union(b).rows()] == [10, 11]
    assert [r["n"] for r in a.union().rows()] == [0, 1]


def test_union_does_not_run_sources_a_limit_never_reaches() -> None:
    pred = Counter()
    tail = Dataset.from_rows(items(3)).filter(pred)
    assert len(Dataset.from_rows(items(5)).union(tail).limit(4).rows()) == 4
    assert pred.calls == []


LEFT: list[Row] = [
    {"item_id": "a", "score": 3, "label": "left-a"},
    {"item_id": "b", "score": 2},
    {"item_id": "c", "score": 1},
    {"score": 0},
    {"item_id": None, "score": -1},
]
RIGHT: list[Row] = [
    {"item_id": "a", "label": "right-a", "boost": 2.0},
    {"item_id": "c", "boost": 1.5},
    {"item_id": None, "boost": 9.9},
    {"boost": 8.8},
]


def test_inner_join() -> None:
    out = Dataset.from_rows(LEFT).join(Dataset.from_rows(RIGHT), on="item_id").rows()
    assert out == [
        {"item_id": "a", "score": 3, "label": "left-a", "boost": 2.0},  # left wins "label"
        {"item_id": "c", "score": 1, "boost": 1.5},
    ]
    assert list(out[0]) == ["item_id", "score", "label", "boost"]


def test_left_join_keeps_unmatched_rows_with_null_right_fields() -> None:
    out = Dataset.from_rows(LEFT).join(Dataset.from_rows(RIGHT), on="item_id", how="left").rows()
    assert out == [
        {"item_id": "a", "score": 3, "label": "left-a", "boost": 2.0},
        {"item_id": "b", "score": 2, "label": None, "boost": None},
        {"item_id": "c", "score": 1, "boost": 1.5},
        {"score": 0, "label": None, "boost": None},
        {"item_id": None, "score": -1, "label": None, "boost": None},
    ]


def test_left_join_with_an_empty_right_side_keeps_rows_as_they_are() -> None:
    out = Dataset.from_rows(LEFT + [{}]).join(Dataset.empty(), on="item_id", how="left").rows()
    assert out == LEFT + [{}]


def test_join_repeated_keys_produce_one_row_per_pair() -> None:
    right: list[Row] = [
        {"item_id": "a", "tag": 1}, {"item_id": "c", "tag": 2}, {"item_id": "a", "tag": 3},
    ]
    inner = Dataset.from_rows(LEFT).join(Dataset.from_rows(right), on="item_id").rows()
    assert [(r["item_id"], r["tag"]) for r in inner] == [("a", 1), ("a", 3), ("c", 2)]
    left = Dataset.from_rows(LEFT).join(Dataset.from_rows(right), on="item_id", how="left")
    assert [r.get("tag") for r in left.rows()] == [1, 3, None, 2, None, None]


def test_join_on_several_fields() -> None:
    left: list[Row] = [
        {"u": 1, "i": "x", "n": 0}, {"u": 1, "i": "y", "n": 1}, {"u": 2, "i": "x", "n": 2},
    ]
    right: list[Row] = [{"u": 1, "i": "y", "w": 10}, {"u": 2, "i": "x", "w": 20}, {"u": 2, "w": 30}]
    out = Dataset.from_rows(left).join(Dataset.from_rows(right), on=["u", "i"], how="left")
    assert [r["w"] for r in out.rows()] == [None, 10, 20]


def test_join_materialises_the_other_side_only_when_run() -> None:
    pred = Counter()
    right = Dataset.from_rows(RIGHT).filter(pred)
    joined = Dataset.from_rows(LEFT).join(right, on="item_id")
    assert pred.calls == []
    joined.rows()
    assert len(pred.calls) == len(RIGHT)


def test_join_rejects_an_unknown_how() -> None:
    with pytest.raises(ValueError):
        Dataset.from_rows(LEFT).join(Dataset.from_rows(RIGHT), on="item_id", how="outer")  # type: ignore[arg-type]


def test_dedupe_keeps_first_and_rows_missing_the_key() -> None:
    rows: list[Row] = [
        {"item_id": "a", "n": 0}, {"item_id": "b", "n": 1}, {"n": 2}, {"item_id": "a", "n": 3},
        {"n": 4}, {"item_id": None, "n": 5}, {"item_id": None, "n": 6}, {"item_id": "b", "n": 7},
    ]
    assert [r["n"] for r in Dataset.from_rows(rows).dedupe("item_id").rows()] == [0, 1, 2, 4, 5, 6]


def test_dedupe_on_several_fields() -> None:
    rows = [{"u": 1, "i": 1}, {"u": 1, "i": 2}, {"u": 1, "i": 1}, {"u": 1}, {"u": 1}]
    assert len(Dataset.from_rows(rows).dedupe(["u", "i"]).rows()) == 4


def test_dedupe_state_is_per_materialisation() -> None:
    ds = Dataset.from_rows([{"k": 1}, {"k": 1}])
    assert len(ds.dedupe("k").rows()) == 1
    assert len(ds.dedupe("k").rows()) == 1


def test_sample_is_deterministic_and_keeps_order() -> None:
    ds = Dataset.from_rows(items(100))
    first = ds.sample(10, seed=42).rows()
    assert first == ds.sample(10, seed=42).rows()
    assert len(first) == 10
    positions = [r["pos"] for r in first]
    assert positions == sorted(positions)
    assert any(ds.sample(10, seed=s).rows() != first for s in range(5))
    assert ds.sample(500, seed=1).rows() == items(100)
    assert ds.sample(0, seed=1).rows() == []
    with pytest.raises(ValueError):
        ds.sample(-1, seed=1)


# --------------------------------------------------------------------------------------------
# Immutability
# --------------------------------------------------------------------------------------------


def test_no_operation_mutates_its_input() -> None:
    rows = [{"item_id": f"i{i % 5}", "score": i % 3 or None, "tags": [i]} for i in range(12)]
    side = [{"item_id": "i1", "score": 100, "extra": {"k": 1}}]
    snapshot, side_snapshot = copy.deepcopy(rows), copy.deepcopy(side)
    base = Dataset.from_rows(rows)
    other = Dataset.from_rows(side)
    results = [
        base.filter(lambda r: True),
        base.map(lambda r: {**r, "m": 1}),
        base.select("item_id"),
        base.rename({"score": "s"}),
        base.with_field("score", lambda r: 0),
        base.sort("score", descending=True),
        base.sort("score").limit(3),
        base.limit(4),
        base.union(other),
        base.join(other, on="item_id"),
        base.join(other, on="item_id", how="left"),
        base.dedupe("item_id"),
        base.sample(5, seed=3),
    ]
    for ds in results:
        ds.rows()
    assert rows == snapshot and side == side_snapshot
    assert base.rows() == snapshot  # the source Dataset's list is untouched too
