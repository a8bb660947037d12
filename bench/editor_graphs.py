"""Large valid graphs for the editor benchmark, shaped like a recommendation pipeline:
many table sources, each cleaned by a short chain of transforms, merged five at a time,
each merge limited, one union at the end. Positions are set (left to right by depth) as
a graph saved from the editor would have them."""

from __future__ import annotations

from itertools import cycle
from typing import Any

CHAIN = 8  # a source and its transforms
FAN_IN = 5  # chains per merge
COL_W, ROW_H = 300, 130  # node width 220 + gap; tallest node here ~100 px + gap
TRANSFORMS: list[tuple[str, dict[str, Any]]] = [
    ("basic.sort", {"by": "score"}),
    ("basic.limit", {"n": 100}),
    ("basic.dedupe", {}),
]


def layered_document(size: int, name: str) -> dict[str, Any]:
    """A valid document with exactly `size` nodes (at least FAN_IN * 2 + 3)."""
    per_group = FAN_IN * CHAIN + 2  # the chains, their merge and its limit
    groups = (size - 1) // per_group
    if groups < 1:
        raise ValueError(f"a layered graph needs at least {per_group + 1} nodes")
    chains = groups * FAN_IN
    extra = size - 1 - groups * per_group  # spread over the chains to hit `size` exactly
    lengths = [CHAIN + extra // chains + (i < extra % chains) for i in range(chains)]
    depth = max(lengths)
    nodes: list[dict[str, Any]] = []

    def add(node_id: str, op: str, params: dict[str, Any], col: int, row: float,
            sources: list[str] | None = None, port: str = "items") -> str:
        node: dict[str, Any] = {"id": node_id, "op": op, "params": params,
                                "position": {"x": col * COL_W, "y": round(row * ROW_H)}}
        if sources:
            node["inputs"] = {port: sources}
        nodes.append(node)
        return node_id

    tails: list[str] = []
    for c, length in enumerate(lengths):
        tail = add(f"src_{c}", "datasource.table",
                   {"rows": [{"item_id": f"i{c}", "score": c}], "tag": f"s{c}"}, 0, c)
        for step, (op, params) in zip(range(1, length), cycle(TRANSFORMS), strict=False):
            tail = add(f"c{c}_{step}", op, params, step, c, [tail])
        tails.append(tail)
    limits = []
    for g in range(groups):
        mine = tails[g * FAN_IN:(g + 1) * FAN_IN]
        middle = g * FAN_IN + (FAN_IN - 1) / 2
        merged = add(f"merge_{g}", "merge.priority", {}, depth, middle, mine, "sources")
        limits.append(add(f"top_{g}", "basic.limit", {"n": 50}, depth + 1, middle, [merged]))
    add("all", "basic.union", {}, depth + 2, (chains - 1) / 2, limits, "sources")
    assert len(nodes) == size, (len(nodes), size)
    return {"schema": 1, "name": name, "nodes": nodes}
