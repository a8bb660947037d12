"""Trigger family ("reach"): tell other systems what a run decided — a webhook, a Redis
pub/sub broadcast, or an event on a Redis stream.

Every trigger has a timeout, retries at most once and only after a connection error (when
`retry` is on), and stops calling a target for `cooldown_s` after `failure_threshold`
failures in a row, so a broken receiver is not hammered by every request. A failed
trigger raises, so its node is `failed`; mark trigger nodes `optional` to keep serving.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx
import redis

from operators.base import Operator
from operators.context import Context
from operators.dataset import Dataset
from operators.params import Param
from operators.registry import register
from operators.secrets import SecretError, read_secret, webhook_problems
from operators.templates import Template, render

T = TypeVar("T")


class TriggerError(RuntimeError):
    pass


class Cooldown:
    """Consecutive failures per target; past the threshold, calls are refused for a while."""

    def __init__(self) -> None:
        self._state: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def check(self, target: str) -> None:
        with self._lock:
            _, until = self._state.get(target, (0, 0.0))
        if until > time.monotonic():
            raise TriggerError(f"{target} failed repeatedly; not called again for "
                               f"{until - time.monotonic():.0f} s")

    def record(self, target: str, ok: bool, threshold: int, cooldown_s: float) -> None:
        with self._lock:
            if ok:
                self._state.pop(target, None)
                return
            failures = self._state.get(target, (0, 0.0))[0] + 1
            until = time.monotonic() + cooldown_s if failures >= threshold else 0.0
            self._state[target] = (0 if until else failures, until)


COOLDOWN = Cooldown()

Timeout = Annotated[int, Param(ge=1, le=30_000, description="Timeout of one call")]
Retry = Annotated[bool, Param(description="Retry once, after a connection error only")]
Threshold = Annotated[int, Param(ge=1, le=1000, description="Failures before a cooldown")]
CooldownS = Annotated[float, Param(ge=0, le=3600, description="Seconds a target is rested")]
Fields = Annotated[list[str], Param(description="Row fields sent (empty: item_id only)",
                                    max_length=100)]


class _Trigger(Operator):
    """Shared behaviour; concrete triggers set `name` and implement `_send`."""

    fields: Fields = []
    limit: Annotated[int, Param(ge=0, le=10_000, description="Rows sent at most")] = 100
    context_fields: Annotated[dict[str, str], Param(
        description="Payload field → context path", example={"user": "user.id"})] = {}
    timeout_ms: Timeout = 1000
    retry: Retry = False
    failure_threshold: Threshold = 5
    cooldown_s: CooldownS = 30.0

    def payload(self, ctx: Context, items: Dataset | None) -> dict[str, Any]:
        rows = items.rows()[: self.limit] if items is not None else []
        fields = self.fields or ["item_id"]
        body: dict[str, Any] = {k: ctx.get(p) for k, p in self.context_fields.items()}
        body["items"] = [{f: r.get(f) for f in fields} for r in rows]
        return body

    async def call(self, target: str, send: Callable[[], Awaitable[T]],
                   connection_errors: tuple[type[BaseException], ...]) -> T:
        COOLDOWN.check(target)
        attempts = 2 if self.retry else 1
        for attempt in range(attempts):
            try:
                async with asyncio.timeout(self.timeout_ms / 1000):
                    result = await send()
                COOLDOWN.record(target, True, self.failure_threshold, self.cooldown_s)
                return result
            except connection_errors:
                if attempt + 1 < attempts:
                    await asyncio.sleep(random.uniform(0.01, 0.05))  # jitter: no herd
                    continue
                COOLDOWN.record(target, False, self.failure_threshold, self.cooldown_s)
                raise TriggerError(f"cannot reach {target}") from None
            except TimeoutError:
                COOLDOWN.record(target, False, self.failure_threshold, self.cooldown_s)
                raise TimeoutError(f"{target} did not answer within {self.timeout_ms} ms"
                                   ) from None
            except Exception:
                COOLDOWN.record(target, False, self.failure_threshold, self.cooldown_s)
                raise
        raise AssertionError("unreachable")  # pragma: no cover


@register
class Webhook(_Trigger):
    """POST the run's items (and chosen context fields) as JSON to a URL template over the
    context. Outputs {"sent", "target", "status"}. A bearer token, if needed, comes from
    the environment variable `token_env`, never from the graph."""

    name = "trigger.webhook"
    category = "trigger"

    url: Annotated[Template, Param(description="URL template over the context",
                                   example="https://hooks.internal/reco/{user.id}")]
    token_env: Annotated[str | None, Param(description="Env variable with a token")] = None
    connection: Annotated[str, Param(description="Shared httpx.AsyncClient resource")] = "http"

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        return webhook_problems(params)

    async def run(self, ctx: Context, items: Dataset | None = None) -> dict[str, Any]:
        url = render(self.url, lambda p: None if (v := ctx.get(p)) is None else quote(str(v),
                                                                                    safe=""))
        parts = urlsplit(url)
        target = f"{parts.scheme}://{parts.netloc}{parts.path}"
        headers = {}
        if self.token_env:
            try:
                headers["Authorization"] = f"Bearer {read_secret('token_env', self.token_env)}"
            except SecretError as exc:
                raise TriggerError(str(exc)) from None
        body = self.payload(ctx, items)
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
        return {"sent": len(body["items"]), "target": target, "status": response.status_code}


@register
class Broadcast(_Trigger):
    """Publish the run's items as one JSON message on a Redis pub/sub channel (a template
    over the context). Outputs {"sent", "channel", "receivers"}."""

    name = "trigger.broadcast"
    category = "trigger"

    channel: Annotated[Template, Param(description="Channel template",
                                       example="reco:{user.id}")] = "reco:broadcast"
    connection: Annotated[str, Param(description="Name of the Redis resource")] = "redis"

    async def run(self, ctx: Context, items: Dataset | None = None) -> dict[str, Any]:
        channel = render(self.channel, ctx.get)
        body = self.payload(ctx, items)
        client = ctx.resource(self.connection)
        receivers = await self.call(f"redis channel {channel}",
                                    lambda: client.publish(channel, json.dumps(body)),
                                    (redis.ConnectionError,))
        return {"sent": len(body["items"]), "channel": channel, "receivers": int(receivers)}


@register
class EmitEvent(_Trigger):
    """Append an event (type, item ids, chosen context fields) to a Redis stream, trimmed
    to about `maxlen` entries. Outputs {"sent", "stream", "id"}."""

    name = "trigger.emit_event"
    category = "trigger"

    stream: Annotated[Template, Param(description="Stream name template")] = "events:reco"
    event_type: Annotated[str, Param(min_length=1, max_length=64,
                                     description="Event type")] = "expose"
    maxlen: Annotated[int, Param(ge=1, le=100_000_000, description="Approximate cap")] = (
        100_000)
    connection: Annotated[str, Param(description="Name of the Redis resource")] = "redis"

    async def run(self, ctx: Context, items: Dataset | None = None) -> dict[str, Any]:
        stream = render(self.stream, ctx.get)
        body = self.payload(ctx, items)
        entry = {"type": self.event_type, "payload": json.dumps(body)}
        client = ctx.resource(self.connection)
        entry_id = await self.call(
            f"redis stream {stream}",
            lambda: client.xadd(stream, entry, maxlen=self.maxlen, approximate=True),
            (redis.ConnectionError,))
        return {"sent": len(body["items"]), "stream": stream, "id": entry_id}
