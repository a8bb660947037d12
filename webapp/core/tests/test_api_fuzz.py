"""Schemathesis over the OpenAPI schema: generated requests to every operation, as an
admin (so writes get past the permission check), must never get a 5xx. Bounded: a few
examples per operation, so the whole sweep stays a few seconds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from webapp.config.wsgi import application
from webapp.conftest import SIMPLE_DOC, call_without_server_error, make_user, wsgi_token_headers

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def admin_headers(db: Any, web_redis: str) -> Iterator[dict[str, str]]:
    """(The embedded Redis: event ingestion writes there, and no route may need another.)"""
    from webapp.graphs import logic

    admin = make_user("fuzz_admin", "admin")
    logic.create_graph(admin, SIMPLE_DOC)  # something for the id-taking routes to find
    with wsgi_token_headers(admin) as headers:
        yield headers


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case: Any, admin_headers: dict[str, str]) -> None:
    call_without_server_error(case, admin_headers)
