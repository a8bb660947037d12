"""A guardrail breach rolls a rollout back through the real beat-triggered task: Celery
beat and a worker as processes, on the real Redis broker and the test's database."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from webapp.audit.models import AuditEntry
from webapp.celery_processes import celery
from webapp.conftest import SIMPLE_DOC, Personas
from webapp.graphs import logic as graphs
from webapp.rollouts.tests.conftest import live
from webapp.rollouts.tests.test_guardrails import _runs
from webapp.scenes.models import Scene


@pytest.mark.slow
def test_beat_rolls_back_a_breached_rollout(transactional_db: Any, web_redis: str,
                                            tmp_path: Path) -> None:
    people = Personas()
    graph = graphs.create_graph(people.author, SIMPLE_DOC)
    scene = Scene.objects.create(slug="feed", name="Feed",
                                 production_version=graphs.snapshot(graph, people.author))
    rollout = live(people, scene, min_requests=20)
    _runs(rollout, "control", 100)
    _runs(rollout, "canary", 40, failed=10)
    with celery(web_redis, tmp_path, beat=True,
                extra_env={"LOOM_GUARDRAIL_INTERVAL_S": "1"}):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            rollout.refresh_from_db()
            if rollout.state != "rolling_out":
                break
            time.sleep(0.5)
    assert rollout.state == "rolled_back"
    assert "error rate 25.0% in the canary" in rollout.end_reason
    entry = AuditEntry.objects.get(action="rollout.roll_back", target_id=str(rollout.pk))
    assert entry.details["guardrails"]["canary"]["errors"] == 10
