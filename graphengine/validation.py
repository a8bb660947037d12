"""Semantic checks of a parsed document against an operator registry.

Every problem is collected; nothing stops at the first one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphengine.document import Group, Node, Settings
from graphengine.errors import Problem
from operators import Operator, Registry, UnknownOperatorError
from operators.params import ParamError
from operators.ports import types_compatible


@dataclass
class Checked:
    problems: list[Problem] = field(default_factory=list)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # normalised, per node
    order: list[str] = field(default_factory=list)  # canonical topological order
    sink: str | None = None


def check(
    nodes: Sequence[Node],
    groups: Sequence[Group],
    settings: Settings | None,
    registry: Registry,
    known_ids: set[str] | None = None,
) -> Checked:
    """`known_ids` are ids of nodes that failed to parse: referring to them is not dangling."""
    out = Checked()
    add = out.problems.append
    by_id: dict[str, Node] = {}
    for n in nodes:
        if n.id in by_id:
            add(Problem("duplicate_id", f"node id '{n.id}' is used more than once", n.id, "id"))
        by_id[n.id] = n
    group_ids: set[str] = set()
    for g in groups:
        if g.id in group_ids:
            add(Problem("duplicate_id", f"group id '{g.id}' is used more than once", None,
                        f"groups.{g.id}"))
        group_ids.add(g.id)
    existing = set(by_id) | (known_ids or set())

    classes: dict[str, type[Operator]] = {}
    node_classes: list[type[Operator] | None] = []
    for n in nodes:
        try:
            cls: type[Operator] | None = registry.get(n.op)
        except UnknownOperatorError:
            cls = None
            add(Problem("unknown_operator", f"unknown operator '{n.op}'", n.id, "op"))
        node_classes.append(cls)
        if cls is not None:
            classes[n.id] = cls
    for n, cls in zip(nodes, node_classes, strict=True):
        if cls is not None:
            normalised, errors = _check_params(n, cls)
            for e in errors:
                where = f"params.{e.param}" if e.param else "params"
                add(Problem(e.code, e.message, n.id, where))
            out.params[n.id] = normalised if not errors else dict(n.params)
            _check_ports(n, cls, classes, existing, add)
        _check_conditions(n, classes, existing, add)
        if n.group is not None and n.group not in group_ids:
            add(Problem("unknown_group", f"unknown group '{n.group}'", n.id, "group"))
    if settings is not None and settings.output is not None and settings.output not in existing:
        add(Problem("dangling_output", f"settings.output names unknown node '{settings.output}'",
                    None, "settings.output"))
    _check_shape(by_id, settings, out)
    return out


def _check_params(n: Node, cls: type[Operator]) -> tuple[dict[str, Any], list[ParamError]]:
    try:
        normalised, errors = cls.check_params(n.params)
    except RecursionError:  # params nested absurdly deep (JSON allows any depth)
        return {}, [ParamError("too_deep", None, "parameters nest too deeply")]
    if not errors and not _plain_json(normalised):
        # An integer past ±1.8e308 in a float parameter becomes infinity: refused like
        # the JSON number 1e400, or the KV form would hold a value it cannot read back.
        errors = [ParamError("param_out_of_range", None,
                             "a number is beyond the range of a float (±1.8e308)")]
    return normalised, errors


def _plain_json(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return False
    return True


def _check_ports(
    n: Node, cls: type[Operator], classes: dict[str, type[Operator]], existing: set[str],
    add: Any,
) -> None:
    for port_name, ids in n.inputs.items():
        port = cls.port(port_name)
        where = f"inputs.{port_name}"
        if port is None:
            known = ", ".join(p.name for p in cls.ports) or "none"
            add(Problem("unknown_port", f"operator '{cls.name}' has no input port '{port_name}' "
                        f"(ports: {known})", n.id, where))
            continue
        if not port.multiple and len(ids) != 1:
            add(Problem("single_port", f"port '{port_name}' takes exactly one source, got "
                        f"{len(ids)}", n.id, where))
        if port.required and not ids:
            add(Problem("missing_port", f"required port '{port_name}' has no source", n.id,
                        where))
        for src in ids:
            if src == n.id:
                add(Problem("cycle", f"cycle: {n.id} → {n.id}", n.id, where))
            elif src not in existing:
                add(Problem("dangling_source", f"source '{src}' does not exist", n.id, where))
            elif src in classes:
                out_type = classes[src].output_type
                if not types_compatible(out_type, port.type):
                    add(Problem("port_type", f"port '{port_name}' takes {port.type} but "
                                f"'{src}' outputs {out_type}", n.id, where))
    for port in cls.ports:
        if port.required and port.name not in n.inputs:
            add(Problem("missing_port", f"required port '{port.name}' is not connected", n.id,
                        f"inputs.{port.name}"))


def _check_conditions(
    n: Node, classes: dict[str, type[Operator]], existing: set[str], add: Any
) -> None:
    for key, cond in (("when", n.when), ("unless", n.unless)):
        if cond is None:
            continue
        if cond == n.id:
            add(Problem("cycle", f"cycle: {n.id} → {n.id}", n.id, key))
        elif cond not in existing:
            add(Problem("dangling_condition", f"condition node '{cond}' does not exist", n.id,
                        key))
        elif cond in classes and classes[cond].output_type not in ("bool", "any"):
            add(Problem("not_boolean", f"'{key}' must name a node that outputs bool; '{cond}' "
                        f"outputs {classes[cond].output_type}", n.id, key))


def _check_shape(by_id: dict[str, Node], settings: Settings | None, out: Checked) -> None:
    g: Any = nx.DiGraph()
    g.add_nodes_from(by_id)
    for n in by_id.values():
        g.add_edges_from((d, n.id) for d in n.dependencies() if d in by_id and d != n.id)
    acyclic = True
    for component in nx.strongly_connected_components(g):
        if len(component) > 1:
            acyclic = False
            cycle = nx.find_cycle(g.subgraph(component))
            path = " → ".join([u for u, _ in cycle] + [cycle[0][0]])
            first = min(component)
            out.problems.append(Problem("cycle", f"cycle: {path}", first, None))
    if not acyclic or not by_id:
        return
    out.order = list(nx.lexicographical_topological_sort(g))
    sinks = sorted(n for n in by_id if g.out_degree(n) == 0)
    output = settings.output if settings is not None else None
    if output is not None:
        out.sink = output
    elif len(sinks) == 1:
        out.sink = sinks[0]
    else:
        out.problems.append(Problem(
            "several_sinks", f"the graph has {len(sinks)} nodes with no consumers "
            f"({', '.join(sinks)}); name the output in settings.output", None, "settings.output"))
