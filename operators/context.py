"""The request context an operator sees: request data plus shared resources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_MISSING: Any = object()


class MissingResourceError(LookupError):
    pass


class Context:
    """What one run knows about its request.

    `data` is the request context (user, device, query...), read by conditions as `ctx`.
    `resources` holds shared clients (Redis, HTTP) that the host process provides.
    """

    __slots__ = ("data", "resources", "run_id")

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        resources: Mapping[str, Any] | None = None,
        run_id: str | None = None,
    ) -> None:
        self.data: Mapping[str, Any] = data if data is not None else {}
        self.resources: Mapping[str, Any] = resources if resources is not None else {}
        self.run_id = run_id

    def get(self, path: str, default: Any = None) -> Any:
        """Look up a dotted path such as `user.id`; `default` when any step is missing."""
        value: Any = self.data
        for part in path.split("."):
            if isinstance(value, Mapping):
                value = value.get(part, _MISSING)
            else:
                value = getattr(value, part, _MISSING)
            if value is _MISSING:
                return default
        return value

    def resource(self, name: str) -> Any:
        """A shared client the host provided (e.g. "redis"), or a clear error saying so."""
        try:
            return self.resources[name]
        except KeyError:
            raise MissingResourceError(
                f"this run has no '{name}' resource: the host process must provide it "
                f"(Engine.run(..., resources={{'{name}': client}}))"
            ) from None

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __repr__(self) -> str:
        return f"Context(run_id={self.run_id!r}, keys={sorted(self.data)!r})"
