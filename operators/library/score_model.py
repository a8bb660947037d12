"""Score family, model-based: an ONNX model scores every row in one batch."""

from __future__ import annotations

import functools
import os
from typing import Annotated, Any

import numpy as np

from operators.base import Operator
from operators.context import Context
from operators.dataset import Dataset
from operators.params import Param
from operators.registry import register


class ModelError(RuntimeError):
    pass


@functools.lru_cache(maxsize=32)
def _session(path: str, mtime: float) -> Any:
    """One session per model file version; `InferenceSession.run` is thread-safe."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # rows per request are few; threads cost more than help
    try:
        return onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types
        raise ModelError(f"cannot load ONNX model {path}: {exc}") from None


@register
class OnnxScore(Operator):
    """Score rows with an ONNX model (onnxruntime, CPU).

    The model takes one float32 input of shape [rows, len(features)], the row fields in the
    order of `features` (a missing value counts as `default`), and returns one score per
    row, written to `output_field`. The model file is loaded once and reloaded when it
    changes. `python -m operators.demo.make_onnx_model OUT.onnx` builds a small demo model.
    """

    name = "score.onnx"
    category = "score"
    blocking = True

    model_path: Annotated[str, Param(min_length=1, description="Path of the .onnx file")]
    features: Annotated[list[str], Param(min_length=1, max_length=512,
                                         description="Row fields, in the model's input order",
                                         example=["popularity", "quality"])]
    default: Annotated[float, Param(description="Value of a missing feature")] = 0.0
    output_field: Annotated[str, Param(min_length=1, description="Field for the score")] = (
        "score")
    sort: Annotated[bool, Param(description="Sort by the score, best first")] = True

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        rows = items.rows()
        if not rows:
            return Dataset.empty()
        try:
            mtime = os.stat(self.model_path).st_mtime
        except OSError as exc:
            raise ModelError(f"model file {self.model_path}: {exc.strerror}") from None
        session = _session(self.model_path, mtime)
        matrix = np.array(
            [[_float(r.get(f), self.default) for f in self.features] for r in rows],
            dtype=np.float32)
        model_input = session.get_inputs()[0]
        width = model_input.shape[-1] if model_input.shape else None
        if isinstance(width, int) and width != len(self.features):
            raise ModelError(f"the model expects {width} features, got {len(self.features)}")
        try:
            (scores, *_) = session.run(None, {model_input.name: matrix})
        except Exception as exc:
            raise ModelError(f"model run failed: {exc}") from None
        flat = np.asarray(scores, dtype=np.float64).reshape(len(rows), -1)[:, 0]
        out = self.output_field
        scored = Dataset.from_rows({**r, out: float(s)} for r, s in zip(rows, flat, strict=True))
        return scored.sort(out, descending=True) if self.sort else scored


def _float(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default
