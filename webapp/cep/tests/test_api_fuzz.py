"""Schemathesis on the CEP routes, with a rule scene and a match in place: generated
requests (odd filters, slugs, ids) get answers, never a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import redis
import schemathesis
from hypothesis import HealthCheck, settings

from webapp.cep import logic
from webapp.cep.tests.conftest import count_rule, ev, now_ms, rule_scene
from webapp.config.wsgi import application
from webapp.conftest import Personas, call_without_server_error, wsgi_token_headers

schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(
    path_regex=r"^/api/cep/")


@pytest.fixture
def cep_headers(people: Personas, cep_redis: redis.Redis) -> Iterator[dict[str, str]]:
    rule_scene(people, count_rule("seen"))
    t = now_ms()
    logic.process_events([ev("a1", "click", t), ev("a2", "click", t + 1)])
    with wsgi_token_headers(people.viewer) as headers:
        yield headers


@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_cep_routes_never_fail(case: Any, cep_headers: dict[str, str]) -> None:
    call_without_server_error(case, cep_headers)
