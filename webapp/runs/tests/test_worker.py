"""The Celery paths with a real worker process and the real Redis broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from webapp.config.celery_app import app as celery_app
from webapp.conftest import Personas, create_graph
from webapp.runs.models import Run
from webapp.scenes.demo import load_demo

ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(transactional_db: Any, web_redis: str, tmp_path: Path) -> Iterator[str]:
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.result_backend)
    conf.task_always_eager = False
    conf.broker_url = conf.result_backend = web_redis
    _drop_connections()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "webapp.config.settings.local",
           "DATABASE_URL": database_url(), "REDIS_URL": web_redis,
           "LOOM_MODEL_DIR": str(tmp_path), "DJANGO_DEBUG": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "webapp.config", "worker", "-Q",
         "serving,default", "-P", "prefork", "-c", "1", "--without-gossip",
         "--without-mingle", "--without-heartbeat", "-l", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            replies = celery_app.control.ping(timeout=0.5)
            if replies:
                break
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
        else:
            raise AssertionError("the worker did not start")
        yield web_redis
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        conf.task_always_eager, conf.broker_url, conf.result_backend = saved
        _drop_connections()


def _drop_connections() -> None:
    """Celery caches its broker connections (as it does across a fork); after changing the
    broker they must go, or messages keep flowing to the old one."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.mark.slow
def test_test_run_and_recommend_through_a_real_worker(worker: str, tmp_path: Path,
                                                      settings: Any) -> None:
    people = Personas()
    settings.LOOM_MODEL_DIR = tmp_path
    load_demo(worker, users=False, catalogue_size={"n_items": 400, "n_categories": 30,
                                                   "n_users": 50})
    graph = create_graph(people.client(people.author))
    out = people.client(people.viewer).post(f"/api/graphs/{graph['id']}/test-run/", {},
                                            format="json").json()
    assert out["status"] == "ok" and out["output"] == [{"item_id": "a", "score": 1}]
    body = {"unit_id": "u0001", "context": {"user": {"id": "u0001", "days_since_signup": 3,
                                                     "favourite_category": "c02"}}}
    rec = people.client(people.viewer).post("/api/scenes/home_feed/recommend/", body,
                                            format="json")
    assert rec.status_code == 200, rec.content
    assert rec.json()["items"] and Run.objects.get(pk=rec.json()["run_id"]).status == "ok"
