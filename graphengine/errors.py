"""Structured validation problems and the error that carries them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a graph, in the shape the API returns."""

    code: str
    message: str
    node: str | None = None
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = ""
        if self.node:
            where = f"node '{self.node}'"
        if self.field:
            where = f"{where} field '{self.field}'" if where else f"field '{self.field}'"
        text = f"{self.message} [{self.code}]"
        return f"{where}: {text}" if where else text


class GraphError(ValueError):
    """Raised by `Graph.from_dict` / `from_kv` with every problem found, never a traceback."""

    def __init__(self, errors: list[Problem]) -> None:
        self.errors = errors
        lines = "\n".join(f"  - {e}" for e in errors)
        super().__init__(f"invalid graph ({len(errors)} problem(s)):\n{lines}")

    def to_list(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.errors]
