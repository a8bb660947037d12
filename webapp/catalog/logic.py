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
