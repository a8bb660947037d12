"""Settings shared by every environment. Values come from the environment (django-environ);
local.py, test.py and production.py adjust them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parents[3]
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "webapp.core",
    "webapp.catalog",
    "webapp.graphs",
    "webapp.scenes",
    "webapp.experiments",
    "webapp.runs",
    "webapp.audit",
    "webapp.rollouts",
    "webapp.monitoring",
    "webapp.events",
    "webapp.cep",
    "webapp.ui",
    "axes",  # login rate limiting (see "Security" below)
]

MIDDLEWARE = [
    "webapp.monitoring.metrics.HttpMetricsMiddleware",  # first: times the whole request
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "webapp.core.secrets.RedactSecretsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "webapp.config.urls"
WSGI_APPLICATION = "webapp.config.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Web, worker and beat share the file: WAL lets readers run beside the writer, NORMAL
    # sync skips an fsync per commit (safe in WAL: a crash loses at most the last commits,
    # never the file), IMMEDIATE takes the write lock up front instead of failing to upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "build" / "static"
# The editor's built files (npm run build in frontend/) are served from /static/ui/.
LOOM_FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [("ui", LOOM_FRONTEND_DIST)]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/app/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

REST_FRAMEWORK = {
    "DEFAULT_PARSER_CLASSES": [
        "webapp.core.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "webapp.core.authentication.ThrottledTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["webapp.core.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "webapp.core.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Loom API",
    "DESCRIPTION": "Graphs, operators, scenes and runs of the Loom recommendation engine.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}
# Choice sets whose field names other models share ("kind", "status"): named, not hashed.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "SceneKindEnum": "webapp.scenes.models.Scene.Kind",
    "MatchStatusEnum": "webapp.cep.models.Match.Status",
    "RunKindEnum": "webapp.runs.models.Run.Kind",
    "RunStatusEnum": "webapp.runs.models.Run.Status",
}

# Redis: the Celery broker and result backend, and the data the demo operators read.
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"webapp.runs.tasks.serve_recommendation": {"queue": "serving"},
                      "webapp.runs.tasks.serve_batch": {"queue": "serving"}}
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_RESULT_EXPIRES = 3600
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # latency-sensitive: no task waits behind another
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Faults. A killed pool child's acks_late tasks (test runs, replays) are requeued at once; a
# whole worker gone leaves them unacknowledged in Redis, handed out again once older than
# the visibility timeout (when a worker starts, or at its sweep every ~100 s). It must exceed
# the longest such task (a replay's hard limit, 660 s), or a running one is handed out twice.
# Redis down or hung: a request gives up queueing at once or within ~3 s (one retry after a
# socket timeout) with a 503 (webapp/core/errors.py), not a hang; workers reconnect alone.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("LOOM_BROKER_VISIBILITY_TIMEOUT_S", default=3600),
    "socket_connect_timeout": 1.0,
    "socket_timeout": 1.0,  # Redis answers a publish or an ack in microseconds
}
# A worker that serves only the `serving` queue runs with LOOM_WORKER_AT_MOST_ONCE=1:
# messages leave Redis when taken, without the unacked bookkeeping (two Redis transactions
# per message, half of a prefork worker's own CPU per task; BENCHMARKS.md "Serving"). A
# recommendation lost with its worker is a timeout either way; the acks_late tasks of the
# `default` queue need the bookkeeping, so a worker consuming that queue must keep it.
if env.bool("LOOM_WORKER_AT_MOST_ONCE", default=False):
    CELERY_BROKER_TRANSPORT_OPTIONS["ack_emulation"] = False
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.2,
                                    "interval_step": 0.2, "interval_max": 0.2}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1.0  # the result backend's
CELERY_BEAT_SCHEDULE = {
    "prune-runs": {"task": "webapp.runs.tasks.prune_runs", "schedule": 3600.0},
    "watch-rollouts": {"task": "webapp.rollouts.tasks.watch_rollouts",
                       "schedule": env.float("LOOM_GUARDRAIL_INTERVAL_S", default=30.0)},
}

# Engine: compiled-graph cache size per worker, request deadline for recommendations.
LOOM_ENGINE_CACHE_SIZE = env.int("LOOM_ENGINE_CACHE_SIZE", default=128)
LOOM_RECOMMEND_TIMEOUT_S = env.float("LOOM_RECOMMEND_TIMEOUT_S", default=2.0)
# Dynamic batching of recommendations (webapp/runs/batching.py): most requests one task
# message carries; how many batches a web process keeps unanswered before it holds new
# requests back to go together (set it to the serving slots of the workers: `-c` × workers);
# the longest a request is held back.
LOOM_SERVE_BATCH_LIMIT = env.int("LOOM_SERVE_BATCH_LIMIT", default=16)
LOOM_SERVE_BATCH_WINDOW = env.int("LOOM_SERVE_BATCH_WINDOW", default=2)
LOOM_SERVE_BATCH_HOLD_MS = env.int("LOOM_SERVE_BATCH_HOLD_MS", default=250)
LOOM_TEST_RUN_TIMEOUT_S = env.float("LOOM_TEST_RUN_TIMEOUT_S", default=30.0)
LOOM_RUN_RETENTION_DAYS = env.int("LOOM_RUN_RETENTION_DAYS", default=14)
# Share of good recommendations that keep their trace (failed / timed-out ones always do).
LOOM_SERVE_TRACE_SAMPLE = env.float("LOOM_SERVE_TRACE_SAMPLE", default=0.01)
# Replay gate: the share of production requests recorded with their data sources' answers,
# how many recordings a scene keeps, and how many a replay runs.
LOOM_REPLAY_RECORD_SAMPLE = env.float("LOOM_REPLAY_RECORD_SAMPLE", default=0.02)
LOOM_REPLAY_KEEP = env.int("LOOM_REPLAY_KEEP", default=1000)
LOOM_REPLAY_SIZE = env.int("LOOM_REPLAY_SIZE", default=200)
# A rule scene's replay runs the events stream's latest events through both versions' rules.
LOOM_REPLAY_EVENTS = env.int("LOOM_REPLAY_EVENTS", default=5000)
# Rollout guardrails: how often beat checks them (and advances rollouts set to auto).
LOOM_GUARDRAIL_INTERVAL_S = env.float("LOOM_GUARDRAIL_INTERVAL_S", default=30.0)
# Circuit breakers per (scene, node) on served runs (webapp/monitoring/breakers.py): a node
# opens past FAILURE_RATE (or SLOW_CALL_RATE of calls over SLOW_CALL_MS) among the last
# WINDOW_SIZE calls once MINIMUM_CALLS were seen; it stays open OPEN_DURATION_S, then lets
# HALF_OPEN_CALLS trial calls decide.
LOOM_BREAKERS_ENABLED = env.bool("LOOM_BREAKERS_ENABLED", default=True)
LOOM_BREAKER_FAILURE_RATE = env.float("LOOM_BREAKER_FAILURE_RATE", default=0.5)
LOOM_BREAKER_SLOW_CALL_RATE = env.float("LOOM_BREAKER_SLOW_CALL_RATE", default=1.0)
LOOM_BREAKER_SLOW_CALL_MS = env.float("LOOM_BREAKER_SLOW_CALL_MS", default=1000.0)
LOOM_BREAKER_MINIMUM_CALLS = env.int("LOOM_BREAKER_MINIMUM_CALLS", default=20)
LOOM_BREAKER_WINDOW_SIZE = env.int("LOOM_BREAKER_WINDOW_SIZE", default=50)
LOOM_BREAKER_OPEN_DURATION_S = env.float("LOOM_BREAKER_OPEN_DURATION_S", default=30.0)
LOOM_BREAKER_HALF_OPEN_CALLS = env.int("LOOM_BREAKER_HALF_OPEN_CALLS", default=5)
LOOM_MODEL_DIR = Path(env("LOOM_MODEL_DIR", default=str(BASE_DIR / "build" / "models")))
# GET /metrics (webapp/monitoring/metrics.py): with a token set, scrapers must send it as
# `Authorization: Bearer <token>`; without one, only these addresses or networks may scrape.
LOOM_METRICS_TOKEN = env("LOOM_METRICS_TOKEN", default="")
LOOM_METRICS_ALLOW_FROM = env.list("LOOM_METRICS_ALLOW_FROM", default=[])
# Behaviour events (webapp/events): POST /api/events/ appends them to a Redis stream; the
# `consume_events` task (beat, every LOOM_EVENTS_CONSUME_INTERVAL_S) reads them with the
# consumer group `features` and folds them into the feature store (operators/behaviour/)
# under LOOM_EVENTS_PREFIX, which the features.* operators read. Past LOOM_EVENTS_MAX_BACKLOG
# events waiting (unread or unacknowledged), POST answers 429. LOOM_EVENTS_HANDLERS: dotted
# paths of `handler(events)` callables run on every consumed batch after the feature store.
LOOM_EVENTS_STREAM = env("LOOM_EVENTS_STREAM", default="beh:events")
LOOM_EVENTS_PREFIX = env("LOOM_EVENTS_PREFIX", default="beh:")
LOOM_EVENTS_BATCH_LIMIT = env.int("LOOM_EVENTS_BATCH_LIMIT", default=1000)
LOOM_EVENTS_MAX_BACKLOG = env.int("LOOM_EVENTS_MAX_BACKLOG", default=200_000)
LOOM_EVENTS_RETRY_AFTER_S = env.int("LOOM_EVENTS_RETRY_AFTER_S", default=5)
LOOM_EVENTS_DEDUPE_TTL_S = env.int("LOOM_EVENTS_DEDUPE_TTL_S", default=86_400)
LOOM_EVENTS_READ_BATCH = env.int("LOOM_EVENTS_READ_BATCH", default=500)
LOOM_EVENTS_CONSUME_INTERVAL_S = env.float("LOOM_EVENTS_CONSUME_INTERVAL_S", default=1.0)
LOOM_EVENTS_CONSUME_BUDGET_S = env.float("LOOM_EVENTS_CONSUME_BUDGET_S", default=2.0)
LOOM_EVENTS_CLAIM_IDLE_MS = env.int("LOOM_EVENTS_CLAIM_IDLE_MS", default=60_000)
LOOM_EVENTS_MAX_DELIVERIES = env.int("LOOM_EVENTS_MAX_DELIVERIES", default=5)
LOOM_EVENTS_HANDLERS = env.list("LOOM_EVENTS_HANDLERS", default=["webapp.cep.handler.handle"])
CELERY_BEAT_SCHEDULE["consume-events"] = {
    "task": "webapp.events.tasks.consume_events", "schedule": LOOM_EVENTS_CONSUME_INTERVAL_S,
    "options": {"expires": LOOM_EVENTS_CONSUME_INTERVAL_S * 5}}
# CEP rule scenes (webapp/cep): the events handler above matches each batch against them;
# beat's tick (every LOOM_CEP_TICK_INTERVAL_S) fires absences whose deadline passed. Their
# state lives in Redis under LOOM_CEP_PREFIX<scene>.
LOOM_CEP_PREFIX = env("LOOM_CEP_PREFIX", default="cep:")
LOOM_CEP_TICK_INTERVAL_S = env.float("LOOM_CEP_TICK_INTERVAL_S", default=1.0)
CELERY_BEAT_SCHEDULE["advance-rules"] = {
    "task": "webapp.cep.tasks.advance_rules", "schedule": LOOM_CEP_TICK_INTERVAL_S,
    "options": {"expires": LOOM_CEP_TICK_INTERVAL_S * 5}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "format": "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Security. Login: django-axes counts failed sign-ins (the login page, /api/auth/login/, the
# admin's) per user name and client address in the database, which every web process shares;
# after AXES_FAILURE_LIMIT failures that pair is refused for AXES_COOLOFF_TIME, and a failure
# during the lockout starts it again. Token attempts: see webapp/core/authentication.py.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOOM_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOOM_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "webapp.core.authentication.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy, the client address is the proxy's unless these say otherwise.
AXES_IPWARE_PROXY_COUNT = env.int("LOOM_PROXY_COUNT", default=0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
LOOM_TOKEN_FAILURE_LIMIT = env.int("LOOM_TOKEN_FAILURE_LIMIT", default=20)

# Content-Security-Policy (django-csp) on every page but Swagger UI (/api/docs/ loads its
# script from a CDN). The editor is the Vite build: module scripts and one stylesheet, all
# from /static/ (same origin), no inline script. Two relaxations, both needed by libraries:
# - style-src 'unsafe-inline': React Flow positions every node and edge with inline style
#   attributes, React sets `style=` everywhere, and the login page has a <style> block;
# - script-src 'unsafe-eval': the parameter forms validate with Ajv (@rjsf/validator-ajv8),
#   which compiles each operator's JSON Schema, fetched at run time, with `new Function`.
# Scripts still come from this origin only, so an injected <script> or inline handler is
# refused; frame-ancestors 'none' keeps the pages out of frames.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/docs/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
