"""Thin, idempotent tasks: the use cases are in logic.py."""

from __future__ import annotations

from celery import shared_task

from webapp.events import logic


@shared_task(ignore_result=True, soft_time_limit=60, time_limit=90)
def consume_events() -> dict[str, int]:
    """Fold waiting events into the feature store (beat runs it every second; any number
    may run at once)."""
    return logic.consume()
