"""The baseline of DESIGN §9: the same graph as a Celery canvas, one task per node.

Nodes are grouped into topological levels (a node's level is one more than its deepest
dependency, `when` / `unless` included); one level is a `group`, and chaining a group into
the next level makes Celery join it with a chord, so a level starts when the previous one
has finished and its results went through the Redis result backend. Each task runs one
operator on JSON inputs (Datasets as lists of rows) and returns its output as JSON.

A task returns `{node_id: {"s": status, "v": value}}`. Values are only kept while a later
level still needs them; the first task of each level also forwards what it received and is
still needed, so no value is sent twice through one level. The engine's semantics that a
per-node canvas can express are kept: `when` / `unless`, all-sources-skipped pruning,
optional nodes. Timeouts are not (the canvas has no graph deadline), which only favours it.

The worker loads this module with `celery worker --include bench.canvas_tasks`.
"""

from __future__ import annotations

from typing import Any

from celery import chain, group, shared_task
from celery.canvas import Signature

from graphengine import Plan
from graphengine.planner import ASYNC, PlanNode
from operators import Context, Dataset

ROWS = "__rows__"  # marks a Dataset serialised as its rows
_plans: dict[int, tuple[Plan, dict[str, PlanNode]]] = {}


def _plan(version_id: int) -> tuple[Plan, dict[str, PlanNode]]:
    """The compiled production graph, once per worker process (as the engine path caches)."""
    found = _plans.get(version_id)
    if found is None:
        from webapp.core import engine
        from webapp.graphs.models import GraphVersion

        plan = engine.compile_kv(GraphVersion.objects.get(pk=version_id).kv)
        found = _plans[version_id] = (plan, {n.id: n for n in plan.nodes})
    return found


def dependencies(node: PlanNode) -> set[int]:
    return {i for i in (*node.data_sources, node.when, node.unless) if i >= 0}


def levels(plan: Plan) -> list[list[int]]:
    """Node indices by topological level; plan nodes are in topological order."""
    level: list[int] = []
    for node in plan.nodes:
        level.append(1 + max((level[d] for d in dependencies(node)), default=-1))
    out: list[list[int]] = [[] for _ in range(max(level) + 1)]
    for i, lv in enumerate(level):
        out[lv].append(i)
    return out


def _encode(value: Any) -> Any:
    return {ROWS: value.rows()} if isinstance(value, Dataset) else value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and ROWS in value:
        return Dataset.from_rows(value[ROWS])
    return value


def _merge(parents: dict[str, Any] | list[dict[str, Any]]) -> dict[str, Any]:
    if isinstance(parents, dict):
        return parents
    merged: dict[str, Any] = {}
    for part in parents:
        merged.update(part)
    return merged


def _skip(node: PlanNode, plan: Plan, state: dict[str, Any]) -> bool:
    """The executor's rule: a failed `when`, a true `unless`, or every data source skipped."""
    def settled(i: int) -> dict[str, Any]:
        return state.get(plan.nodes[i].id, {"s": "skipped", "v": None})

    if node.when >= 0 and (settled(node.when)["s"] != "ok" or not settled(node.when)["v"]):
        return True
    if node.unless >= 0 and (settled(node.unless)["s"] != "ok" or settled(node.unless)["v"]):
        return True
    return bool(node.data_sources) and all(settled(s)["s"] != "ok" for s in node.data_sources)


def _args(node: PlanNode, plan: Plan, state: dict[str, Any]) -> list[Any]:
    args: list[Any] = []
    for port in node.ports:
        got = [state.get(plan.nodes[i].id, {"s": "skipped"}) for i in port.sources]
        if not port.connected:
            args.append(None)
        elif port.multiple:
            args.append([_decode(g["v"]) for g in got if g["s"] == "ok"])
        else:
            args.append(_decode(got[0]["v"]) if got[0]["s"] == "ok" else port.empty)
    return args


@shared_task(name="bench.canvas.run_node")
def run_node(parents: dict[str, Any] | list[dict[str, Any]], version_id: int, node_id: str,
             context: dict[str, Any], keep: list[str], forward: bool) -> dict[str, Any]:
    """Run one node. `keep`: the node ids whose values later levels still read; `forward`:
    this task also passes on what it received (the first task of its level)."""
    from webapp.core import engine

    plan, by_id = _plan(version_id)
    node = by_id[node_id]
    state = _merge(parents)
    status, value = "skipped", None
    if not _skip(node, plan, state):
        ctx = Context(context, resources=engine.resources())
        try:
            out = node.operator.run(ctx, *_args(node, plan, state))
            if node.kind == ASYNC:
                out = engine.get_engine().run_coroutine(out)
            status, value = "ok", _encode(out)
        except Exception as exc:  # an optional node's failure is tolerated, as in the engine
            if not node.optional:
                raise
            status, value = "failed", repr(exc)
    wanted = set(keep)
    mine = {node_id: {"s": status, "v": value if node_id in wanted else None}}
    if forward:
        mine.update({k: v for k, v in state.items() if k in wanted and k != node_id})
    return mine


def build(plan: Plan, version_id: int, context: dict[str, Any], queue: str) -> Signature:
    """The canvas for one request: a chain of levels, each a group (chord) or one task."""
    by_level = levels(plan)
    sink = plan.nodes[plan.sink].id
    steps: list[Signature] = []
    for k, members in enumerate(by_level):
        # Values still read by a node of a later level (and the sink's, for the answer).
        later = {plan.nodes[d].id for lv in by_level[k + 1:] for i in lv
                 for d in dependencies(plan.nodes[i])}
        keep = sorted(later | {sink})
        sigs = []
        for j, i in enumerate(members):
            args: tuple[Any, ...] = (plan.nodes[i].id, context, keep, j == 0)
            args = (version_id, *args) if k else ({}, version_id, *args)
            sigs.append(run_node.s(*args).set(queue=queue))
        steps.append(sigs[0] if len(sigs) == 1 else group(sigs))
    return chain(*steps)


def answer(result: dict[str, Any], plan: Plan) -> list[dict[str, Any]]:
    """The sink's rows from the last task's result."""
    value = result[plan.nodes[plan.sink].id]["v"]
    return list(value[ROWS]) if isinstance(value, dict) and ROWS in value else []
