"""Runs whose task ended without reporting are recorded as finished, not left `queued`.

A node stuck in a blocking call (a C call that never returns, a thread that ignores the
soft time limit) is bounded by Celery's hard time limit: the pool child is killed and
replaced, so `logic.execute` never writes the run's row. Celery then sends `task_failure`
from the worker's main process (TimeLimitExceeded, or WorkerLostError when the child died
otherwise); a task that raised (the soft limit included) sends it from the child. Either
way the row becomes `failed` with the reason, and a request still waiting for the run gets
the answer at once. A recommendation whose deadline passed before any worker took it is
revoked as expired: that one becomes `timeout`.

Not covered: a whole worker host vanishing (no process left to send a signal); that needs
a periodic sweep of stale rows.
"""

from __future__ import annotations

import logging
from typing import Any

from billiard.exceptions import WorkerLostError
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from celery.signals import task_failure, task_revoked
from django.utils import timezone

from webapp.core.errors import problem

log = logging.getLogger(__name__)
RUN_TASKS = ("webapp.runs.tasks.serve_recommendation", "webapp.runs.tasks.execute_run",
             "webapp.runs.tasks.serve_batch")


def record_lost(run_id: str, status: str, code: str, message: str,
                spec: dict[str, Any] | None = None) -> bool:
    """Finish a run that is not finished yet; False when it was (the worker got there).
    `spec`: the task's message for a run whose row only its worker was to write."""
    from webapp.runs import logic, notices
    from webapp.runs.models import Run

    if spec is not None:
        Run.objects.bulk_create([logic.from_spec(run_id, spec)], ignore_conflicts=True)
    updated = Run.objects.filter(pk=run_id).exclude(status__in=Run.FINISHED).update(
        status=status, finished_at=timezone.now(), errors=[problem(code, message)])
    if not updated:
        return False
    log.warning("run_lost run=%s status=%s code=%s message=%r", run_id, status, code, message)
    run = Run.objects.select_related("version", "scene").get(pk=run_id)
    notices.post(run_id, logic.payload(run))
    return True


def _why(exc: BaseException | None) -> tuple[str, str]:
    if isinstance(exc, TimeLimitExceeded):
        limit = exc.args[0] if exc.args else "?"
        return "time_limit", (f"the worker hit its hard time limit ({limit} s) and was "
                              "replaced: a node was stuck in a blocking call")
    if isinstance(exc, SoftTimeLimitExceeded):
        return "time_limit", "the run passed its soft time limit and was stopped"
    if isinstance(exc, WorkerLostError):
        return "worker_lost", f"the worker process running it died ({exc})"
    return "crashed", f"the run's task raised {type(exc).__name__}: {exc}"


def _runs(name: str, args: Any) -> list[tuple[str, dict[str, Any] | None]]:
    """The runs a task's arguments name, with the message's spec of each (if any)."""
    if name == "webapp.runs.tasks.serve_batch":
        return [(str(run_id), spec) for run_id, spec in args[0]]
    return [(str(args[0]), args[1] if len(args) > 1 and isinstance(args[1], dict) else None)]


@task_failure.connect
def _task_failed(sender: Any = None, task_id: str | None = None,
                 exception: BaseException | None = None, args: Any = None, **_: Any) -> None:
    name = getattr(sender, "name", None)
    if name not in RUN_TASKS or not args:
        return
    code, message = _why(exception)
    for run_id, spec in _runs(name, args):
        try:
            record_lost(run_id, "failed", code, message, spec)
        except Exception:  # never let the bookkeeping take the worker's main process down
            log.exception("could not record the failure of run %s", run_id)


@task_revoked.connect
def _task_revoked(sender: Any = None, request: Any = None, terminated: bool = False,
                  expired: bool = False, **_: Any) -> None:
    name = getattr(sender, "name", None) or getattr(request, "task_name", None)
    args = getattr(request, "args", None)
    if name not in RUN_TASKS or not args:
        return
    for run_id, spec in _runs(name, args):
        try:
            if expired:
                record_lost(run_id, "timeout", "expired",
                            "the request's deadline passed before a worker took it", spec)
            elif terminated:
                record_lost(run_id, "failed", "revoked", "the run's task was terminated", spec)
        except Exception:
            log.exception("could not record the revocation of run %s", run_id)
