"""Build the demo's small click model: logistic regression fitted with numpy on synthetic
data, written as ONNX (MatMul → Add → Sigmoid). Deterministic; nothing is downloaded.

    python -m operators.demo.make_onnx_model OUT.onnx
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FEATURES = ["popularity", "quality"]


def fit(seed: int = 7, n: int = 4000) -> tuple[np.ndarray, float]:
    """Synthetic clicks: likelier for popular, high-quality items. Returns weights and bias
    for raw features (standardisation folded in)."""
    rng = np.random.default_rng(seed)
    popularity = rng.pareto(1.2, n) * 10
    quality = rng.beta(5, 2, n)
    x = np.column_stack([np.log1p(popularity), quality])
    logits = 0.8 * x[:, 0] + 3.0 * x[:, 1] - 4.0
    y = (rng.random(n) < 1 / (1 + np.exp(-logits))).astype(np.float64)
    # The ONNX model sees raw popularity, so fit on a bounded linear proxy of it.
    raw = np.column_stack([np.minimum(popularity, 200.0), quality])
    mean, std = raw.mean(axis=0), raw.std(axis=0)
    z = (raw - mean) / std
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(500):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= 0.5 * z.T @ (p - y) / n
        b -= 0.5 * float(np.mean(p - y))
    return w / std, float(b - np.sum(w * mean / std))


def build_model(path: str | Path, seed: int = 7) -> Path:
    weights, bias = fit(seed)
    graph = helper.make_graph(
        nodes=[
            helper.make_node("MatMul", ["features", "W"], ["logit0"]),
            helper.make_node("Add", ["logit0", "B"], ["logit"]),
            helper.make_node("Sigmoid", ["logit"], ["score"]),
        ],
        name="demo_ctr",
        inputs=[helper.make_tensor_value_info("features", TensorProto.FLOAT,
                                              ["rows", len(FEATURES)])],
        outputs=[helper.make_tensor_value_info("score", TensorProto.FLOAT, ["rows", 1])],
        initializer=[
            numpy_helper.from_array(weights.reshape(-1, 1).astype(np.float32), "W"),
            numpy_helper.from_array(np.array([bias], dtype=np.float32), "B"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8  # readable by every onnxruntime from 1.10 on
    onnx.checker.check_model(model)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(out))
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m operators.demo.make_onnx_model OUT.onnx")
    print(build_model(sys.argv[1]))
