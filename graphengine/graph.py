"""`Graph`: the one canonical graph model used by the API, the KV codec and the executor."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from graphengine import kv
from graphengine.document import Group, Node, Settings, parse_document
from graphengine.errors import GraphError, Problem
from graphengine.validation import check
from operators import Operator, Registry, default_registry


class Graph:
    """A validated graph document bound to the registry it was checked against.

    Build one with `Graph.from_dict` or `Graph.from_kv`; both raise `GraphError` carrying
    every problem. Nodes are kept in a canonical order (topological, ties by id) so that
    equal graphs have equal `to_dict()` whatever order they were written in.
    """

    __slots__ = ("__dict__", "groups", "name", "nodes", "registry", "settings", "sink")

    def __init__(
        self,
        name: str,
        settings: Settings,
        groups: Mapping[str, Group],
        nodes: Mapping[str, Node],
        sink: str,
        registry: Registry,
    ) -> None:
        self.name = name
        self.settings = settings
        self.groups = dict(groups)
        self.nodes = dict(nodes)
        self.sink = sink
        self.registry = registry

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_dict(cls, doc: Any, registry: Registry | None = None) -> Graph:
        registry = registry if registry is not None else default_registry()
        document, parsed_nodes, problems = parse_document(doc)
        raw_ids = _raw_node_ids(doc)
        groups = document.groups if document else _parsed_groups(doc)
        settings = document.settings if document else None
        checked = check(parsed_nodes, groups, settings, registry, known_ids=raw_ids)
        problems.extend(checked.problems)
        if problems or document is None or checked.sink is None:
            raise GraphError(problems or [Problem("invalid", "the graph is not valid")])
        by_id = {n.id: n for n in parsed_nodes}
        nodes = {nid: _normalise(by_id[nid], checked.params[nid]) for nid in checked.order}
        return cls(
            name=document.name,
            settings=document.settings,
            groups={g.id: g for g in sorted(document.groups, key=lambda g: g.id)},
            nodes=nodes,
            sink=checked.sink,
            registry=registry,
        )

    @classmethod
    def from_kv(cls, mapping: Mapping[str, str], registry: Registry | None = None) -> Graph:
        registry = registry if registry is not None else default_registry()
        return cls.from_dict(kv.kv_to_document(mapping, registry), registry)

    # -- views ------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON document: only what is set, nodes in canonical order."""
        return {
            "schema": 1,
            "name": self.name,
            "settings": self.settings.model_dump(exclude_none=True),
            "groups": [g.model_dump(exclude_none=True) for g in self.groups.values()],
            "nodes": [_node_dict(n) for n in self.nodes.values()],
        }

    def to_kv(self) -> dict[str, str]:
        """The flat A/B key-value form (DESIGN §5), keys sorted."""
        return kv.document_to_kv(self.to_dict(), self.registry)

    @functools.cached_property
    def config_hash(self) -> str:
        """SHA-256 of the canonical KV text, layout keys excluded."""
        return kv.config_hash(self.to_kv())

    def operator_class(self, node_id: str) -> type[Operator]:
        return self.registry.get(self.nodes[node_id].op)

    def consumers(self) -> dict[str, list[str]]:
        """node id → nodes that depend on it (data or condition), in canonical order."""
        out: dict[str, list[str]] = {nid: [] for nid in self.nodes}
        for n in self.nodes.values():
            for dep in n.dependencies():
                out[dep].append(n.id)
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Graph) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(self.config_hash)

    def __repr__(self) -> str:
        return f"<Graph {self.name!r} nodes={len(self.nodes)} hash={self.config_hash[:12]}>"


def _normalise(node: Node, params: dict[str, Any]) -> Node:
    inputs = {port: ids for port, ids in sorted(node.inputs.items()) if ids}
    return node.model_copy(update={"params": dict(sorted(params.items())), "inputs": inputs})


def _node_dict(n: Node) -> dict[str, Any]:
    d = n.model_dump(exclude_none=True)
    if not d["params"]:
        del d["params"]
    if not d["inputs"]:
        del d["inputs"]
    if not d["optional"]:
        del d["optional"]
    return d


def _raw_node_ids(doc: Any) -> set[str]:
    nodes = doc.get("nodes") if isinstance(doc, dict) else None
    if not isinstance(nodes, list):
        return set()
    return {n["id"] for n in nodes if isinstance(n, dict) and isinstance(n.get("id"), str)}


def _parsed_groups(doc: Any) -> list[Group]:
    raw = doc.get("groups") if isinstance(doc, dict) else None
    out = []
    for g in raw if isinstance(raw, list) else []:
        try:
            out.append(Group.model_validate(g))
        except ValueError:
            continue
    return out
