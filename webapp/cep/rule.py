"""A CEP rule as a pydantic spec: which pattern over one unit's event stream fires a match.

Three pattern kinds (discriminated by `kind`): `sequence` (steps in event-time order within
`within_ms`), `count` (at least `min_count` matching events within `window_ms`) and
`absence` (a `step` event with no `absent` event after it within `within_ms`). Each step
names an event type and may add a CEL predicate over the event. The semantics are those of
`patterns.py`; this module only says what a valid rule is and compiles its predicates.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graphengine.errors import Problem
from operators.behaviour.event import Event, EventType
from operators.expressions import (
    CelExpression,
    ExpressionError,
    check_input_size,
    compile_expression,
    iterates,
)

MAX_STEPS = 8
MAX_SPAN_MS = 7 * 24 * 3600 * 1000  # a week: state per (rule, unit) is kept this long at most
MAX_LATENESS_MS = 10 * 60 * 1000
MAX_COUNT = 1000
# What "the same situation" is keyed by: the item, or one attribute such as the category.
GROUP_BY_PATTERN = r"^(item_id|attributes\.[A-Za-z_][A-Za-z0-9_]{0,63})$"


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: EventType
    where: CelExpression | None = Field(
        default=None, max_length=2000,
        description="CEL predicate over `event` (id, type, item_id, ts, attributes) and "
                    "`unit` (id); an event matches the step when it is true")


class SequencePattern(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["sequence"]
    steps: list[Step] = Field(min_length=2, max_length=MAX_STEPS)
    within_ms: int = Field(ge=1, le=MAX_SPAN_MS, description="First step to last step")


class CountPattern(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["count"]
    step: Step
    min_count: int = Field(ge=1, le=MAX_COUNT)
    window_ms: int = Field(ge=1, le=MAX_SPAN_MS)


class AbsencePattern(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["absence"]
    step: Step = Field(description="The event that starts the wait")
    absent: Step = Field(description="The event that must not follow within `within_ms`")
    within_ms: int = Field(ge=1, le=MAX_SPAN_MS)


Pattern = Annotated[SequencePattern | CountPattern | AbsencePattern,
                    Field(discriminator="kind")]


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    name: str = Field(default="", max_length=200)
    pattern: Pattern
    group_by: str | None = Field(
        default=None, pattern=GROUP_BY_PATTERN,
        description="Events of one match share this value (`item_id` or `attributes.x`); "
                    "events without it match no step")
    lateness_ms: int = Field(
        default=1000, ge=0, le=MAX_LATENESS_MS,
        description="How far behind the newest event one may arrive and still count; "
                    "matches are decided this much later in event time")
    cooldown_ms: int = Field(
        default=0, ge=0, le=MAX_SPAN_MS,
        description="After a match, matches of the same group ending within this time "
                    "are suppressed")

    @property
    def span_ms(self) -> int:
        pattern = self.pattern
        return pattern.window_ms if isinstance(pattern, CountPattern) else pattern.within_ms

    @property
    def steps(self) -> list[Step]:
        pattern = self.pattern
        if isinstance(pattern, SequencePattern):
            return list(pattern.steps)
        if isinstance(pattern, AbsencePattern):
            return [pattern.step, pattern.absent]
        return [pattern.step]

    @property
    def fingerprint(self) -> str:
        """Changes when anything that shapes the stored state changes (not the name), so an
        edited rule starts from fresh state instead of misreading the old one."""
        body = self.model_dump(mode="json", exclude={"name"})
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]


class RuleError(ValueError):
    """Every problem of a rule spec, each naming its field (`pattern.steps.1.where`)."""

    def __init__(self, errors: list[Problem]) -> None:
        self.errors = errors
        super().__init__("invalid rule: " + "; ".join(str(e) for e in errors))

    def to_list(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.errors]


def parse_rule(data: Any) -> Rule:
    try:
        return Rule.model_validate(data)
    except ValidationError as exc:
        raise RuleError([_problem(e) for e in exc.errors()]) from None


def _problem(error: Any) -> Problem:
    # Drop the union's tag from the location: `pattern.sequence.steps` → `pattern.steps`.
    loc = [str(p) for p in error["loc"]
           if p not in ("sequence", "count", "absence") and not str(p).startswith("function-")]
    message = str(error["msg"]).removeprefix("Value error, ")
    return Problem(code=str(error["type"]), message=message, field=".".join(loc) or None)


# --------------------------------------------------------------------------------------------
# Compiled form: predicates compiled once (bounded by operators.expressions), group key read.
# --------------------------------------------------------------------------------------------


# Handing CEL a value costs per field (~8 µs each), so a predicate gets only the event fields
# and attributes it names (`event.x`, `event.attributes.y`), unless it uses `event` or
# `event.attributes` some other way (`event["x"]`, `size(event.attributes)`): then all of it.
_NAME = r"\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)"
_EVENT_FIELD = re.compile(r"\bevent" + _NAME)
_ATTRIBUTE = re.compile(r"\bevent\s*\.\s*attributes" + _NAME)
_WHOLE_EVENT = re.compile(r"\bevent\b(?!\s*\.\s*[A-Za-z_])")
_WHOLE_ATTRIBUTES = re.compile(r"\bevent\s*\.\s*attributes\b(?!\s*\.\s*[A-Za-z_])")


@dataclass(frozen=True)
class Predicate:
    source: str
    program: Any
    iterates: bool
    fields: tuple[str, ...] | None  # None: the whole event
    attributes: tuple[str, ...] | None  # None: all attributes
    uses_unit: bool

    @classmethod
    def build(cls, source: str) -> Predicate:
        whole = _WHOLE_EVENT.search(source) is not None
        all_attributes = whole or _WHOLE_ATTRIBUTES.search(source) is not None
        return cls(source, compile_expression(source), iterates(source),
                   None if whole else tuple(sorted(set(_EVENT_FIELD.findall(source)))),
                   None if all_attributes else tuple(sorted(set(_ATTRIBUTE.findall(source)))),
                   re.search(r"\bunit\b", source) is not None)

    def variables(self, event: Event) -> dict[str, Any]:
        full = event_variables(event)
        if self.fields is None:
            return full if self.uses_unit else {"event": full["event"]}
        view = {f: full["event"][f] for f in self.fields if f in full["event"]}
        if "attributes" in view and self.attributes is not None:
            view["attributes"] = {k: event.attributes[k] for k in self.attributes
                                  if k in event.attributes}
        out: dict[str, Any] = {"event": view}
        if self.uses_unit:
            out["unit"] = full["unit"]
        return out

    def __call__(self, event: Event) -> bool:
        """True when the CEL expression is exactly `true`. A runtime error (a missing
        attribute, a wrong type) or a non-boolean result raises ExpressionError: the
        matcher counts it and treats the event as not matching."""
        variables = self.variables(event)
        if self.iterates:
            check_input_size(self.source, variables)
        try:
            result = self.program.execute(variables)
        except Exception as exc:  # the CEL runtime raises several types for bad data
            raise ExpressionError(f"CEL expression {self.source!r} failed: {exc}") from None
        if not isinstance(result, bool):
            raise ExpressionError(f"CEL expression {self.source!r} returned "
                                  f"{type(result).__name__}, not a boolean")
        return result


@dataclass(frozen=True)
class CompiledStep:
    type: str
    predicate: Predicate | None


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    steps: tuple[CompiledStep, ...]
    slot: str  # storage name of this rule's state: id + fingerprint
    span_ms: int  # within_ms or window_ms
    lateness_ms: int
    horizon_ms: int  # how long (behind the frontier) a hit or a cooldown stays relevant

    @classmethod
    def build(cls, rule: Rule) -> CompiledRule:
        steps = tuple(
            CompiledStep(step.type.value,
                         None if step.where is None else Predicate.build(step.where))
            for step in rule.steps)
        return cls(rule, steps, f"{rule.id}:{rule.fingerprint}", rule.span_ms,
                   rule.lateness_ms, max(rule.span_ms, rule.cooldown_ms))

    def group_key(self, event: Event) -> str | None:
        """The value events of one match share; "" when the rule has no `group_by`, None
        when the event lacks it."""
        path = self.rule.group_by
        if path is None:
            return ""
        if path == "item_id":
            value: Any = event.item_id
        else:
            value = event.attributes.get(path.split(".", 1)[1])
        if value is None or value == "":
            return None
        return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def event_variables(event: Event) -> dict[str, Any]:
    """What a step's CEL predicate sees; built once per event and shared by every rule."""
    return {"event": {"id": event.id, "type": event.type.value, "item_id": event.item_id,
                      "ts": event.ts, "attributes": event.attributes},
            "unit": {"id": event.unit_id}}
