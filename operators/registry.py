"""Operator registries: explicit `Registry()` objects and the process-wide default."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import threading
from collections.abc import Iterable, Iterator
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any, TypeVar

from operators.base import Operator

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "loom.operators"

OpT = TypeVar("OpT", bound=type[Operator])


class UnknownOperatorError(KeyError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"unknown operator '{self.name}'"


class Registry:
    """A set of operator classes by name."""

    def __init__(self, operators: Iterable[type[Operator]] = ()) -> None:
        self._ops: dict[str, type[Operator]] = {}
        for op in operators:
            self.register(op)

    def register(self, cls: OpT) -> OpT:
        """Add an operator class; usable as a class decorator."""
        if not (isinstance(cls, type) and issubclass(cls, Operator)) or "name" not in vars(cls):
            raise TypeError(f"{cls!r} is not a concrete Operator subclass with a name")
        existing = self._ops.get(cls.name)
        if existing is not None and existing is not cls:
            raise ValueError(
                f"operator name '{cls.name}' is taken by {existing.__module__}."
                f"{existing.__qualname__}"
            )
        self._ops[cls.name] = cls
        return cls

    def get(self, name: str) -> type[Operator]:
        try:
            return self._ops[name]
        except KeyError:
            raise UnknownOperatorError(name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._ops

    def __iter__(self) -> Iterator[type[Operator]]:
        return iter(self._ops.values())

    def __len__(self) -> int:
        return len(self._ops)

    def names(self) -> list[str]:
        return sorted(self._ops)

    def catalog(self) -> list[dict[str, Any]]:
        return [self._ops[n].metadata() for n in self.names()]


_default = Registry()
_loaded = False
_lock = threading.Lock()


def register(cls: OpT) -> OpT:
    """Class decorator: publish an operator in the process-wide default registry."""
    return _default.register(cls)


def default_registry() -> Registry:
    """The built-in operators plus every class published under `loom.operators`."""
    global _loaded
    if not _loaded:
        with _lock:
            if not _loaded:
                for module in builtin_modules():
                    importlib.import_module(module)
                _load_entry_points(_default)
                _loaded = True
    return _default


def builtin_modules() -> list[str]:
    """Every module of operators/library: adding a family is adding a file."""
    import operators.library as library

    return sorted(f"{library.__name__}.{m.name}" for m in pkgutil.iter_modules(library.__path__))


def _load_entry_points(registry: Registry) -> None:
    # A broken third-party package must not take the built-ins down with it.
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            target = ep.load()
            if isinstance(target, ModuleType):
                for value in vars(target).values():
                    if isinstance(value, type) and issubclass(value, Operator) \
                            and "name" in vars(value):
                        registry.register(value)
            else:
                registry.register(target)
        except Exception:
            log.exception("could not load operators from entry point %s", ep.value)
