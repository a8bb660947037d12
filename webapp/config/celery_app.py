"""The Celery app: JSON only, queues `serving` (latency) and `default` (test runs, batch)."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.config.settings.local")

app = Celery("loom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _after_fork(**_: object) -> None:
    # Each prefork child builds its own engine, event loop and clients (none survive a
    # fork safely), then freezes start-up objects out of the garbage collector's walk.
    import gc

    from webapp.core import engine

    engine.reset()
    gc.collect()
    gc.freeze()
