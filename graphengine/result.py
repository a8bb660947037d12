"""What a run returns: status, outputs, per-node statuses and the trace."""

from __future__ import annotations

import functools
from typing import Any

from graphengine.planner import Plan

# Node statuses (DESIGN §3). 0 means "not settled yet" during a run.
OK, SKIPPED, FAILED, TIMEOUT, BROKEN = 1, 2, 3, 4, 5
STATUS_NAMES = {0: "pending", OK: "ok", SKIPPED: "skipped", FAILED: "failed",
                TIMEOUT: "timeout", BROKEN: "broken"}


class RunResult:
    """The outcome of one run. Per-node views are built on first use, not on the hot path.

    `status` is "ok", "degraded" (an optional node failed or timed out), "failed" (a required
    node failed) or "timeout" (the graph deadline passed or a required node timed out).
    """

    def __init__(
        self,
        plan: Plan,
        status: str,
        statuses: list[int],
        values: list[Any],
        starts: list[int],
        ends: list[int],
        errors: dict[int, str],
        duration_ns: int,
        serial: bool,
    ) -> None:
        self.plan = plan
        self.status = status
        self._statuses = statuses
        self._values = values
        self._starts = starts
        self._ends = ends
        self._errors = errors
        self.duration_ns = duration_ns
        self.serial = serial

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "degraded")

    @property
    def graph_hash(self) -> str:
        return self.plan.config_hash

    @property
    def output(self) -> Any:
        sink = self.plan.sink
        return self._values[sink] if self._statuses[sink] == OK else None

    @functools.cached_property
    def outputs(self) -> dict[str, Any]:
        """Outputs of the nodes that ran, by node id."""
        return {n.id: self._values[n.index] for n in self.plan.nodes
                if self._statuses[n.index] == OK}

    @functools.cached_property
    def node_status(self) -> dict[str, str]:
        return {n.id: STATUS_NAMES[self._statuses[n.index]] for n in self.plan.nodes}

    @functools.cached_property
    def errors(self) -> dict[str, str]:
        nodes = self.plan.nodes
        return {nodes[i].id: msg for i, msg in sorted(self._errors.items())}

    @functools.cached_property
    def trace(self) -> dict[str, Any]:
        from graphengine.trace import build_trace

        return build_trace(self)

    def timing(self, index: int) -> tuple[int, int]:
        """(start, end) in ns from run start; (0, 0) for a node that never started."""
        return self._starts[index], self._ends[index]

    def status_code(self, index: int) -> int:
        return self._statuses[index]

    def value(self, index: int) -> Any:
        return self._values[index]

    def error(self, index: int) -> str | None:
        return self._errors.get(index)

    def __repr__(self) -> str:
        return (f"<RunResult {self.plan.name} status={self.status} "
                f"{self.duration_ns / 1000:.0f}µs>")
