"""Fixtures of the Django-side CEP tests: a rule scene factory, a local webhook receiver,
and the app pointed at the test Redis."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import redis

from operators.behaviour.event import Event
from operators.library.trigger import COOLDOWN
from webapp.cep import logic
from webapp.conftest import Personas
from webapp.graphs import logic as graphs
from webapp.scenes.models import Scene

RECEIVED: list[dict[str, Any]] = []


class Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        RECEIVED.append({"path": self.path, "body": body,
                         "key": self.headers.get("Idempotency-Key")})
        self.send_response(204)
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


@pytest.fixture
def cep_redis(web_redis: str, redis_sync: redis.Redis, settings: Any) -> Iterator[redis.Redis]:
    settings.LOOM_EVENTS_HANDLERS = ["webapp.cep.handler.handle"]
    logic.reset()
    RECEIVED.clear()
    COOLDOWN._state.clear()
    yield redis_sync
    logic.reset()


def rule_scene(people: Personas, document: dict[str, Any], slug: str = "rules") -> Scene:
    """A rule scene serving `document` as its production version (the author's)."""
    graph = graphs.create_graph(people.author, document)
    assert graph.valid, graph.errors
    return Scene.objects.create(slug=slug, name=slug.title(), kind=Scene.Kind.RULES,
                                production_version=graphs.snapshot(graph, people.author))


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def ev(id: str, type: str, ts: int, unit: str = "u1", item: str | None = None,
       **attributes: Any) -> Event:
    return Event(id=id, unit_id=unit, type=type, item_id=item, ts=ts, attributes=attributes)


def count_rule(label: str, n: int = 2, **extra: Any) -> dict[str, Any]:
    """A rule graph: `n` clicks within a minute (decided at once) → action.record."""
    return {"schema": 1, "name": f"clicks_{label}", "nodes": [
        {"id": "clicks", "op": "cep.count",
         "params": {"step": {"type": "click"}, "min_count": n, "window_ms": 60_000,
                    "lateness_ms": 0, **extra}},
        {"id": "keep", "op": "action.record", "when": "clicks",
         "params": {"label": label, "data": {"item": "event.item_id"}}}]}
