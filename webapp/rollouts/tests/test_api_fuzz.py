"""Schemathesis on the rollout routes and the scene's kill switch, with rollouts in every
early state in place: generated requests reach the rules, and never a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from webapp.config.wsgi import application
from webapp.conftest import Personas, call_without_server_error, wsgi_token_headers
from webapp.rollouts import logic
from webapp.rollouts.tests.conftest import candidate, draft
from webapp.scenes.models import Scene

schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(
    path_regex=r"^/api/(rollouts|scenes)")


@pytest.fixture
def rollout_headers(people: Personas, scene: Scene) -> Iterator[dict[str, str]]:
    first = draft(people, scene)  # ids 1..3: a draft, one in review, one approved
    second = logic.submit(draft(people, scene, version=candidate(people, scene, n=3)),
                          people.author)
    logic.review(logic.submit(draft(people, scene, version=candidate(people, scene, n=4)),
                              people.author), people.approver, True, "")
    assert first.pk and second.pk
    with wsgi_token_headers(people.admin) as headers:
        yield headers


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_rollout_routes_never_fail(case: Any, rollout_headers: dict[str, str]) -> None:
    call_without_server_error(case, rollout_headers)
