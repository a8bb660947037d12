"""Schemathesis over the OpenAPI schema: generated requests to every operation, as an
admin (so writes get past the permission check), must never get a 5xx. Bounded: a few
examples per operation, so the whole sweep stays a few seconds."""

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

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def admin_headers(db: Any) -> Iterator[dict[str, str]]:
    from webapp.graphs import logic

    admin = make_user("fuzz_admin", "admin")
    logic.create_graph(admin, SIMPLE_DOC)  # something for the id-taking routes to find
    # As Django's test client does: a request must not close the test's DB connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Token {Token.objects.create(user=admin).key}"}
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case: Any, admin_headers: dict[str, str]) -> None:
    # Each request in a savepoint, as autocommit gives each its own transaction outside
    # tests: a statement PostgreSQL refuses must not poison the requests after it.
    with transaction.atomic():
        case.call_and_validate(headers=admin_headers, checks=[not_a_server_error])
