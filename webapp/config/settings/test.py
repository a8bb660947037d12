"""The test suite: fast hashing; Celery runs tasks eagerly unless a test starts a worker."""

import os

from webapp.config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
LOGGING = {"version": 1, "disable_existing_loggers": False}

# A file, not memory: tests that start a real Celery worker share the database with it.
DATABASES["default"].setdefault("TEST", {})  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    (BASE_DIR / "build").mkdir(exist_ok=True)  # noqa: F405  # a clean clone has no build/
    # One file per test process: two suites running at once must not share a database.
    DATABASES["default"]["TEST"]["NAME"] = str(  # noqa: F405
        BASE_DIR / "build" / f"test-{os.getpid()}.sqlite3")  # noqa: F405
