"""Schemathesis on this app's routes with data in place (the core sweep finds none), so
generated requests reach the rules, not just the 404s: never a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from webapp.config.wsgi import application
from webapp.conftest import SIMPLE_DOC, make_user
from webapp.experiments.tests.conftest import make_experiment, make_layer
from webapp.graphs import logic as graphs
from webapp.scenes.models import Scene

schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(
    path_regex=r"^/api/(layers|experiments|buckets|scenes/\{slug\}/assignment)")


@pytest.fixture
def traffic_headers(db: Any) -> Iterator[dict[str, str]]:
    admin = make_user("fuzz_admin", "admin")
    scene = Scene.objects.create(slug="feed", name="Feed", production_version=graphs.snapshot(
        graphs.create_graph(admin, SIMPLE_DOC), admin))
    layer = make_layer(scene, "ranking", ["node.top.param.*"])
    for i in range(3):  # ids 1..3 exist for the id-taking routes
        make_experiment(layer, f"e{i}", [(f"b{i}", i * 1000, i * 1000 + 500,
                                          {"node.top.param.n": str(i + 1)})], start=i < 2)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Token {Token.objects.create(user=admin).key}"}
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_traffic_routes_never_fail(case: Any, traffic_headers: dict[str, str]) -> None:
    # Each request in a savepoint, as autocommit gives each its own transaction outside
    # tests: a statement PostgreSQL refuses must not poison the requests after it.
    with transaction.atomic():
        case.call_and_validate(headers=traffic_headers, checks=[not_a_server_error])
