"""Thin, idempotent tasks: ids in, use cases in logic.py."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from webapp.runs import logic


@shared_task(acks_late=True, reject_on_worker_lost=True)
def execute_run(run_id: str) -> dict[str, Any]:
    """A test run (default queue); redelivered if its worker dies mid-run."""
    return logic.execute(run_id)


@shared_task(soft_time_limit=10, time_limit=15, ignore_result=True)
def serve_recommendation(run_id: str, spec: dict[str, Any] | None = None) -> None:
    """A recommendation (serving queue); expires with its request's deadline. The waiting
    request gets the outcome through runs.notices, so Celery stores no result. `spec`: the
    run's row as the worker is to write it (see logic.start_recommendation)."""
    logic.execute(run_id, spec)


@shared_task(soft_time_limit=10, time_limit=15, ignore_result=True)
def serve_batch(items: list[tuple[str, dict[str, Any]]]) -> None:
    """Recommendations that arrived together (runs.batching), each item [run id, spec];
    the message expires with its requests' deadline. A hard time limit (a node stuck in a
    blocking call) fails every run of the batch (monitoring.lost)."""
    logic.execute_batch(items)


@shared_task
def prune_runs() -> int:
    return logic.prune()
