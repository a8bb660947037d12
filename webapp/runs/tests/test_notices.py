"""Finished-run notices through Redis: many threads of one web process wait at once and
each gets its own run's payload; no notice means None after the timeout."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from webapp.config.celery_app import app as celery_app
from webapp.runs import notices


@pytest.fixture
def on_workers(web_redis: str) -> Iterator[None]:
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = saved


def test_waiters_in_many_threads_get_their_own_payloads(on_workers: None) -> None:
    ids = [f"t{i}" for i in range(8)]
    with ThreadPoolExecutor(len(ids)) as pool:
        waiting = {run_id: pool.submit(notices.wait, run_id, 5.0) for run_id in ids}
        for run_id in reversed(ids):
            notices.post(run_id, {"run_id": run_id, "status": "ok"})
        got: dict[str, Any] = {run_id: f.result() for run_id, f in waiting.items()}
    assert got == {run_id: {"run_id": run_id, "status": "ok"} for run_id in ids}


def test_no_notice_is_none_after_the_timeout(on_workers: None) -> None:
    assert notices.wait("nobody-posts-this", 0.05) is None


def test_eager_tasks_post_nothing(web_redis: str) -> None:
    notices.post("eager", {"status": "ok"})
    assert notices.wait("eager", 0.05) is None
