"""Use cases for graphs and versions; no DRF here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from graphengine import Graph as EngineGraph
from graphengine import GraphError, kv
from graphengine.diff import diff_documents
from webapp.audit import logic as audit
from webapp.graphs.models import Graph, GraphVersion

MAX_DOCUMENT_BYTES = 2_000_000


class StaleRevision(Exception):
    """The client edited an older revision than the one stored."""

    def __init__(self, current: Graph) -> None:
        super().__init__(f"graph {current.pk} is at revision {current.revision}")
        self.current = current


class InvalidGraph(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@dataclass
class Checked:
    valid: bool
    errors: list[dict[str, Any]]
    config_hash: str
    graph: EngineGraph | None


def check_document(document: Any) -> Checked:
    """Validate a document with the engine: every problem at once, never an exception."""
    if len(json.dumps(document, default=str)) > MAX_DOCUMENT_BYTES:
        problem = {"code": "too_large", "node": None, "field": None,
                   "message": f"a graph document must be under {MAX_DOCUMENT_BYTES} bytes"}
        return Checked(False, [problem], "", None)
    try:
        graph = EngineGraph.from_dict(document)
    except GraphError as exc:
        return Checked(False, exc.to_list(), "", None)
    return Checked(True, [], graph.config_hash, graph)


def _name_of(document: Any) -> str:
    name = document.get("name") if isinstance(document, dict) else None
    return name.strip()[:200] if isinstance(name, str) and name.strip() else "untitled"


def document_diff(old: Any, new: Any) -> dict[str, Any]:
    """The structured diff of two heads, on their canonical forms when both are valid."""
    a, b = check_document(old).graph, check_document(new).graph
    try:
        return diff_documents(a.to_dict() if a else old, b.to_dict() if b else new)
    except (AttributeError, KeyError, TypeError):  # an invalid head that is not even a graph
        return {"summary": "document replaced", "replaced": True}


def create_graph(user: Any, document: Any, description: str = "",
                 action: str = "graph.create") -> Graph:
    checked = check_document(document)
    with transaction.atomic():
        graph = Graph.objects.create(
            name=_name_of(document), description=description, document=document,
            valid=checked.valid, errors=checked.errors, config_hash=checked.config_hash,
            created_by=user, updated_by=user)
        diff = document_diff({"nodes": []}, document)
        audit.record(user, action, graph, diff["summary"], diff)
    return graph


def update_graph(graph_id: int, expected_revision: int, user: Any,
                 changes: dict[str, Any]) -> Graph:
    """Compare-and-swap on the revision: a stale write changes nothing."""
    fields: dict[str, Any] = {}
    if "document" in changes:
        checked = check_document(changes["document"])
        fields.update(document=changes["document"], name=_name_of(changes["document"]),
                      valid=checked.valid, errors=checked.errors,
                      config_hash=checked.config_hash)
    if "description" in changes:
        fields["description"] = changes["description"]
    with transaction.atomic():
        old = Graph.objects.select_for_update().get(pk=graph_id)  # the diff's "before"
        updated = Graph.objects.filter(pk=graph_id, revision=expected_revision).update(
            revision=F("revision") + 1, updated_by=user, updated_at=timezone.now(), **fields)
        graph = Graph.objects.get(pk=graph_id)
        if updated:
            _record_update(user, old, graph)
    if not updated:
        raise StaleRevision(graph)
    return graph


def _record_update(user: Any, old: Graph, new: Graph) -> None:
    diff = document_diff(old.document, new.document)
    if old.description != new.description:
        diff["description"] = {"old": old.description, "new": new.description}
    audit.record(user, "graph.update", new, diff["summary"], diff)


def delete_graph(graph: Graph, user: Any) -> None:
    with transaction.atomic():
        audit.record(user, "graph.delete", graph, "deleted", {"revision": graph.revision})
        graph.delete()


def snapshot(graph: Graph, user: Any, note: str = "") -> GraphVersion:
    """An immutable version of the current head; the head must be valid."""
    checked = check_document(graph.document)
    if checked.graph is None:
        raise InvalidGraph(checked.errors)
    for _ in range(3):  # two editors snapshotting at once: retry the number
        number = (graph.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                version = GraphVersion.objects.create(
                    graph=graph, number=number, document=checked.graph.to_dict(),
                    kv=checked.graph.to_kv(), config_hash=checked.config_hash, note=note,
                    author=user)
                audit.record(user, "graph.snapshot", graph, f"version {number} created",
                             {"version": version.pk, "number": number, "note": note,
                              "config_hash": checked.config_hash})
                return version
        except IntegrityError:
            continue
    raise RuntimeError("could not allocate a version number")


def export_kv(graph: Graph) -> dict[str, str]:
    checked = check_document(graph.document)
    if checked.graph is None:
        raise InvalidGraph(checked.errors)
    return checked.graph.to_kv()


def import_kv(mapping: Any, user: Any, description: str = "") -> Graph:
    """A new graph from KV (a JSON object or the `key = value` text form)."""
    if isinstance(mapping, str):
        mapping = kv.parse_kv_text(mapping)
    if not isinstance(mapping, dict):
        raise InvalidGraph([{"code": "bad_type", "node": None, "field": "kv",
                             "message": "kv must be an object of strings or KV text"}])
    graph = EngineGraph.from_kv(mapping)  # GraphError carries every problem
    return create_graph(user, graph.to_dict(), description, action="graph.import_kv")


def diff_versions(old: GraphVersion, new: GraphVersion) -> dict[str, Any]:
    return diff_documents(old.document, new.document)
