"""Redis stopped, or hung, under a serving web app and a real worker: recommendations fail
fast with a structured 503 while it is away, and work again once it is back, with neither
web nor worker restarted."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.test import APIClient

from operators.demo.redis_server import EmbeddedRedis
from webapp.celery_processes import celery_workers
from webapp.conftest import SIMPLE_DOC, Personas
from webapp.core import engine
from webapp.graphs import logic as graphs
from webapp.scenes.models import Scene

FAIL_FAST_S = 3.0  # a refused connection: well under a second; the bound is generous
HUNG_FAIL_S = 6.0  # a Redis that accepts but never answers: two 1 s socket timeouts
RECOVER_S = 30.0  # the worker reconnects with a growing back-off (2, 4, 6... s)


@pytest.fixture
def own_redis(settings: Any) -> Iterator[EmbeddedRedis]:
    """A Redis of this test's own, which it may stop, pause and start again on its port."""
    server = EmbeddedRedis()
    server.start()
    settings.REDIS_URL = server.url
    engine.reset()
    yield server
    if server._proc is not None:
        server._proc.send_signal(signal.SIGCONT)
    server.stop()
    engine.reset()


@pytest.fixture
def client(transactional_db: Any, own_redis: EmbeddedRedis) -> APIClient:
    """A viewer of the `feed` scene (SIMPLE_DOC: no Redis in the graph itself)."""
    people = Personas()
    graph = graphs.create_graph(people.author, SIMPLE_DOC)
    Scene.objects.create(slug="feed", name="Feed",
                         production_version=graphs.snapshot(graph, people.author))
    return people.client(people.viewer)


def recommend(client: APIClient) -> tuple[Response, float]:
    start = time.monotonic()
    response = client.post("/api/scenes/feed/recommend/", {"unit_id": "u1"}, format="json")
    return response, time.monotonic() - start


def recommend_in_thread(client: APIClient, bound: float) -> tuple[Response, float]:
    """`recommend` that fails the test, rather than hanging it, if it does not return."""
    answer: list[tuple[Response, float]] = []

    def call() -> None:
        try:
            answer.append(recommend(client))
        finally:
            connections.close_all()  # this thread's own database connection

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(bound + 5)
    assert answer, f"the request hung for over {bound + 5:.0f} s"
    return answer[0]


def assert_served(client: APIClient) -> None:
    response, _ = recommend(client)
    assert response.status_code == 200, response.content
    assert response.json()["items"] == [{"item_id": "a", "score": 1}]


def assert_unavailable(response: Response, took: float, bound: float) -> None:
    assert response.status_code == 503, response.content
    assert took < bound, f"the request took {took:.1f} s"
    assert response.json()["errors"] == [{
        "code": "queue_unavailable", "node": None, "field": None,
        "message": "The queue is unavailable, retry shortly."}]
    assert int(response.headers["Retry-After"]) > 0


def assert_recovers(client: APIClient) -> None:
    """Served again within RECOVER_S; meanwhile only 503 (publish failed) or 504 (queued
    while the worker was still reconnecting), never a 500."""
    deadline = time.monotonic() + RECOVER_S
    while True:
        response, _ = recommend(client)
        if response.status_code == 200:
            break
        assert response.status_code in (503, 504), response.content
        assert time.monotonic() < deadline, "still failing after Redis came back"
        time.sleep(0.5)
    for _ in range(3):
        assert_served(client)


@pytest.mark.slow
def test_redis_restarted_under_a_serving_app(client: APIClient, own_redis: EmbeddedRedis,
                                             tmp_path: Path) -> None:
    with celery_workers(own_redis.url, tmp_path) as workers:
        workers.start()
        assert_served(client)
        own_redis.stop()
        for _ in range(3):
            assert_unavailable(*recommend(client), FAIL_FAST_S)
        own_redis.start()  # the same port, empty: nothing of the old queue survives
        assert_recovers(client)


@pytest.mark.slow
def test_a_hung_redis_fails_requests_within_the_socket_timeouts(
        client: APIClient, own_redis: EmbeddedRedis, tmp_path: Path) -> None:
    """SIGSTOP: connections are accepted and commands never answered (an overloaded or
    swapping Redis); without socket timeouts each request would hang."""
    assert own_redis._proc is not None
    with celery_workers(own_redis.url, tmp_path) as workers:
        workers.start()
        assert_served(client)
        own_redis._proc.send_signal(signal.SIGSTOP)
        try:
            for _ in range(2):
                assert_unavailable(*recommend_in_thread(client, HUNG_FAIL_S), HUNG_FAIL_S)
        finally:
            own_redis._proc.send_signal(signal.SIGCONT)
        assert_recovers(client)


def test_the_shared_cache_down_is_a_503_too(people: Personas, own_redis: EmbeddedRedis,
                                           settings: Any) -> None:
    """Production keeps the token-attempt counter in Redis (Django's cache): signing in
    with a token while it is down gets the same 503, not a 500."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": own_redis.url}}
    token = Token.objects.create(user=people.viewer).key
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/graphs/").status_code == 200
    own_redis.stop()
    start = time.monotonic()
    response = client.get("/api/graphs/")
    assert_unavailable(response, time.monotonic() - start, FAIL_FAST_S)
    own_redis.start()
    assert client.get("/api/graphs/").status_code == 200
