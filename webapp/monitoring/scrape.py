"""What `GET /metrics` answers (DESIGN §7): the counts every process wrote (metrics.py),
plus the Celery queues' depth and the circuit breakers' states, read from Redis at scrape
time (they live there already; nothing to count). The scraper must bring the token, or come
from an allowed address."""

from __future__ import annotations

import glob
import hmac
import ipaddress
import logging
import os
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from webapp.monitoring.metrics import CONTENT_TYPE, DIR, SHARED_ENV, flush

# isort: split
# After metrics.py: prometheus_client must see the multiprocess directory set first.
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

# -- read at scrape time --------------------------------------------------------------------

QUEUES = ("serving", "default")
# kombu's Redis transport keeps a queue's messages of priority p > 0 in "<queue>\x06\x16<p>"
_PRIORITY_SUFFIXES = ("", *(f"\x06\x16{p}" for p in (3, 6, 9)))


class QueueDepthCollector(Collector):
    """Messages waiting in each Celery queue (LLEN of the broker's Redis lists)."""

    def __init__(self, broker_url: str, queues: tuple[str, ...] = QUEUES) -> None:
        self.broker_url = broker_url
        self.queues = queues

    def collect(self) -> Iterator[Any]:
        import redis

        depth = GaugeMetricFamily("loom_celery_queue_length",
                                  "Messages waiting in a Celery queue", labels=["queue"])
        up = 0
        if self.broker_url.startswith(("redis://", "rediss://", "unix://")):
            try:
                client = redis.Redis.from_url(self.broker_url, socket_connect_timeout=0.5,
                                              socket_timeout=0.5)
                with client:
                    pipe = client.pipeline(transaction=False)
                    for queue in self.queues:
                        for suffix in _PRIORITY_SUFFIXES:
                            pipe.llen(queue + suffix)
                    lengths = pipe.execute()
                n = len(_PRIORITY_SUFFIXES)
                for i, queue in enumerate(self.queues):
                    depth.add_metric([queue], sum(lengths[i * n:(i + 1) * n]))
                up = 1
            except redis.RedisError as exc:
                log.warning("metrics: the broker did not answer: %s", exc)
        yield depth
        yield _up("loom_celery_broker_up", "Whether the broker answered this scrape", up)


class BreakerCollector(Collector):
    """Every circuit breaker's state (1 for the current one) and transitions so far."""

    STATES = ("closed", "open", "half_open")
    TRANSITIONS = ("open", "half_open", "closed", "reset")

    def collect(self) -> Iterator[Any]:
        import redis

        from webapp.monitoring import breakers

        state = GaugeMetricFamily("loom_breaker_state",
                                  "A node's circuit breaker: 1 for its current state",
                                  labels=["scene", "node", "state"])
        moves = CounterMetricFamily("loom_breaker_transitions",
                                    "Circuit breaker transitions by the state entered "
                                    "(reset: closed by hand)", labels=["scene", "node", "to"])
        up = 0
        try:
            board = breakers.board(even_if_disabled=True)
            found = board.states(None) if board is not None else []
            up = 1
        except redis.RedisError as exc:
            log.warning("metrics: the breaker store did not answer: %s", exc)
            found = []
        for info in found:
            scene, node = info["scope"], info["node"]
            for s in self.STATES:
                state.add_metric([scene, node, s], 1.0 if info["state"] == s else 0.0)
            for to in self.TRANSITIONS:
                moves.add_metric([scene, node, to], info["transitions"].get(to, 0))
        yield state
        yield moves
        yield _up("loom_breaker_store_up", "Whether the breaker store answered this scrape",
                  up)


def _up(name: str, help_text: str, up: int) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, help_text, value=up)


class FilesCollector(Collector):
    """The counts of every process: the files in this host's directory or, with
    LOOM_METRICS_SHARED_DIR, in every host's (container's) directory under it."""

    def collect(self) -> Iterator[Any]:
        shared = os.environ.get(SHARED_ENV)
        pattern = os.path.join(shared, "*", "*.db") if shared else os.path.join(DIR, "*.db")
        return iter(multiprocess.MultiProcessCollector.merge(glob.glob(pattern)))


def exposition(broker_url: str) -> bytes:
    """Every process's counts and histograms, the queues and the breakers, as text."""
    registry = CollectorRegistry()
    registry.register(FilesCollector())
    registry.register(QueueDepthCollector(broker_url))
    registry.register(BreakerCollector())
    return generate_latest(registry)


# -- GET /metrics ---------------------------------------------------------------------------

def refusal(request: HttpRequest) -> HttpResponse | None:
    """Scrapers have no session. With LOOM_METRICS_TOKEN set, every scrape must bring it
    (`Authorization: Bearer <token>`); without it, only the addresses (or networks) in
    LOOM_METRICS_ALLOW_FROM may scrape, matched against REMOTE_ADDR, the direct peer (behind
    a proxy that is the proxy: list the scraper's address and let it reach gunicorn)."""
    token = str(getattr(settings, "LOOM_METRICS_TOKEN", "") or "")
    if token:
        scheme, _, given = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(),
                                                              token.encode()):
            return None
        denied = HttpResponse("metrics need a bearer token\n", status=401,
                              content_type="text/plain")
        denied["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return denied
    if _allowed(request.META.get("REMOTE_ADDR", "")):
        return None
    return HttpResponse("metrics are not open to this address\n", status=403,
                        content_type="text/plain")


def _allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in getattr(settings, "LOOM_METRICS_ALLOW_FROM", ()):
        try:
            if ip in ipaddress.ip_network(str(entry).strip(), strict=False):
                return True
        except ValueError:
            log.warning("LOOM_METRICS_ALLOW_FROM: %r is not an address or network", entry)
    return False


@require_GET
def view(request: HttpRequest) -> HttpResponseBase:
    denied = refusal(request)
    if denied is not None:
        return denied
    flush()  # this process's batched node timings (eager runs: tests, a one-process setup)
    body = exposition(str(settings.CELERY_BROKER_URL))
    # Streamed, so RedactSecretsMiddleware (webapp/core/secrets.py) leaves it as it is: it
    # holds no secret (metric names, scene slugs, node ids, operator names, numbers), and a
    # secret value that happened to match part of a name or number would break the format.
    return StreamingHttpResponse([body], content_type=CONTENT_TYPE)
