"""Compile a validated `Graph` into a flat plan the executor walks with integer indices.

Everything that can be decided once per graph version is decided here (operator instances,
port wiring, consumer lists, timeouts in seconds), so a run only moves values around.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphengine.graph import Graph
from operators import Operator

SYNC, ASYNC, BLOCKING = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Port:
    name: str
    sources: tuple[int, ...]
    multiple: bool
    empty: Any  # what the port gets when its sources were skipped (or it is unconnected)
    connected: bool


@dataclass(slots=True)
class PlanNode:
    index: int
    id: str
    op_name: str
    operator: Operator
    kind: int
    ports: tuple[Port, ...]
    data_sources: tuple[int, ...]
    when: int  # -1 when absent
    unless: int
    optional: bool
    timeout_s: float | None
    group: int  # -1 when not in a group
    consumers: tuple[int, ...]
    dep_count: int
    # A single port fed by one source: the common case, taken by a faster argument path.
    single_source: int
    single_multiple: bool


@dataclass(frozen=True, slots=True)
class PlanGroup:
    index: int
    id: str
    label: str
    timeout_s: float | None
    max_concurrency: int | None
    members: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    graph: Graph
    config_hash: str
    nodes: tuple[PlanNode, ...]
    groups: tuple[PlanGroup, ...]
    roots: tuple[int, ...]
    sink: int
    timeout_s: float | None
    max_concurrency: int | None

    @property
    def name(self) -> str:
        return self.graph.name


def _seconds(ms: int | None) -> float | None:
    return None if ms is None else ms / 1000.0


def build_plan(graph: Graph) -> Plan:
    ids = list(graph.nodes)
    index = {nid: i for i, nid in enumerate(ids)}
    group_ids = list(graph.groups)
    group_index = {gid: i for i, gid in enumerate(group_ids)}
    consumers = graph.consumers()
    nodes = []
    for i, nid in enumerate(ids):
        spec = graph.nodes[nid]
        cls = graph.operator_class(nid)
        operator = cls(**spec.params)
        kind = BLOCKING if cls.blocking else ASYNC if cls.is_async else SYNC
        ports = tuple(
            Port(
                name=p.name,
                sources=tuple(index[s] for s in spec.inputs.get(p.name, ())),
                multiple=p.multiple,
                empty=p.empty_value() if (p.name in spec.inputs or p.required) else None,
                connected=p.name in spec.inputs,
            )
            for p in cls.ports
        )
        data_sources = tuple(index[s] for s in spec.sources())
        single = ports[0] if len(ports) == 1 and len(ports[0].sources) == 1 else None
        nodes.append(PlanNode(
            index=i,
            id=nid,
            op_name=cls.name,
            operator=operator,
            kind=kind,
            ports=ports,
            data_sources=data_sources,
            when=index[spec.when] if spec.when else -1,
            unless=index[spec.unless] if spec.unless else -1,
            optional=spec.optional,
            timeout_s=_seconds(spec.timeout_ms),
            group=group_index[spec.group] if spec.group else -1,
            consumers=tuple(index[c] for c in consumers[nid]),
            dep_count=len(spec.dependencies()),
            single_source=single.sources[0] if single else -1,
            single_multiple=single.multiple if single else False,
        ))
    groups = tuple(
        PlanGroup(
            index=gi,
            id=gid,
            label=graph.groups[gid].label,
            timeout_s=_seconds(graph.groups[gid].timeout_ms),
            max_concurrency=graph.groups[gid].max_concurrency,
            members=tuple(n.index for n in nodes if n.group == gi),
        )
        for gi, gid in enumerate(group_ids)
    )
    return Plan(
        graph=graph,
        config_hash=graph.config_hash,
        nodes=tuple(nodes),
        groups=groups,
        roots=tuple(n.index for n in nodes if n.dep_count == 0),
        sink=index[graph.sink],
        timeout_s=_seconds(graph.settings.timeout_ms),
        max_concurrency=graph.settings.max_concurrency,
    )
