"""Numbers behind the monitoring pages, read from the served runs in the database.

- latency(): per version and time step, p50 / p95 / p99 of the run's duration, the number
  of requests and the share that failed or timed out;
- nodes(): per node, how often it failed or timed out (from `Run.node_status`, kept for
  every run) and how long it took (only from `Run.trace`, which is kept for failed runs and
  a sample of good ones, so the answer says how many traces the durations come from).

Reads are bounded (the newest N runs of the window) so a busy scene cannot make a page
read millions of rows; the answer says when the bound cut the window short.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from webapp.core.quantiles import quantile_ms
from webapp.graphs.models import GraphVersion
from webapp.runs.models import Run
from webapp.scenes.models import Scene

MAX_LATENCY_ROWS = 50_000  # scalars only: cheap per row
MAX_STATUS_ROWS = 20_000  # node_status is a small JSON object per run
MAX_TRACES = 2_000  # a trace is a few KB: the newest ones are enough for quantiles
ERRORS = (Run.Status.FAILED, Run.Status.ERROR)
DONE = [str(s) for s in Run.FINISHED]
QUANTILES = ((50, 0.50), (95, 0.95), (99, 0.99))


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _served(scene: Scene, since: datetime) -> Any:
    return Run.objects.filter(kind=Run.Kind.SERVE, scene=scene, created_at__gte=since,
                              status__in=DONE)


def _point(t: int, rows: list[tuple[str, int | None]]) -> dict[str, Any]:
    durations = sorted(d for _, d in rows if d is not None)
    point: dict[str, Any] = {"t": t, "requests": len(rows)}
    for name, q in QUANTILES:
        point[f"p{name}_ms"] = quantile_ms(durations, q)
    errors = sum(1 for s, _ in rows if s in ERRORS)
    timeouts = sum(1 for s, _ in rows if s == Run.Status.TIMEOUT)
    point["errors"], point["timeouts"] = errors, timeouts
    point["error_rate"], point["timeout_rate"] = _rate(errors, len(rows)), _rate(timeouts,
                                                                               len(rows))
    return point


def _labels(ids: Iterable[int | None]) -> dict[int | None, str]:
    known = {v.pk: f"{v.graph.name} v{v.number}" for v in
             GraphVersion.objects.filter(pk__in=[i for i in ids if i is not None])
             .select_related("graph")}
    return {**known, None: "no version"}


def latency(scene: Scene, since: datetime, step_s: int, version: int | None = None,
            limit: int = MAX_LATENCY_ROWS) -> dict[str, Any]:
    """One series per version (or only `version`'s), one point per time step that saw a
    request; `t` is the step's start in epoch seconds."""
    runs = _served(scene, since)
    if version is not None:
        runs = runs.filter(version_id=version)
    rows = list(runs.order_by("-created_at")
                .values_list("created_at", "status", "duration_us", "version_id")[:limit])
    steps: dict[int | None, dict[int, list[tuple[str, int | None]]]] = defaultdict(
        lambda: defaultdict(list))
    for created, status, duration, vid in rows:
        t = int(created.timestamp()) // step_s * step_s
        steps[vid][t].append((status, duration))
    labels = _labels(steps)
    series = [{"version": vid, "label": labels.get(vid, f"version {vid}"),
               "requests": sum(len(r) for r in by_t.values()),
               "points": [_point(t, by_t[t]) for t in sorted(by_t)]}
              for vid, by_t in steps.items()]
    series.sort(key=lambda s: (-s["requests"], str(s["label"])))
    return {"scene": scene.slug, "scene_id": scene.pk, "since": since.isoformat(),
            "step_s": step_s, "version": version, "runs_read": len(rows),
            "truncated": len(rows) >= limit, "series": series}


def _trace_durations(trace: Any, out: dict[str, list[int]]) -> None:
    """Every node entry's duration in a trace tree (graph → groups → nodes)."""
    if not isinstance(trace, dict):
        return
    if trace.get("kind") == "node" and isinstance(trace.get("duration_us"), int):
        out[str(trace.get("id"))].append(trace["duration_us"])
    for child in trace.get("children") or ():
        _trace_durations(child, out)


def _node_row(node: str, counts: dict[str, int], durations: list[int]) -> dict[str, Any]:
    seen = sum(counts.values())
    ran = seen - counts.get("skipped", 0) - counts.get("pending", 0)
    durations.sort()
    return {
        "node": node, "runs": seen, "ran": ran,
        "errors": counts.get("failed", 0), "error_rate": _rate(counts.get("failed", 0), seen),
        "timeouts": counts.get("timeout", 0),
        "timeout_rate": _rate(counts.get("timeout", 0), seen),
        # Short-circuited by an open breaker: not called at all, so not an error of its own.
        "broken": counts.get("broken", 0), "skipped": counts.get("skipped", 0),
        "traced": len(durations),
        "p50_ms": quantile_ms(durations, 0.5), "p99_ms": quantile_ms(durations, 0.99),
    }


def nodes(scene: Scene, since: datetime, limit: int = MAX_STATUS_ROWS,
          max_traces: int = MAX_TRACES) -> dict[str, Any]:
    """Per node, ranked by its failures (errors + timeouts) rate, then their number."""
    runs = _served(scene, since).order_by("-created_at")
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    statuses = list(runs.values_list("node_status", flat=True)[:limit])
    for node_status in statuses:
        if isinstance(node_status, dict):
            for node, status in node_status.items():
                counts[str(node)][str(status)] += 1
    durations: dict[str, list[int]] = defaultdict(list)
    traces = list(runs.filter(trace__isnull=False).values_list("trace", flat=True)[:max_traces])
    for trace in traces:
        _trace_durations(trace, durations)
    rows = [_node_row(n, counts.get(n, {}), durations.get(n, [])) for n in
            set(counts) | set(durations)]
    rows.sort(key=lambda r: (-(r["error_rate"] + r["timeout_rate"]),
                             -(r["errors"] + r["timeouts"]), r["node"]))
    return {"scene": scene.slug, "scene_id": scene.pk, "since": since.isoformat(),
            "runs_read": len(statuses), "truncated": len(statuses) >= limit,
            "traces_used": len(traces), "traces_truncated": len(traces) >= max_traces,
            "results": rows}
