"""A node stuck in a blocking call: the worker's hard time limit kills the process and a
new one takes its place; the run is recorded as failed, not left queued."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from webapp.celery_processes import celery
from webapp.conftest import SIMPLE_DOC, Personas
from webapp.runs.models import Run
from webapp.runs.tasks import serve_recommendation
from webapp.scenes.models import Scene

# SQLite computes this for ever inside one C call that never looks at signals; the
# operator (a blocking one) runs in the engine's thread pool, where no timeout reaches it.
FOREVER = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
           "SELECT count(*) AS item_id FROM c")
HUNG_DOC: dict[str, Any] = {"schema": 1, "name": "hung", "nodes": [
    {"id": "stuck", "op": "datasource.sql", "params": {"query": FOREVER, "url": "sqlite://"}},
]}
NO_SOFT_LIMIT = {"DJANGO_SETTINGS_MODULE": "webapp.monitoring.tests.worker_settings"}


def make_scene(people: Personas, slug: str, doc: dict[str, Any]) -> Scene:
    from webapp.graphs import logic as graphs

    graph = graphs.create_graph(people.author, doc)
    return Scene.objects.create(slug=slug, name=slug,
                                production_version=graphs.snapshot(graph, people.author))


def finished(run_id: str, within_s: float) -> Run:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        run = Run.objects.get(pk=run_id)
        if run.status in Run.FINISHED:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} is still {run.status} after {within_s} s")


@pytest.mark.slow
def test_a_hung_node_is_stopped_by_the_time_limits_and_its_run_recorded_as_failed(
        transactional_db: Any, web_redis: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    people = Personas()
    make_scene(people, "hung", HUNG_DOC)
    make_scene(people, "feed", SIMPLE_DOC)
    client = people.client(people.viewer)
    body = {"unit_id": "u1", "context": {}}

    def hang(hard_s: int, soft_s: int | None) -> Run:
        # The sender puts the task's limits in the message (the worker obeys those); it
        # caches them on first use, hence the reset.
        monkeypatch.setattr(serve_recommendation, "time_limit", hard_s)
        monkeypatch.setattr(serve_recommendation, "soft_time_limit", soft_s)
        monkeypatch.setattr(serve_recommendation, "_exec_options", None)
        queued = client.post("/api/scenes/hung/recommend/?async=1", body, format="json")
        assert queued.status_code == 202, queued.content
        return finished(queued.json()["run_id"], within_s=hard_s + 20)

    with celery(web_redis, tmp_path, extra_env=NO_SOFT_LIMIT):
        # A soft limit interrupts the worker's event loop: the task fails in the child
        # (whose pool thread stays stuck in SQLite...).
        run = hang(hard_s=60, soft_s=2)
        assert run.status == "failed" and run.finished_at is not None
        assert [e["code"] for e in run.errors] == ["time_limit"]
        assert "soft time limit" in run.errors[0]["message"]
        # ... a call that ignores it leaves only the hard limit: the child is killed (the
        # stuck thread with it) and replaced; the worker's main process records the run.
        run = hang(hard_s=3, soft_s=None)
        assert run.status == "failed" and run.finished_at is not None
        [error] = run.errors
        assert error["code"] == "time_limit" and "hard time limit (3" in error["message"]
        # The new process serves the next request as usual.
        monkeypatch.undo()
        # (A fresh pool child on a busy CI box may take over the usual 2 s to warm up.)
        with override_settings(LOOM_RECOMMEND_TIMEOUT_S=20):
            served = client.post("/api/scenes/feed/recommend/", body, format="json")
        assert served.status_code == 200, served.content
        assert served.json()["status"] == "ok"
