"""The Celery paths with a real worker process and the real Redis broker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from webapp.celery_processes import celery
from webapp.conftest import Personas, create_graph
from webapp.runs.models import Run
from webapp.scenes.demo import load_demo


@pytest.fixture
def worker(transactional_db: Any, web_redis: str, tmp_path: Path) -> Iterator[str]:
    with celery(web_redis, tmp_path):
        yield web_redis


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
