"""gunicorn's configuration (`gunicorn -c python:webapp.config.gunicorn_conf ...`): the
Prometheus hooks prometheus_client asks for in multiprocess mode (webapp/monitoring/
metrics.py). Importing the module in the master sets PROMETHEUS_MULTIPROC_DIR before the
workers fork, so they all write where /metrics reads, whichever worker answers a scrape."""

from __future__ import annotations

from typing import Any

from webapp.monitoring import metrics


def on_starting(server: Any) -> None:
    """The master, before any worker: drop the files of a previous run's processes."""
    metrics.remove_stale_files()


def child_exit(server: Any, worker: Any) -> None:
    """A worker exited (recycled, killed, timed out): its live gauges go with it."""
    metrics.child_exited(worker.pid)
