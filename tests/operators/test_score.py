"""Score operators: linear, rule boosts, ONNX model."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from operators import Context, Dataset, OperatorParamsError, default_registry
from operators.demo.make_onnx_model import build_model
from operators.library.score_model import ModelError

REG = default_registry()


def op(name: str, **params: Any) -> Any:
    return REG.get(name)(**params)


def rows(*rs: dict[str, Any]) -> Dataset:
    return Dataset.from_rows(rs)


def test_linear_weights_features_and_sorts() -> None:
    scorer = op("score.linear", weights={"a": 2.0, "b": -1.0}, bias=0.5, default=1.0)
    out = scorer.run(Context(), rows({"id": 1, "a": 1, "b": 1}, {"id": 2, "a": 3},
                                     {"id": 3, "a": "x", "b": 0})).rows()
    assert [(r["id"], r["score"]) for r in out] == [(2, 5.5), (3, 2.5), (1, 1.5)]
    unsorted = op("score.linear", weights={"a": 1.0}, sort=False, output_field="s")
    assert [r["s"] for r in unsorted.run(Context(), rows({"a": 1}, {"a": 2})).rows()] == [1, 2]
    assert len(scorer.run(Context(), Dataset.empty())) == 0


def test_rule_boost_applies_rules_in_order() -> None:
    booster = op("score.rule_boost", rules=[
        {"when": "row.category == ctx.user.fav", "multiply": 2.0},
        {"when": "has(row.promo) && row.promo", "add": 10.0},
    ])
    ctx = Context({"user": {"fav": "shoes"}})
    out = booster.run(ctx, rows({"id": "a", "score": 1.0, "category": "shoes", "promo": True},
                                {"id": "b", "score": 5.0, "category": "books"},
                                {"id": "c", "category": "shoes"})).rows()
    assert [(r["id"], r["score"]) for r in out] == [("a", 12.0), ("b", 5.0), ("c", 0.0)]


def test_rule_boost_rejects_bad_rules() -> None:
    cls = REG.get("score.rule_boost")
    assert cls.check_params({"rules": []})[1][0].code == "param_out_of_range"
    errors = cls.check_params({"rules": [{"when": "row. <"}]})[1]
    assert errors and "invalid CEL expression" in errors[0].message
    assert cls.check_params({"rules": [{"when": "true", "multiply": -1}]})[1]
    assert cls.check_params({"rules": [{"when": "true", "extra": 1}]})[1]


def test_onnx_scores_in_one_batch(tmp_path: Path) -> None:
    model = build_model(tmp_path / "ctr.onnx")
    scorer = op("score.onnx", model_path=str(model), features=["popularity", "quality"])
    out = scorer.run(Context(), rows({"item_id": "low", "popularity": 1, "quality": 0.1},
                                     {"item_id": "high", "popularity": 180, "quality": 0.95},
                                     {"item_id": "missing"})).rows()
    assert [r["item_id"] for r in out] == ["high", "low", "missing"]
    assert all(0.0 < r["score"] < 1.0 for r in out)
    assert scorer.run(Context(), Dataset.empty()).rows() == []


def test_onnx_model_is_deterministic_and_reloaded_when_changed(tmp_path: Path) -> None:
    a, b = build_model(tmp_path / "a.onnx"), build_model(tmp_path / "b.onnx")
    assert a.read_bytes() == b.read_bytes()
    scorer = op("score.onnx", model_path=str(a), features=["popularity", "quality"], sort=False)
    first = scorer.run(Context(), rows({"popularity": 10, "quality": 0.5})).rows()[0]["score"]
    build_model(a, seed=99)
    os.utime(a, (1, 1))  # a new mtime, whatever the clock resolution
    second = scorer.run(Context(), rows({"popularity": 10, "quality": 0.5})).rows()[0]["score"]
    assert first != second


def test_onnx_plain_errors(tmp_path: Path) -> None:
    model = build_model(tmp_path / "ctr.onnx")
    with pytest.raises(ModelError, match="No such file"):
        op("score.onnx", model_path=str(tmp_path / "nope.onnx"),
           features=["a"]).run(Context(), rows({"a": 1}))
    with pytest.raises(ModelError, match="expects 2 features, got 3"):
        op("score.onnx", model_path=str(model),
           features=["a", "b", "c"]).run(Context(), rows({"a": 1}))
    junk = tmp_path / "junk.onnx"
    junk.write_text("not a model")
    with pytest.raises(ModelError, match="cannot load"):
        op("score.onnx", model_path=str(junk), features=["a"]).run(Context(), rows({"a": 1}))
    with pytest.raises(OperatorParamsError):
        op("score.onnx", model_path="m.onnx", features=[])


def test_linear_bad_params() -> None:
    cls = REG.get("score.linear")
    assert cls.check_params({})[1][0].code == "missing_param"
    assert cls.check_params({"weights": {"a": "x"}})[1][0].code == "param_type"
