"""The run trace: graph → groups → nodes with status, timing and output size, as JSON and as
a readable tree."""

from __future__ import annotations

from collections.abc import Sized
from typing import TYPE_CHECKING, Any

from graphengine.result import STATUS_NAMES

if TYPE_CHECKING:
    from graphengine.result import RunResult

_SEVERITY = ("timeout", "failed", "broken")


def _us(ns: int) -> int | None:
    return None if ns < 0 else ns // 1000


def _rows(value: Any) -> int | None:
    if isinstance(value, Sized) and not isinstance(value, (str, bytes)):
        try:
            return len(value)
        except Exception:  # a lazy Dataset may fail to materialise; the trace must not
            return None
    return None


def build_trace(result: RunResult) -> dict[str, Any]:
    plan = result.plan
    entries: dict[int, dict[str, Any]] = {}
    for node in plan.nodes:
        start, end = result.timing(node.index)
        status = STATUS_NAMES[result.status_code(node.index)]
        entries[node.index] = {
            "kind": "node",
            "id": node.id,
            "op": node.op_name,
            "status": status,
            "start_us": _us(start),
            "duration_us": _us(end - start) if start >= 0 and end >= 0 else None,
            "rows": _rows(result.value(node.index)) if status == "ok" else None,
            "error": result.error(node.index),
        }
    children: list[dict[str, Any]] = []
    for group in plan.groups:
        members = [entries[i] for i in group.members]
        children.append(_group_entry(group.id, group.label, members))
    children.extend(e for n, e in entries.items() if plan.nodes[n].group < 0)
    children.sort(key=_start_key)
    return {
        "kind": "graph",
        "graph": plan.name,
        "hash": plan.config_hash,
        "status": result.status,
        "serial": result.serial,
        "start_us": 0,
        "duration_us": result.duration_ns // 1000,
        "children": children,
    }


def _group_entry(gid: str, label: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    members.sort(key=_start_key)
    starts = [m["start_us"] for m in members if m["start_us"] is not None]
    ends = [m["start_us"] + m["duration_us"] for m in members
            if m["start_us"] is not None and m["duration_us"] is not None]
    statuses = {m["status"] for m in members}
    status = next((s for s in _SEVERITY if s in statuses), None)
    if status is None:
        status = "skipped" if statuses == {"skipped"} else "ok"
    start = min(starts) if starts else None
    return {
        "kind": "group",
        "id": gid,
        "label": label,
        "status": status,
        "start_us": start,
        "duration_us": (max(ends) - start) if ends and start is not None else None,
        "children": members,
    }


def _start_key(entry: dict[str, Any]) -> tuple[int, int]:
    start = entry["start_us"]
    return (0, start) if start is not None else (1, 0)


def render_trace(trace: dict[str, Any]) -> str:
    """A timing tree for terminals and logs."""
    head = f"{trace['graph']}  {trace['status']}  {_ms(trace['duration_us'])}"
    lines = [head]
    _render_children(trace["children"], "", lines)
    return "\n".join(lines)


def _render_children(children: list[dict[str, Any]], prefix: str, lines: list[str]) -> None:
    for k, child in enumerate(children):
        last = k == len(children) - 1
        branch, indent = ("└─ ", "   ") if last else ("├─ ", "│  ")
        lines.append(prefix + branch + _describe(child))
        if child["kind"] == "group":
            _render_children(child["children"], prefix + indent, lines)


def _describe(e: dict[str, Any]) -> str:
    if e["kind"] == "group":
        name = f"[{e['id']}] {e['label']}"
    else:
        name = f"{e['id']} ({e['op']})"
    parts = [name, e["status"]]
    if e["start_us"] is not None:
        parts.append(f"@{_ms(e['start_us'])}")
    if e["duration_us"] is not None:
        parts.append(_ms(e["duration_us"]))
    if e.get("rows") is not None:
        parts.append(f"{e['rows']} row" + ("" if e["rows"] == 1 else "s"))
    if e.get("error"):
        parts.append(f"— {e['error']}")
    return "  ".join(parts)


def _ms(us: int | None) -> str:
    return "-" if us is None else f"{us / 1000:.2f} ms"
