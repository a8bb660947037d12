"""The graph document, version 1, as pydantic models: structure only, no operator knowledge.

Each part is parsed on its own so that one broken node does not hide the problems of the
others: validation reports everything at once.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from graphengine.errors import Problem

ID_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
ID_RE = re.compile(ID_PATTERN)

Id = Annotated[str, Field(pattern=ID_PATTERN)]
TimeoutMs = Annotated[int, Field(ge=1, le=3_600_000)]
Concurrency = Annotated[int, Field(ge=1, le=10_000)]
# Bounded so huge integers cannot overflow float comparisons; also refuses inf and NaN.
Coordinate = Annotated[int | float, Field(ge=-1e9, le=1e9)]

_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)


class Settings(BaseModel):
    model_config = _STRICT
    timeout_ms: TimeoutMs | None = None
    max_concurrency: Concurrency | None = None
    output: Id | None = None


class Group(BaseModel):
    model_config = _STRICT
    id: Id
    label: str = ""  # an empty label is filled with the id, so a group always has one
    timeout_ms: TimeoutMs | None = None
    max_concurrency: Concurrency | None = None


class Position(BaseModel):
    model_config = _STRICT
    x: Coordinate
    y: Coordinate


class Node(BaseModel):
    model_config = _STRICT
    id: Id
    op: Annotated[str, Field(min_length=1, max_length=200)]
    params: dict[str, Any] = {}
    inputs: dict[Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")], list[Id]] = {}
    group: Id | None = None
    when: Id | None = None
    unless: Id | None = None
    optional: bool = False
    timeout_ms: TimeoutMs | None = None
    position: Position | None = None

    def sources(self) -> list[str]:
        """Data sources in port order, each once."""
        return list(dict.fromkeys(s for ids in self.inputs.values() for s in ids))

    def dependencies(self) -> list[str]:
        """Everything that must settle before this node: data sources and its condition."""
        deps = self.sources()
        deps.extend(c for c in (self.when, self.unless) if c is not None and c not in deps)
        return deps


_TOP_KEYS = {"schema", "name", "settings", "groups", "nodes"}


class Document(BaseModel):
    """A structurally valid document (operators not yet checked)."""

    model_config = ConfigDict(frozen=True)
    schema_version: Literal[1] = 1
    name: str
    settings: Settings
    groups: tuple[Group, ...]
    nodes: tuple[Node, ...]


def parse_document(doc: Any) -> tuple[Document | None, list[Node], list[Problem]]:
    """Parse what can be parsed; return the document (or None), the good nodes, problems."""
    problems: list[Problem] = []
    if not isinstance(doc, dict):
        return None, [], [Problem("not_an_object", "a graph document must be a JSON object")]
    for key in sorted(set(doc) - _TOP_KEYS, key=str):
        problems.append(Problem("unknown_key", f"unknown key '{key}'", field=str(key)))
    if doc.get("schema", 1) != 1:
        problems.append(
            Problem("bad_schema", "only schema 1 is supported", field="schema")
        )
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        problems.append(Problem("bad_name", "'name' must be a non-empty string of at most 200 "
                                "characters", field="name"))
    settings = _parse(Settings, doc.get("settings", {}), "settings", None, problems)
    groups = _parse_list(Group, doc.get("groups", []), "groups", problems)
    groups = [g if g.label else g.model_copy(update={"label": g.id}) for g in groups]
    nodes = _parse_list(Node, doc.get("nodes", []), "nodes", problems)
    if "nodes" in doc and isinstance(doc["nodes"], list) and not doc["nodes"]:
        problems.append(Problem("empty_graph", "a graph needs at least one node", field="nodes"))
    elif "nodes" not in doc:
        problems.append(Problem("missing_key", "'nodes' is required", field="nodes"))
    if problems or settings is None:
        return None, nodes, problems
    return (
        Document(name=name, settings=settings, groups=tuple(groups), nodes=tuple(nodes)),
        nodes,
        problems,
    )


def _parse_list(model: type[Any], raw: Any, field: str, problems: list[Problem]) -> list[Any]:
    if not isinstance(raw, list):
        problems.append(Problem("bad_type", f"'{field}' must be a list", field=field))
        return []
    out = []
    for i, item in enumerate(raw):
        node_id = item.get("id") if isinstance(item, dict) else None
        node = node_id if field == "nodes" and isinstance(node_id, str) else None
        parsed = _parse(model, item, f"{field}[{i}]", node, problems)
        if parsed is not None:
            out.append(parsed)
    return out


def _parse(
    model: type[Any], raw: Any, where: str, node: str | None, problems: list[Problem]
) -> Any:
    try:
        return model.model_validate(raw)
    except pydantic.ValidationError as exc:
        for err in exc.errors():
            problems.append(_problem(err, where, node))
        return None


def _problem(err: Any, where: str, node: str | None) -> Problem:
    loc = ".".join(str(x) for x in err.get("loc", ()))
    field = loc if node else (f"{where}.{loc}" if loc else where)
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return Problem("unknown_key", f"unknown key '{loc}'", node, field)
    if kind == "missing":
        return Problem("missing_key", f"'{loc}' is required", node, field)
    if kind == "string_pattern_mismatch" and loc.startswith("inputs"):
        return Problem("bad_port", "port names are identifiers (letters, digits, _)", node,
                       field)
    if kind == "string_pattern_mismatch":
        return Problem("bad_id", "ids must match ^[a-z][a-z0-9_]{0,63}$ (lower-case letter, "
                       "then lower-case letters, digits or _)", node, field)
    if kind.startswith(("greater_than", "less_than")):
        return Problem("out_of_range", f"{err.get('msg')}", node, field)
    return Problem("bad_type", f"{err.get('msg')}", node, field)
