"""Thin, idempotent tasks: ids in, use cases in guardrails.py and replay.py."""

from __future__ import annotations

from celery import shared_task

from webapp.rollouts import guardrails, replay


@shared_task
def watch_rollouts() -> dict[str, list[int]]:
    """Celery beat, every LOOM_GUARDRAIL_INTERVAL_S: guardrails and auto-advance."""
    return guardrails.watch()


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=600,
             time_limit=660)
def run_replay(replay_id: int) -> None:
    replay.run(replay_id)
