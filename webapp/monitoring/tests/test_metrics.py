"""GET /metrics: served runs and their nodes, every process's counts, the Celery queues and
the breakers read from Redis at scrape time, and who may scrape."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from graphengine import BreakerConfig
from graphengine.breaker import CALL_FAILED, CALL_OK
from graphengine.guard import Call
from operators import secrets
from webapp.celery_processes import celery
from webapp.conftest import SIMPLE_DOC, Personas
from webapp.graphs import logic as graphs
from webapp.monitoring import breakers, metrics
from webapp.monitoring.metrics import ENV
from webapp.runs.models import Run
from webapp.scenes.models import Scene

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: Client | None = None, **headers: Any) -> Samples:
    response = (client or Client()).get("/metrics", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    text = b"".join(response.streaming_content).decode()
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def series(samples: Samples, name: str, **labels: str) -> list[dict[str, str]]:
    """The label sets of `name`'s samples that include `labels`."""
    return [dict(found) for n, found in samples
            if n == name and set(labels.items()) <= set(found)]


@pytest.fixture
def open_to_tests(settings: Any) -> None:
    settings.LOOM_METRICS_TOKEN = ""
    settings.LOOM_METRICS_ALLOW_FROM = ["127.0.0.1"]  # the test client's REMOTE_ADDR


def test_a_served_recommendation_shows_with_its_scene_status_and_nodes(
        people: Personas, scene: Any, web_redis: str, open_to_tests: None) -> None:
    before = scrape()
    client = people.client(people.viewer)
    out = client.post("/api/scenes/feed/recommend/", {"unit_id": "u1"}, format="json").json()
    assert out["status"] == "ok", out
    after = scrape()

    labels = {"kind": "serve", "scene": "feed", "status": "ok"}
    assert value(after, "loom_runs_total", **labels) == value(
        before, "loom_runs_total", **labels) + 1
    count = "loom_run_duration_seconds_count"
    assert value(after, count, **labels) == value(before, count, **labels) + 1
    assert value(after, "loom_run_duration_seconds_sum", **labels) > 0
    for node, op in (("items", "datasource.table"), ("top", "basic.limit")):
        node_labels = {"scene": "feed", "node": node, "op": op}
        name = "loom_node_duration_seconds_count"
        assert value(after, name, **node_labels) == value(before, name, **node_labels) + 1
        assert value(after, "loom_node_duration_seconds_bucket", le="+Inf",
                     **node_labels) == value(after, name, **node_labels)
    # the web request itself, by the route's name
    assert series(after, "loom_http_request_duration_seconds_count", view="scene-recommend",
                  method="POST", status="200")


def test_test_runs_count_without_per_node_series(people: Personas, scene: Any,
                                                 open_to_tests: None) -> None:
    graph_id = scene.production_version.graph_id
    before = scrape()
    response = people.client(people.viewer).post(f"/api/graphs/{graph_id}/test-run/", {},
                                                  format="json")
    assert response.status_code < 300, response.content
    after = scrape()
    labels = {"kind": "test", "scene": "", "status": "ok"}
    assert value(after, "loom_runs_total", **labels) == value(
        before, "loom_runs_total", **labels) + 1
    assert not series(after, "loom_node_duration_seconds_count", scene="")


def test_every_process_writing_to_the_directory_is_counted(open_to_tests: None) -> None:
    labels = ("serve", "two-processes", "ok")
    metrics.RUNS.labels(*labels).inc()
    code = ("from webapp.monitoring import metrics; import os; "
            f"assert os.environ['{ENV}'] == metrics.DIR; "
            f"metrics.RUNS.labels(*{labels!r}).inc(2)")
    child = subprocess.run([sys.executable, "-c", code], env=dict(os.environ),
                           cwd=settings.BASE_DIR, capture_output=True, timeout=60)
    assert child.returncode == 0, child.stderr.decode()
    found = scrape()
    assert value(found, "loom_runs_total", kind="serve", scene="two-processes",
                 status="ok") == 3
    # The child is gone: a new process family's start removes its files (stale), not ours.
    assert metrics.remove_stale_files() >= 1
    assert value(scrape(), "loom_runs_total", kind="serve", scene="two-processes",
                 status="ok") == 1


@pytest.mark.slow
def test_a_real_workers_prefork_child_counts_into_the_exposition(
        transactional_db: Any, web_redis: str, tmp_path: Path, settings: Any) -> None:
    people = Personas()
    graph = graphs.create_graph(people.author, SIMPLE_DOC)
    Scene.objects.create(slug="worker-feed", name="Worker feed",
                         production_version=graphs.snapshot(graph, people.author))
    settings.LOOM_METRICS_ALLOW_FROM = ["127.0.0.1"]
    with celery(web_redis, tmp_path):  # inherits PROMETHEUS_MULTIPROC_DIR from this process
        out = people.client(people.viewer).post("/api/scenes/worker-feed/recommend/",
                                                {"unit_id": "u1"}, format="json").json()
        assert out["status"] == "ok", out
        assert Run.objects.get(pk=out["run_id"]).status == "ok"
        node = {"scene": "worker-feed", "node": "top", "op": "basic.limit"}
        deadline = time.monotonic() + 10 * metrics.FLUSH_S
        while True:  # the child writes its node timings within FLUSH_S
            found = scrape()
            if value(found, "loom_node_duration_seconds_count", **node) or \
                    time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert value(found, "loom_runs_total", kind="serve", scene="worker-feed", status="ok") == 1
    assert value(found, "loom_node_duration_seconds_count", **node) == 1


def test_queue_depth_and_breakers_are_read_from_redis(
        web_redis: str, redis_sync: redis.Redis, settings: Any, open_to_tests: None) -> None:
    settings.CELERY_BROKER_URL = web_redis
    redis_sync.rpush("serving", *[f"message {i}" for i in range(3)])
    redis_sync.rpush("serving\x06\x166", "a priority message")
    store = breakers.board(even_if_disabled=True).store  # type: ignore[union-attr]
    config = BreakerConfig(minimum_calls=2)
    for now in (100.0, 101.0):
        store.record("feed", [Call("cf", CALL_FAILED, 1, False), Call("hot", CALL_OK, 1, False)],
                     config, now)
    found = scrape()
    assert value(found, "loom_celery_queue_length", queue="serving") == 4
    assert value(found, "loom_celery_queue_length", queue="default") == 0
    assert value(found, "loom_celery_broker_up") == 1
    assert value(found, "loom_breaker_state", scene="feed", node="cf", state="open") == 1
    assert value(found, "loom_breaker_state", scene="feed", node="cf", state="closed") == 0
    assert value(found, "loom_breaker_state", scene="feed", node="hot", state="closed") == 1
    assert value(found, "loom_breaker_transitions_total", scene="feed", node="cf",
                 to="open") == 1
    assert value(found, "loom_breaker_store_up") == 1


def test_a_dead_redis_leaves_the_scrape_standing(settings: Any, open_to_tests: None) -> None:
    settings.CELERY_BROKER_URL = settings.REDIS_URL = "redis://127.0.0.1:1/0"
    found = scrape()
    assert value(found, "loom_celery_broker_up") == 0
    assert value(found, "loom_breaker_store_up") == 0


def test_a_token_once_set_is_required(settings: Any, open_to_tests: None) -> None:
    settings.LOOM_METRICS_TOKEN = "metrics-token-0123456789"
    client = Client()
    refused = client.get("/metrics")  # even from an allowed address
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Basic metrics-token-0123456789"
                      ).status_code == 401
    scrape(client, HTTP_AUTHORIZATION="Bearer metrics-token-0123456789")


def test_without_a_token_only_listed_addresses_scrape(settings: Any) -> None:
    settings.LOOM_METRICS_TOKEN = ""
    settings.LOOM_METRICS_ALLOW_FROM = []
    assert Client().get("/metrics").status_code == 403  # nobody by default
    settings.LOOM_METRICS_ALLOW_FROM = ["10.0.0.0/8", "not an address"]
    assert Client(REMOTE_ADDR="192.168.1.5").get("/metrics").status_code == 403
    scrape(Client(REMOTE_ADDR="10.1.2.3"))
    assert Client(REMOTE_ADDR="10.1.2.3").post("/metrics").status_code == 405


def test_the_secrets_middleware_leaves_the_exposition_whole(
        monkeypatch: pytest.MonkeyPatch, open_to_tests: None) -> None:
    metrics.RUNS.labels("serve", "secrets", "ok").inc()
    # A secret's value that happens to be a metric's name would be masked in any other
    # text response, breaking the format.
    monkeypatch.setenv("LOOM_SOME_API_TOKEN", "loom_runs_total")
    assert value(scrape(), "loom_runs_total", kind="serve", scene="secrets", status="ok") >= 1


def test_graphs_may_not_name_the_metrics_token(monkeypatch: pytest.MonkeyPatch) -> None:
    # LOOM_ is the prefix operators' secrets may carry: this one stays the app's.
    monkeypatch.setenv("LOOM_METRICS_TOKEN", "metrics-token-0123456789")
    assert secrets.env_name_problem("token_env", "LOOM_METRICS_TOKEN") is not None
    with pytest.raises(secrets.SecretError):
        secrets.read_secret("token_env", "LOOM_METRICS_TOKEN")
