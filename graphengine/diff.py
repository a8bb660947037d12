"""A structured diff of two graph documents, for reviews and the audit log (DESIGN §6).

Nodes, edges, params, groups and settings are reported added / removed / changed.
Positions are editor layout: they never show as a node change, only in `layout_only`.
Every list is sorted (node id, then port / kind / param, then source), and the result
holds only JSON values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from graphengine.graph import Graph

Doc = Mapping[str, Any]
Entry = dict[str, Any]

_NODE_FIELDS = ("op", "group", "when", "unless", "optional", "timeout_ms")
_GROUP_FIELDS = ("label", "timeout_ms", "max_concurrency")
_CONDITIONS = ("when", "unless")


def diff_graphs(old: Graph, new: Graph) -> dict[str, Any]:
    """`diff_documents` of the two graphs' canonical documents."""
    return diff_documents(old.to_dict(), new.to_dict())


def diff_documents(old: Doc, new: Doc) -> dict[str, Any]:
    """Diff two canonical graph documents (as from `Graph.to_dict()`)."""
    old_nodes, new_nodes = _by_id(old.get("nodes")), _by_id(new.get("nodes"))
    nodes: dict[str, list[Any]] = {
        "added": sorted(new_nodes.keys() - old_nodes.keys()),
        "removed": sorted(old_nodes.keys() - new_nodes.keys()),
        "changed": [],
    }
    params: dict[str, list[Entry]] = {"added": [], "removed": [], "changed": []}
    moved = False
    for nid in sorted(old_nodes.keys() & new_nodes.keys()):
        a, b = old_nodes[nid], new_nodes[nid]
        changes = [{"field": f, "old": _field(a, f), "new": _field(b, f)}
                   for f in _NODE_FIELDS if _field(a, f) != _field(b, f)]
        pa, pb = a.get("params") or {}, b.get("params") or {}
        for name in sorted(pa.keys() | pb.keys()):
            if name not in pa:
                params["added"].append({"node": nid, "param": name, "value": pb[name]})
            elif name not in pb:
                params["removed"].append({"node": nid, "param": name, "value": pa[name]})
            elif pa[name] != pb[name]:
                params["changed"].append(
                    {"node": nid, "param": name, "old": pa[name], "new": pb[name]})
            else:
                continue
            changes.append({"field": f"params.{name}", "old": pa.get(name),
                            "new": pb.get(name)})
        if changes:
            nodes["changed"].append({"id": nid, "changes": changes})
        moved = moved or a.get("position") != b.get("position")

    edges = _diff_edges(old_nodes, new_nodes)
    groups = _diff_groups(_by_id(old.get("groups")), _by_id(new.get("groups")))
    old_settings = {**(old.get("settings") or {}), "name": old.get("name")}
    new_settings = {**(new.get("settings") or {}), "name": new.get("name")}
    settings = {"changed": [
        {"field": f, "old": old_settings.get(f), "new": new_settings.get(f)}
        for f in sorted(old_settings.keys() | new_settings.keys())
        if old_settings.get(f) != new_settings.get(f)
    ]}
    structural = any(
        section[key]
        for section in (nodes, edges, params, groups, settings) for key in section
    )
    return {
        "nodes": nodes,
        "edges": edges,
        "params": params,
        "groups": groups,
        "settings": settings,
        "layout_only": moved and not structural,
        "summary": _summary(nodes, edges, params, groups, settings, moved),
    }


# -- sections --------------------------------------------------------------------------


def _by_id(items: Any) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items or []}


def _field(node: Mapping[str, Any], name: str) -> Any:
    """A node field with the canonical form's omitted default filled back in."""
    value = node.get(name)
    return bool(value) if name == "optional" else value


def _edge_lists(nodes: Mapping[str, Mapping[str, Any]]) -> dict[tuple[str, str, str], list[str]]:
    """(target, "port" | "kind", port name or condition kind) → ordered source ids."""
    out: dict[tuple[str, str, str], list[str]] = {}
    for nid, node in nodes.items():
        for port, sources in (node.get("inputs") or {}).items():
            out[(nid, "port", port)] = list(sources)
        for kind in _CONDITIONS:
            if node.get(kind):
                out[(nid, "kind", kind)] = [node[kind]]
    return out


def _diff_edges(old_nodes: Mapping[str, Mapping[str, Any]],
                new_nodes: Mapping[str, Mapping[str, Any]]) -> dict[str, list[Entry]]:
    old_edges, new_edges = _edge_lists(old_nodes), _edge_lists(new_nodes)
    out: dict[str, list[Entry]] = {"added": [], "removed": [], "reordered": []}
    for key in sorted(old_edges.keys() | new_edges.keys()):
        target, label, name = key
        before, after = old_edges.get(key, []), new_edges.get(key, [])
        # Multisets: a port may list the same source twice.
        gone, came = Counter(before) - Counter(after), Counter(after) - Counter(before)
        out["removed"].extend({"source": s, "target": target, label: name}
                              for s in sorted(gone.elements()))
        out["added"].extend({"source": s, "target": target, label: name}
                            for s in sorted(came.elements()))
        if label == "port" and _kept(before, gone) != _kept(after, came):
            out["reordered"].append({"target": target, "port": name, "old": before,
                                     "new": after})
    return out


def _kept(sources: list[str], dropped: Counter[str]) -> list[str]:
    """`sources` without the (last) occurrences counted in `dropped`, order kept."""
    left = Counter(dropped)
    kept: list[str] = []
    for s in reversed(sources):
        if left[s] > 0:
            left[s] -= 1
        else:
            kept.append(s)
    return kept[::-1]


def _diff_groups(old: Mapping[str, Mapping[str, Any]],
                 new: Mapping[str, Mapping[str, Any]]) -> dict[str, list[Any]]:
    changed: list[Entry] = []
    for gid in sorted(old.keys() & new.keys()):
        changes = [{"field": f, "old": old[gid].get(f), "new": new[gid].get(f)}
                   for f in _GROUP_FIELDS if old[gid].get(f) != new[gid].get(f)]
        if changes:
            changed.append({"id": gid, "changes": changes})
    return {"added": sorted(new.keys() - old.keys()),
            "removed": sorted(old.keys() - new.keys()), "changed": changed}


# -- summary ---------------------------------------------------------------------------


def _summary(nodes: Mapping[str, list[Any]], edges: Mapping[str, list[Entry]],
             params: Mapping[str, list[Entry]], groups: Mapping[str, list[Any]],
             settings: Mapping[str, list[Entry]], moved: bool) -> str:
    """E.g. "3 nodes added, 1 removed, 2 params changed".

    Nodes count as changed here only for non-param fields: param edits have their own
    words, so a node whose params alone changed is not counted twice.
    """
    node_changes = sum(
        1 for c in nodes["changed"]
        if any(not ch["field"].startswith("params.") for ch in c["changes"]))
    phrases: list[str] = []
    for singular, counts in (
        ("node", [("added", len(nodes["added"])), ("removed", len(nodes["removed"])),
                  ("changed", node_changes)]),
        ("edge", [("added", len(edges["added"])), ("removed", len(edges["removed"]))]),
        ("port", [("reordered", len(edges["reordered"]))]),
        ("param", [(verb, len(params[verb])) for verb in ("added", "removed", "changed")]),
        ("group", [(verb, len(groups[verb])) for verb in ("added", "removed", "changed")]),
        ("setting", [("changed", len(settings["changed"]))]),
    ):
        phrases.extend(_phrases(singular, counts))
    if phrases:
        return ", ".join(phrases)
    return "layout only" if moved else "no changes"


def _phrases(singular: str, counts: Iterable[tuple[str, int]]) -> list[str]:
    """The noun goes on the first non-zero count only: "3 nodes added, 1 removed"."""
    out: list[str] = []
    for verb, n in counts:
        if n:
            noun = "" if out else f" {singular}{'' if n == 1 else 's'}"
            out.append(f"{n}{noun} {verb}")
    return out
