"""Schemathesis on this app's routes with data in place (the core sweep finds none), so
generated requests reach the rules, not just the 404s: never a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from webapp.config.wsgi import application
from webapp.conftest import SIMPLE_DOC, call_without_server_error, make_user, wsgi_token_headers
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
    with wsgi_token_headers(admin) as headers:
        yield headers


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_traffic_routes_never_fail(case: Any, traffic_headers: dict[str, str]) -> None:
    call_without_server_error(case, traffic_headers)
