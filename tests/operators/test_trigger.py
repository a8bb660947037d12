"""Trigger operators against a real local HTTP server and a real Redis."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import redis
import redis.asyncio as aioredis

from operators import Context, Dataset, default_registry
from operators.library.trigger import COOLDOWN, TriggerError

REG = default_registry()
RECEIVED: list[dict[str, Any]] = []


def op(name: str, **params: Any) -> Any:
    return REG.get(name)(**params)


class Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path.startswith("/slow"):
            time.sleep(0.5)
        RECEIVED.append({"path": self.path, "body": body,
                         "auth": self.headers.get("Authorization")})
        code = 500 if self.path.startswith("/fail") else 204
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def hook_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(autouse=True)
def fresh_state() -> None:
    RECEIVED.clear()
    COOLDOWN._state.clear()


ITEMS = Dataset.from_rows([{"item_id": "a", "score": 1.0}, {"item_id": "b", "score": 0.5}])


def test_webhook_posts_items_and_context(run_op: Any, hook_url: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOOM_HOOK_TOKEN", "tok")
    hook = op("trigger.webhook", url=hook_url + "/reco/{user.id}", fields=["item_id", "score"],
              context_fields={"user": "user.id"}, token_env="LOOM_HOOK_TOKEN", limit=1)
    out = run_op(hook, {"user": {"id": "u 1"}}, ITEMS)
    assert out == {"sent": 1, "target": hook_url + "/reco/u%201", "status": 204}
    assert RECEIVED == [{"path": "/reco/u%201", "auth": "Bearer tok",
                         "body": {"user": "u 1", "items": [{"item_id": "a", "score": 1.0}]}}]


def test_webhook_timeout_error_status_and_cooldown(run_op: Any, hook_url: str) -> None:
    with pytest.raises(TimeoutError, match="within 50 ms"):
        run_op(op("trigger.webhook", url=hook_url + "/slow", timeout_ms=50), {}, ITEMS)
    failing = op("trigger.webhook", url=hook_url + "/fail", failure_threshold=2,
                 cooldown_s=60)
    for _ in range(2):
        with pytest.raises(TriggerError, match="HTTP 500"):
            run_op(failing, {}, ITEMS)
    calls = len(RECEIVED)
    with pytest.raises(TriggerError, match="not called again"):
        run_op(failing, {}, ITEMS)
    assert len(RECEIVED) == calls  # the cooldown spared the receiver


def test_webhook_retries_once_on_connection_errors_only(run_op: Any) -> None:
    dead = op("trigger.webhook", url="http://127.0.0.1:1/x", retry=True)
    started = time.monotonic()
    with pytest.raises(TriggerError, match="cannot reach"):
        run_op(dead, {}, ITEMS)
    assert time.monotonic() - started < 2


def test_broadcast_reaches_a_subscriber(redis_url: str, redis_sync: redis.Redis) -> None:
    async def main() -> tuple[dict[str, Any], Any]:
        client = aioredis.Redis.from_url(redis_url, decode_responses=True)
        pubsub = client.pubsub()
        await pubsub.subscribe("reco:u1")
        await pubsub.get_message(timeout=1)  # the subscribe confirmation
        out = await op("trigger.broadcast", channel="reco:{user.id}").run(
            Context({"user": {"id": "u1"}}, resources={"redis": client}), ITEMS)
        message = await pubsub.get_message(timeout=2)
        await pubsub.aclose()
        await client.aclose()
        return out, message

    out, message = asyncio.run(main())
    assert out == {"sent": 2, "channel": "reco:u1", "receivers": 1}
    assert json.loads(message["data"]) == {"items": [{"item_id": "a"}, {"item_id": "b"}]}


def test_emit_event_appends_to_a_stream(run_op: Any, redis_sync: redis.Redis) -> None:
    emit = op("trigger.emit_event", stream="events:{user.id}", context_fields={"u": "user.id"})
    out = run_op(emit, {"user": {"id": "u9"}}, ITEMS)
    assert out["sent"] == 2 and out["stream"] == "events:u9"
    [(entry_id, fields)] = redis_sync.xrange("events:u9")
    assert entry_id == out["id"] and fields["type"] == "expose"
    assert json.loads(fields["payload"]) == {"u": "u9",
                                             "items": [{"item_id": "a"}, {"item_id": "b"}]}
    assert run_op(op("trigger.emit_event"), {}, None)["sent"] == 0


@pytest.mark.parametrize(
    ("name", "params", "code"),
    [("trigger.webhook", {}, "missing_param"),
     ("trigger.webhook", {"url": "http://x", "timeout_ms": 0}, "param_out_of_range"),
     ("trigger.broadcast", {"channel": "a{b"}, "param_type"),
     ("trigger.emit_event", {"maxlen": 0}, "param_out_of_range")],
)
def test_bad_params(name: str, params: dict[str, Any], code: str) -> None:
    assert REG.get(name).check_params(params)[1][0].code == code
