"""Operators of rule graphs ("rules are graphs"): pattern nodes, the conditions a match
turns true, and action nodes that hang off them with `when: <pattern node>`.

A scene of kind `rules` serves a graph of these. For each match the CEP handler runs the
graph with the context

    {"unit_id": ..., "unit": {"id", "attributes"}, "scene": slug,
     "match": {"id", "rule_id", "pattern", "kind", "key", "event_ids", "match_ts",
               "detected_ms", "events": [...]},
     "event": {...}}  # the match's last event (an absence: the one left unanswered)

and only the pattern node whose `fingerprint` equals `match.pattern` outputs true, so only
its actions run (DESIGN §3 pruning). A node cannot know its own id, hence the fingerprint:
a hash of the node's parameters, which the handler reads from the same operator instance.

Registered through the `loom.operators` entry point (pyproject.toml) rather than from
operators/library: the parameter types are webapp.cep.rule's models (one definition of a
rule), and the library must not import webapp. Django-free, like the rest of the core.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import random
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any, Protocol, TypeVar
from urllib.parse import quote, urlsplit

import httpx
import redis

from operators.base import Operator
from operators.context import Context
from operators.expressions import CelExpression, ExpressionError, evaluate
from operators.library.trigger import COOLDOWN, TriggerError
from operators.params import Param
from operators.secrets import SecretError, read_secret, webhook_problems
from operators.templates import Template, render
from webapp.cep.rule import (
    MAX_COUNT,
    MAX_LATENESS_MS,
    MAX_SPAN_MS,
    MAX_STEPS,
    Rule,
    RuleError,
    Step,
    parse_rule,
)

T = TypeVar("T")

Span = Annotated[int, Param(ge=1, le=MAX_SPAN_MS, description="Milliseconds")]


# -- patterns -------------------------------------------------------------------------------


class Pattern(Operator):
    """Shared parameters of the pattern nodes; concrete ones add the pattern's own."""

    category = "cep"

    group_by: Annotated[str | None, Param(
        description="Events of one match share this value: `item_id` or `attributes.x`",
        example="attributes.category")] = None
    lateness_ms: Annotated[int, Param(
        ge=0, le=MAX_LATENESS_MS,
        description="How far behind the newest event one may arrive and still count")] = 1000
    cooldown_ms: Annotated[int, Param(
        ge=0, le=MAX_SPAN_MS,
        description="After a match, matches of the same group ending within this time are "
                    "suppressed")] = 0
    segment: Annotated[CelExpression | None, Param(
        description="Only units for which this CEL expression over `unit` (id, attributes "
                    "of the match's last event) and `match` is true; an error counts as "
                    "false", example='unit.attributes.segment == "new"')] = None

    @classmethod
    def pattern_of(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        """The `pattern` of a rule spec (webapp.cep.rule) from JSON parameters."""
        raise NotImplementedError

    @classmethod
    def spec_of(cls, params: Mapping[str, Any], rule_id: str) -> dict[str, Any]:
        return {"id": rule_id, "pattern": cls.pattern_of(params), "group_by": params["group_by"],
                "lateness_ms": params["lateness_ms"], "cooldown_ms": params["cooldown_ms"]}

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        # The whole rule, checked by webapp.cep.rule: the one definition of a valid rule.
        try:
            parse_rule(cls.spec_of(params, "rule"))
        except RuleError as exc:
            return [f"`{e.field}`: {e.message}" if e.field else e.message for e in exc.errors]
        return []

    @functools.cached_property
    def full_params(self) -> dict[str, Any]:
        """Every parameter, defaults included, as JSON values."""
        model = self.params_model.model_validate_json(json.dumps(self.params))
        return model.model_dump(mode="json")

    def rule(self, rule_id: str) -> Rule:
        """The matcher's rule for this node (rule id = node id)."""
        return parse_rule(self.spec_of(self.full_params, rule_id))

    @functools.cached_property
    def fingerprint(self) -> str:
        """Names this node's pattern in `ctx.match.pattern` (the node cannot know its id)."""
        body = json.dumps({"op": self.name, **self.full_params}, sort_keys=True,
                          separators=(",", ":"))
        return hashlib.sha256(body.encode()).hexdigest()[:16]

    def in_segment(self, ctx: Context) -> bool:
        if self.segment is None:
            return True
        variables = {"unit": dict(ctx.get("unit") or {}), "match": dict(ctx.get("match") or {})}
        try:
            return evaluate(self.segment, variables) is True
        except ExpressionError:
            return False  # as a step's `where`: a missing attribute means "not this unit"

    def run(self, ctx: Context) -> bool:
        return bool(ctx.get("match.pattern") == self.fingerprint) and self.in_segment(ctx)


class Sequence(Pattern):
    """True for a match of: the steps' events in event-time order, first to last within
    `within_ms`. Each event joins at most one match."""

    name = "cep.sequence"
    steps: Annotated[list[Step], Param(
        min_length=2, max_length=MAX_STEPS, description="Event steps, in order",
        example=[{"type": "click"}, {"type": "cart"}])]
    within_ms: Span

    @classmethod
    def pattern_of(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        return {"kind": "sequence", "steps": params["steps"], "within_ms": params["within_ms"]}


class Count(Pattern):
    """True for a match of: at least `min_count` events of the step within `window_ms`. A
    sustained burst fires once; it re-arms below the threshold or after a quiet window."""

    name = "cep.count"
    step: Annotated[Step, Param(description="The events counted",
                                example={"type": "click"})]
    min_count: Annotated[int, Param(ge=1, le=MAX_COUNT, description="Events needed")]
    window_ms: Span

    @classmethod
    def pattern_of(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        return {"kind": "count", "step": params["step"], "min_count": params["min_count"],
                "window_ms": params["window_ms"]}


class Absence(Pattern):
    """True for a match of: a `step` event with no `absent` event after it within
    `within_ms` (decided once that time, plus lateness, has passed)."""

    name = "cep.absence"
    step: Annotated[Step, Param(description="The event that starts the wait",
                                example={"type": "cart"})]
    absent: Annotated[Step, Param(description="The event that must not follow",
                                  example={"type": "order"})]
    within_ms: Span

    @classmethod
    def pattern_of(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        return {"kind": "absence", "step": params["step"], "absent": params["absent"],
                "within_ms": params["within_ms"]}


# -- actions --------------------------------------------------------------------------------


class CepHost(Protocol):
    """What the web app hands rule graphs as the `cep` resource. Both calls only note the
    intent: the host writes rows and queues runs after the graph ran, outside its loop."""

    def record(self, label: str, data: Mapping[str, Any]) -> dict[str, Any]: ...

    def run_graph(self, scene: str, unit_id: str, context: Mapping[str, Any]) -> str: ...


def match_payload(ctx: Context, context_fields: Mapping[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {k: ctx.get(p) for k, p in context_fields.items()}
    body.update(match=ctx.get("match"), unit_id=ctx.get("unit_id"), scene=ctx.get("scene"))
    return body


ContextFields = Annotated[dict[str, str], Param(
    description="Extra payload field → context path",
    example={"category": "event.attributes.category"})]


class _Remote(Operator):
    """A call to another system: timeout, one retry after a connection error (if asked),
    and a rest for the target after repeated failures (shared with trigger.*)."""

    category = "action"

    timeout_ms: Annotated[int, Param(ge=1, le=30_000, description="Timeout of one call")] = 1000
    retry: Annotated[bool, Param(description="Retry once, after a connection error")] = False
    failure_threshold: Annotated[int, Param(ge=1, le=1000,
                                            description="Failures before a cooldown")] = 5
    cooldown_s: Annotated[float, Param(ge=0, le=3600,
                                       description="Seconds a target is rested")] = 30.0
    context_fields: ContextFields = {}

    async def call(self, target: str, send: Callable[[], Awaitable[T]],
                   connection_errors: tuple[type[BaseException], ...]) -> T:
        COOLDOWN.check(target)
        for attempt in range(2 if self.retry else 1):
            try:
                async with asyncio.timeout(self.timeout_ms / 1000):
                    result = await send()
            except connection_errors:
                if self.retry and attempt == 0:
                    await asyncio.sleep(random.uniform(0.01, 0.05))  # jitter: no herd
                    continue
                self._failed(target)
                raise TriggerError(f"cannot reach {target}") from None
            except TimeoutError:
                self._failed(target)
                raise TimeoutError(f"{target} did not answer within {self.timeout_ms} ms"
                                   ) from None
            except Exception:
                self._failed(target)
                raise
            COOLDOWN.record(target, True, self.failure_threshold, self.cooldown_s)
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    def _failed(self, target: str) -> None:
        COOLDOWN.record(target, False, self.failure_threshold, self.cooldown_s)


class MatchWebhook(_Remote):
    """POST the match (with its events) as JSON to a URL template over the context, with
    an `Idempotency-Key` header holding the match id: a receiver can drop a repeat.
    Outputs {"target", "status"}. A bearer token comes from the environment variable
    `token_env`, never from the graph."""

    name = "action.webhook"
    title = "Webhook"

    url: Annotated[Template, Param(description="URL template over the context",
                                   example="https://hooks.internal/cep/{match.rule_id}")]
    token_env: Annotated[str | None, Param(description="Env variable with a token")] = None
    connection: Annotated[str, Param(description="Shared httpx.AsyncClient resource")] = "http"

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        return webhook_problems(params)

    async def run(self, ctx: Context) -> dict[str, Any]:
        url = render(self.url, lambda p: None if (v := ctx.get(p)) is None
                     else quote(str(v), safe=""))
        parts = urlsplit(url)
        target = f"{parts.scheme}://{parts.netloc}{parts.path}"
        headers = {"Idempotency-Key": str(ctx.get("match.id", ""))}
        if self.token_env:
            try:
                headers["Authorization"] = f"Bearer {read_secret('token_env', self.token_env)}"
            except SecretError as exc:
                raise TriggerError(str(exc)) from None
        body = match_payload(ctx, self.context_fields)
        shared = ctx.resources.get(self.connection)

        async def send() -> httpx.Response:
            if isinstance(shared, httpx.AsyncClient):
                response = await shared.post(url, json=body, headers=headers)
            else:
                async with httpx.AsyncClient() as client:
                    response = await client.post(url, json=body, headers=headers)
            if not response.is_success:
                raise TriggerError(f"HTTP {response.status_code} from {target}")
            return response

        response = await self.call(target, send, (httpx.ConnectError,))
        return {"target": target, "status": response.status_code}


class MatchBroadcast(_Remote):
    """Publish the match as JSON on Redis: appended to a stream (trimmed to about
    `maxlen`; field `match`) or published on a pub/sub channel. The name is a template
    over the context. Outputs {"target", "id"} or {"target", "receivers"}."""

    name = "action.broadcast"
    title = "Broadcast"

    target: Annotated[Template, Param(description="Stream or channel name template",
                                      example="alerts:{match.rule_id}")] = "alerts:matches"
    mode: Annotated[str, Param(choices=["stream", "channel"],
                               description="A Redis stream or a pub/sub channel")] = "stream"
    maxlen: Annotated[int, Param(ge=1, le=100_000_000,
                                 description="Approximate cap of a stream")] = 100_000
    connection: Annotated[str, Param(description="Name of the Redis resource")] = "redis"

    async def run(self, ctx: Context) -> dict[str, Any]:
        name = render(self.target, ctx.get)
        message = json.dumps(match_payload(ctx, self.context_fields), default=str)
        client = ctx.resource(self.connection)
        if self.mode == "channel":
            receivers = await self.call(f"redis channel {name}",
                                        lambda: client.publish(name, message),
                                        (redis.ConnectionError,))
            return {"target": name, "receivers": int(receivers)}
        entry_id = await self.call(
            f"redis stream {name}",
            lambda: client.xadd(name, {"match": message}, maxlen=self.maxlen,
                                approximate=True),
            (redis.ConnectionError,))
        return {"target": name, "id": entry_id if isinstance(entry_id, str)
                else entry_id.decode()}


class RecordMatch(Operator):
    """Keep the match in the match list (`GET /api/cep/matches/`) under a label, with the
    chosen context values. Needs the web app's `cep` resource. Outputs {"label", "recorded"}."""

    name = "action.record"
    title = "Record"
    category = "action"

    label: Annotated[str, Param(min_length=1, max_length=64, description="What it was",
                                example="cart_abandoned")]
    data: ContextFields = {}

    def run(self, ctx: Context) -> dict[str, Any]:
        host: CepHost = ctx.resource("cep")
        return host.record(self.label, {k: ctx.get(p) for k, p in self.data.items()})


class RunGraph(Operator):
    """Queue a recommendation of another scene for the match's unit (asynchronously, on the
    serving queue) with the match in its context. Needs the web app's `cep` resource.
    Outputs {"scene", "run_id"}: the run shows at `/api/runs/<run_id>/`."""

    name = "action.run_graph"
    title = "Run Graph"
    category = "action"

    scene: Annotated[str, Param(min_length=1, max_length=64,
                                description="Slug of a recommend scene",
                                example="home_feed")]
    context: Annotated[dict[str, str], Param(
        description="Its context: field → path in this context",
        example={"category": "match.key"})] = {}

    def run(self, ctx: Context) -> dict[str, Any]:
        host: CepHost = ctx.resource("cep")
        context = {k: ctx.get(p) for k, p in self.context.items()}
        context.setdefault("match", ctx.get("match"))
        run_id = host.run_graph(self.scene, str(ctx.get("unit_id")), context)
        return {"scene": self.scene, "run_id": run_id}


class Done(Operator):
    """The sink of a rule graph with several actions: gathers what the actions that ran
    returned (a graph has one output node)."""

    name = "action.done"
    title = "Done"
    category = "action"

    def run(self, ctx: Context, results: list[dict[str, Any]] | None = None
            ) -> list[dict[str, Any]]:
        return list(results or [])


PATTERNS: tuple[type[Pattern], ...] = (Sequence, Count, Absence)
ACTIONS: tuple[type[Operator], ...] = (MatchWebhook, MatchBroadcast, RecordMatch, RunGraph,
                                        Done)
