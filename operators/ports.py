"""Input ports and output type, read from an operator's `run()` signature."""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Union

from operators.dataset import Dataset

# Port type names as they appear in the catalog; "any" matches everything.
_TYPE_NAMES: dict[Any, str] = {
    Dataset: "Dataset",
    bool: "bool",
    dict: "dict",
    list: "list",
    int: "int",
    float: "float",
    str: "str",
    Any: "any",
    object: "any",
}


@dataclass(frozen=True)
class PortSpec:
    name: str
    type: str
    multiple: bool
    required: bool

    def metadata(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "multiple": self.multiple,
            "required": self.required,
        }

    def empty_value(self) -> Any:
        """What a single-valued port receives when its only source was skipped."""
        if self.multiple:
            return []
        return Dataset.empty() if self.type == "Dataset" else None


def types_compatible(output: str, port: str) -> bool:
    return output == port or "any" in (output, port) or (output == "int" and port == "float")


def type_name(annotation: Any, where: str) -> str:
    origin = typing.get_origin(annotation)
    key = origin if origin is not None else annotation
    if key in _TYPE_NAMES:
        return _TYPE_NAMES[key]
    raise TypeError(f"{where}: unsupported type {annotation!r}; use one of Dataset, bool, dict, "
                    "list, int, float, str or Any")


def read_ports(cls_name: str, run: Callable[..., Any]) -> tuple[tuple[PortSpec, ...], str]:
    """Ports are the keyword parameters of `run` after `ctx`; the output type is its return."""
    hints = typing.get_type_hints(run)
    params = list(inspect.signature(run).parameters.values())
    if len(params) < 2 or params[1].name != "ctx":
        raise TypeError(f"{cls_name}.run must take (self, ctx, ...ports)")
    ports = []
    for p in params[2:]:
        where = f"{cls_name}.run port '{p.name}'"
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise TypeError(f"{where}: *args / **kwargs are not ports")
        if p.name not in hints:
            raise TypeError(f"{where}: needs a type annotation (Dataset or list[Dataset])")
        annotation = hints[p.name]
        has_default = p.default is not inspect.Parameter.empty
        if has_default and p.default is not None:
            raise TypeError(f"{where}: the only default a port may have is None")
        annotation, nullable = _strip_optional(annotation)
        if has_default and not nullable:
            raise TypeError(f"{where}: a port defaulting to None must be annotated '| None'")
        multiple = typing.get_origin(annotation) is list
        inner = typing.get_args(annotation)[0] if multiple else annotation
        ports.append(PortSpec(p.name, type_name(inner, where), multiple, not has_default))
    if "return" not in hints:
        raise TypeError(f"{cls_name}.run needs a return annotation (its output type)")
    output = hints["return"]
    output_name = "none" if output is type(None) else type_name(output, f"{cls_name}.run return")
    return tuple(ports), output_name


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False
