"""Operator parameters: `Annotated[type, Param(...)]` class annotations, validated by pydantic.

pydantic gives us both the validation and the JSON Schema the editor renders, from one
declaration, so the two can never disagree.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Union

import pydantic
from pydantic.fields import FieldInfo

_UNSET: Any = object()


@dataclass(frozen=True)
class Param:
    """Metadata of one operator parameter (description, bounds, choices)."""

    description: str | None = None
    title: str | None = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    choices: Sequence[Any] | None = None
    example: Any = None

    def describe_range(self) -> str | None:
        """Plain words for the allowed range, used in validation messages."""
        parts = []
        if self.ge is not None:
            parts.append(f"≥ {_num(self.ge)}")
        if self.gt is not None:
            parts.append(f"> {_num(self.gt)}")
        if self.le is not None:
            parts.append(f"≤ {_num(self.le)}")
        if self.lt is not None:
            parts.append(f"< {_num(self.lt)}")
        if self.min_length is not None:
            parts.append(f"at least {self.min_length} long")
        if self.max_length is not None:
            parts.append(f"at most {self.max_length} long")
        if self.choices is not None:
            parts.append("one of " + ", ".join(json.dumps(c) for c in self.choices))
        return " and ".join(parts) if parts else None


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter of an operator class."""

    name: str
    annotation: Any  # the declared type, without Annotated
    param: Param
    default: Any = _UNSET

    @property
    def required(self) -> bool:
        return self.default is _UNSET

    def field(self) -> tuple[Any, FieldInfo]:
        """The (type, FieldInfo) pair pydantic.create_model takes."""
        p = self.param
        annotation = self.annotation
        if p.choices is not None:
            choice_type: Any = Literal[tuple(p.choices)]
            annotation = choice_type | None if allows_none(annotation) else choice_type
        kwargs: dict[str, Any] = {
            "description": p.description,
            "title": p.title,
            "ge": p.ge,
            "gt": p.gt,
            "le": p.le,
            "lt": p.lt,
            "min_length": p.min_length,
            "max_length": p.max_length,
        }
        if p.example is not None:
            kwargs["examples"] = [p.example]
        if float in base_types(self.annotation):
            kwargs["allow_inf_nan"] = False
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        default = ... if self.required else self.default
        return annotation, pydantic.Field(default, **kwargs)


def unwrap(annotation: Any) -> Any:
    """The declared type without `Annotated` metadata."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def base_types(annotation: Any) -> tuple[Any, ...]:
    """The members of a union (or the type itself), origins for generics."""
    annotation = unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        members = [unwrap(a) for a in typing.get_args(annotation) if a is not type(None)]
        return tuple(typing.get_origin(a) or a for a in members)
    return (origin or annotation,)


def allows_none(annotation: Any) -> bool:
    annotation = unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        return type(None) in typing.get_args(annotation)
    return annotation is None or annotation is Any


def build_model(owner: str, specs: Mapping[str, ParamSpec]) -> type[pydantic.BaseModel]:
    fields: dict[str, Any] = {name: spec.field() for name, spec in specs.items()}
    model: type[pydantic.BaseModel] = pydantic.create_model(
        f"{owner}Params",
        __config__=pydantic.ConfigDict(extra="forbid", strict=True),
        **fields,
    )
    return model


@dataclass(frozen=True)
class ParamError:
    """One parameter problem, already in plain words."""

    code: str
    param: str | None
    message: str


def validate_params(
    model: type[pydantic.BaseModel], specs: Mapping[str, ParamSpec], params: Mapping[str, Any]
) -> tuple[dict[str, Any], list[ParamError]]:
    """Validate explicitly given params; return them normalised to JSON values, or errors.

    Validation runs in pydantic's JSON strict mode: documents are JSON, so "200" is not
    an int, but a JSON list is a fine tuple.
    """
    try:
        text = json.dumps(dict(params), allow_nan=False)
    except (TypeError, ValueError) as exc:
        return {}, [ParamError("param_type", None, f"parameters are not plain JSON: {exc}")]
    try:
        validated = model.model_validate_json(text, strict=True)
    except pydantic.ValidationError as exc:
        return {}, [_to_param_error(e, specs) for e in exc.errors()]
    dumped = validated.model_dump(mode="json")
    return {name: dumped[name] for name in params}, []


def _to_param_error(err: Any, specs: Mapping[str, ParamSpec]) -> ParamError:
    loc = err.get("loc") or ()
    name = str(loc[0]) if loc else None
    kind = err.get("type", "")
    where = ".".join(str(x) for x in loc)
    got = err.get("input")
    if kind == "missing":
        return ParamError("missing_param", name, f"required parameter '{name}' is missing")
    if kind == "extra_forbidden":
        known = ", ".join(sorted(specs)) or "none"
        return ParamError(
            "unknown_param", name, f"unknown parameter '{name}' (known parameters: {known})"
        )
    spec = specs.get(name) if name else None
    allowed = spec.param.describe_range() if spec else None
    bound_kinds = ("greater_than", "less_than", "too_short", "too_long", "literal_error")
    if any(b in kind for b in bound_kinds):
        rule = f"must be {allowed}" if allowed else str(err.get("msg")).lower()
        return ParamError("param_out_of_range", name, f"'{where}' {rule} (got {_show(got)})")
    return ParamError("param_type", name, f"'{where}': {err.get('msg')} (got {_show(got)})")


def _show(value: Any) -> str:
    text = json.dumps(value, default=repr)
    return text if len(text) <= 60 else text[:57] + "..."
