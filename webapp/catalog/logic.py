"""The operator catalog: read-only, because operators are code (operators/ and plugins)."""

from __future__ import annotations

from typing import Any

from operators import UnknownOperatorError, default_registry


def list_operators(category: str | None = None, search: str | None = None
                   ) -> list[dict[str, Any]]:
    entries = default_registry().catalog()
    if category:
        entries = [e for e in entries if e["category"] == category]
    if search:
        needle = search.lower()
        entries = [e for e in entries
                   if needle in e["name"].lower() or needle in e["title"].lower()
                   or needle in e["description"].lower()]
    return entries


def get_operator(name: str) -> dict[str, Any] | None:
    try:
        return default_registry().get(name).metadata()
    except UnknownOperatorError:
        return None


def categories() -> list[str]:
    return sorted({e["category"] for e in default_registry().catalog()})


def graphs_using(name: str) -> list[dict[str, Any]]:
    """Graphs whose head document has a node running operator `name`, with those nodes."""
    from webapp.graphs.models import Graph  # the catalog itself needs no database

    found = []
    for graph in Graph.objects.only("id", "name", "document").order_by("name", "id").iterator():
        nodes = graph.document.get("nodes") if isinstance(graph.document, dict) else None
        ids = [n.get("id") for n in nodes or [] if isinstance(n, dict) and n.get("op") == name]
        if ids:
            found.append({"id": graph.pk, "name": graph.name, "nodes": ids})
    return found
