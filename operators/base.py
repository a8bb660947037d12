"""The `Operator` base class: parameters from annotations, ports from `run()`."""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import pydantic

from operators.params import Param, ParamError, ParamSpec, build_model, validate_params
from operators.ports import PortSpec, read_ports

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


class OperatorParamsError(ValueError):
    """Raised when an operator is instantiated with invalid parameters."""

    def __init__(self, operator: str, errors: list[ParamError]) -> None:
        self.errors = errors
        super().__init__(f"{operator}: " + "; ".join(e.message for e in errors))


class Operator:
    """Base of every operator. Subclasses set `name` and `category`, declare parameters as
    `Annotated[type, Param(...)]` class annotations and implement `run(self, ctx, ...ports)`,
    either `async def` (IO) or plain `def` (cheap CPU, runs inline). An operator that blocks
    sets `blocking = True` and runs in the engine's bounded thread pool.
    """

    name: ClassVar[str]
    category: ClassVar[str] = "misc"
    title: ClassVar[str] = ""
    version: ClassVar[str] = "1"
    blocking: ClassVar[bool] = False

    # Derived once per class by __init_subclass__.
    param_specs: ClassVar[dict[str, ParamSpec]] = {}
    params_model: ClassVar[type[pydantic.BaseModel]]
    ports: ClassVar[tuple[PortSpec, ...]] = ()
    output_type: ClassVar[str] = "any"
    is_async: ClassVar[bool] = False

    if TYPE_CHECKING:
        # Declared for type checkers only: each operator's `run` has its own ports, so
        # there is no one base signature to override.
        run: Callable[..., Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            return  # an abstract intermediate class
        if not _NAME_RE.match(cls.name):
            raise TypeError(f"{cls.__name__}.name {cls.name!r} must be dotted: family.name")
        if "title" not in cls.__dict__:
            # "HotItems" -> "Hot Items", "ItemCF" -> "Item CF": acronyms stay whole.
            cls.title = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ",
                               cls.__name__)
        cls.param_specs = _read_params(cls)
        cls.params_model = build_model(cls.__name__, cls.param_specs)
        if not callable(getattr(cls, "run", None)):
            raise TypeError(f"{cls.__name__} must define run(self, ctx, ...ports)")
        cls.ports, cls.output_type = read_ports(cls.__name__, cls.run)
        cls.is_async = inspect.iscoroutinefunction(cls.run)
        if cls.blocking and cls.is_async:
            raise TypeError(f"{cls.__name__}: a blocking operator must have a plain def run")

    def __init__(self, **params: Any) -> None:
        normalised, errors = self.check_params(params)
        if errors:
            raise OperatorParamsError(self.name, errors)
        model = self.params_model.model_validate(normalised)
        for key in self.param_specs:
            setattr(self, key, getattr(model, key))
        self.params: dict[str, Any] = normalised

    @classmethod
    def check_params(cls, params: Mapping[str, Any]) -> tuple[dict[str, Any], list[ParamError]]:
        """Explicit params normalised to JSON values, or every problem with them."""
        normalised, errors = validate_params(cls.params_model, cls.param_specs, params)
        if not errors:
            full = {**{k: s.default for k, s in cls.param_specs.items() if not s.required},
                    **normalised}
            errors = [ParamError("param_conflict", None, m) for m in cls.cross_check(full)]
        return normalised, errors

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        """Rules between parameters (all of them, defaults filled in); one message per
        problem. Override in operators whose parameters depend on each other."""
        return []

    @classmethod
    def description(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "").strip()

    @classmethod
    def port(cls, name: str) -> PortSpec | None:
        return next((p for p in cls.ports if p.name == name), None)

    @classmethod
    def metadata(cls) -> dict[str, Any]:
        """The catalog entry, plain JSON."""
        return {
            "name": cls.name,
            "title": cls.title,
            "category": cls.category,
            "description": cls.description(),
            "inputs": [p.metadata() for p in cls.ports],
            "output": {"type": cls.output_type},
            "params_schema": cls.params_model.model_json_schema(),
            "version": cls.version,
            "blocking": cls.blocking,
            "is_async": cls.is_async,
        }

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} {self.params!r}>"


def _read_params(cls: type[Operator]) -> dict[str, ParamSpec]:
    hints = typing.get_type_hints(cls, include_extras=True)
    specs: dict[str, ParamSpec] = {}
    for attr, hint in hints.items():
        if attr.startswith("_") or typing.get_origin(hint) is ClassVar:
            continue
        annotation, param = hint, Param()
        if typing.get_origin(hint) is typing.Annotated:
            base, *extras = typing.get_args(hint)
            param = next((x for x in extras if isinstance(x, Param)), param)
            # Keep other metadata (pydantic validators such as CEL syntax checks).
            others = tuple(x for x in extras if not isinstance(x, Param))
            annotation = typing.Annotated[(base, *others)] if others else base
        if attr in {"params", "name", "category", "title", "version", "blocking"}:
            raise TypeError(f"{cls.__name__}: '{attr}' is reserved and cannot be a parameter")
        default = getattr(cls, attr, inspect.Parameter.empty)
        spec = ParamSpec(attr, annotation, param)
        if default is not inspect.Parameter.empty:
            spec = ParamSpec(attr, annotation, param, default)
        specs[attr] = spec
    return specs
