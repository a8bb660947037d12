"""Settings of the worker the hung-node test starts: no soft time limit by default (0,
for the worker and for served runs), as if the stuck call ignored it (a C call that never
returns to Python does), so a run whose message sets none can only end at the hard limit.

Both are needed: Celery's prefork pool arms a task's hard-limit timer only once its soft
limit has fired, so a hard limit below the soft one is not enforced on its own."""

from webapp.config.settings.local import *  # noqa: F403

CELERY_TASK_SOFT_TIME_LIMIT = 0
CELERY_TASK_ANNOTATIONS = {"webapp.runs.tasks.serve_recommendation": {"soft_time_limit": 0}}
