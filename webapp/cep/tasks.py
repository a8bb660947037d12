"""Thin, idempotent tasks: the use cases are in logic.py."""

from __future__ import annotations

from celery import shared_task

from webapp.cep import logic


@shared_task(ignore_result=True, soft_time_limit=30, time_limit=45)
def advance_rules() -> dict[str, int]:
    """The processing-time tick of every rule scene (beat, every second): fires absences
    whose deadline passed. Two at once are safe (the store serialises each unit)."""
    return dict(logic.tick())
