"""How two graphs' answers to the same requests differ (the replay report): item overlap
at K, rank correlation, which nodes' outputs changed, and latency. Pure functions."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from webapp.core.quantiles import quantile_ms

K = 10


def item_ids(rows: Any) -> list[str]:
    """A ranked answer as item ids (rows without an `item_id` by their whole content)."""
    if not isinstance(rows, list):
        return []
    return [str(r["item_id"]) if isinstance(r, dict) and "item_id" in r
            else json.dumps(r, sort_keys=True, default=str) for r in rows]


def overlap_at_k(a: Sequence[str], b: Sequence[str], k: int = K) -> float:
    """|top k of a ∩ top k of b| over the longer top list (1.0 when both are empty)."""
    top_a, top_b = set(a[:k]), set(b[:k])
    if not top_a and not top_b:
        return 1.0
    return len(top_a & top_b) / max(len(top_a), len(top_b))


def kendall_tau(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Kendall's tau-a between the ranks the two lists give their common items; None with
    fewer than two in common. Hand-written: O(n²) over at most a few hundred items, and
    SciPy would be a large dependency for this one function."""
    rank_b = {x: i for i, x in enumerate(b)}
    common = [rank_b[x] for x in dict.fromkeys(a) if x in rank_b]
    n = len(common)
    if n < 2:
        return None
    score = sum((1 if common[j] > common[i] else -1)
                for i in range(n) for j in range(i + 1, n))
    return score / (n * (n - 1) / 2)


def fingerprint(value: Any) -> str:
    return hashlib.blake2b(json.dumps(value, sort_keys=True, default=str).encode(),
                           digest_size=12).hexdigest()


@dataclass
class Outcome:
    """One graph's answer to one replayed request."""

    status: str
    items: list[str]
    duration_us: int
    nodes: dict[str, str] = field(default_factory=dict)  # node id -> output fingerprint
    errors: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Accumulates pairs (base, candidate) and renders the report."""

    k: int = K
    overlaps: list[float] = field(default_factory=list)
    taus: list[float] = field(default_factory=list)
    identical: int = 0
    status: dict[str, Counter[str]] = field(
        default_factory=lambda: {"base": Counter(), "candidate": Counter()})
    durations: dict[str, list[int]] = field(
        default_factory=lambda: {"base": [], "candidate": []})
    node_changes: Counter[str] = field(default_factory=Counter)
    node_seen: Counter[str] = field(default_factory=Counter)
    only_in: dict[str, str] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, unit_id: str, base: Outcome, candidate: Outcome) -> None:
        overlap = overlap_at_k(base.items, candidate.items, self.k)
        self.overlaps.append(overlap)
        tau = kendall_tau(base.items, candidate.items)
        if tau is not None:
            self.taus.append(tau)
        self.identical += base.items == candidate.items
        for arm, outcome in (("base", base), ("candidate", candidate)):
            self.status[arm][outcome.status] += 1
            self.durations[arm].append(outcome.duration_us)
        for message in candidate.errors:
            self.errors[message] += 1
        for node in base.nodes.keys() | candidate.nodes.keys():
            if node not in candidate.nodes or node not in base.nodes:
                self.only_in[node] = "base" if node in base.nodes else "candidate"
                continue
            self.node_seen[node] += 1
            self.node_changes[node] += base.nodes[node] != candidate.nodes[node]
        self.examples.append({"unit_id": unit_id, "overlap": overlap,
                              "base": base.items[:self.k], "candidate": candidate.items[:self.k]})
        self.examples = sorted(self.examples, key=lambda e: e["overlap"])[:5]

    def render(self) -> dict[str, Any]:
        n = len(self.overlaps)
        latency = {arm: {"p50_ms": quantile_ms(sorted(d), 0.5),
                         "p99_ms": quantile_ms(sorted(d), 0.99)}
                   for arm, d in self.durations.items()}
        base_p50, cand_p50 = latency["base"]["p50_ms"], latency["candidate"]["p50_ms"]
        return {
            "requests": n, "k": self.k,
            "overlap_at_k": _summary(self.overlaps),
            "rank_correlation": _summary(self.taus),
            "identical": self.identical,
            "status": {arm: dict(c) for arm, c in self.status.items()},
            "latency": {**latency, "p50_ratio": round(cand_p50 / base_p50, 3)
                        if base_p50 and cand_p50 is not None else None},
            "nodes": sorted(
                ([{"node": node, "changed": self.node_changes[node], "compared": seen,
                   "share": round(self.node_changes[node] / seen, 4)}
                  for node, seen in self.node_seen.items()]),
                key=lambda e: (-e["changed"], e["node"])),
            "only_in": self.only_in,
            "errors": [{"message": m, "requests": c} for m, c in self.errors.most_common(10)],
            "examples": self.examples,
        }


def _summary(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"mean": None, "min": None}
    return {"mean": round(sum(values) / len(values), 4), "min": round(min(values), 4)}
