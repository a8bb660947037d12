"""Personas (author, approver, viewer, outsider, admin) and factories for the web tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core import signals
from django.db import close_old_connections, transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from webapp.core import engine
from webapp.core.roles import ROLES

SIMPLE_DOC: dict[str, Any] = {
    "schema": 1,
    "name": "simple",
    "nodes": [
        {"id": "items", "op": "datasource.table",
         "params": {"rows": [{"item_id": "a", "score": 1}, {"item_id": "b", "score": 2}]}},
        {"id": "top", "op": "basic.limit", "params": {"n": 1}, "inputs": {"items": ["items"]}},
    ],
}


def make_user(username: str, role: str | None) -> User:
    user = User.objects.create_user(username, password="pw")
    if role:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    return user


class Personas:
    def __init__(self) -> None:
        for role in ROLES:
            Group.objects.get_or_create(name=role)
        self.author = make_user("author", "editor")
        self.editor2 = make_user("editor2", "editor")
        self.approver = make_user("approver", "approver")
        self.viewer = make_user("viewer", "viewer")
        self.outsider = make_user("outsider", None)
        self.admin = make_user("admin", "admin")

    def client(self, user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client


@pytest.fixture
def people(db: Any) -> Personas:
    return Personas()


@pytest.fixture
def scene(people: Personas) -> Any:
    """A scene serving SIMPLE_DOC (no Redis needed), made by the author."""
    from webapp.graphs import logic as graphs
    from webapp.scenes.models import Scene

    graph = graphs.create_graph(people.author, SIMPLE_DOC)
    return Scene.objects.create(slug="feed", name="Feed",
                                production_version=graphs.snapshot(graph, people.author))


@pytest.fixture
def web_redis(redis_url: str, settings: Any) -> Iterator[str]:
    """Point the app (operators' Redis, Celery) at the test Redis."""
    settings.REDIS_URL = redis_url
    engine.reset()
    yield redis_url
    engine.reset()


@contextmanager
def wsgi_token_headers(user: User) -> Iterator[dict[str, str]]:
    """Token headers for requests sent straight to the WSGI app (schemathesis) inside a
    test. As Django's test client does, a request then must not close the test's DB
    connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Token {Token.objects.create(user=user).key}"}
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def call_without_server_error(case: Any, headers: dict[str, str]) -> None:
    """One generated request; any 5xx fails. Each runs in a savepoint, as autocommit gives
    each its own transaction outside tests: a statement PostgreSQL refuses must not poison
    the requests after it."""
    from schemathesis.checks import not_a_server_error

    with transaction.atomic():
        case.call_and_validate(headers=headers, checks=[not_a_server_error])


def create_graph(client: APIClient, document: dict[str, Any] | None = None) -> dict[str, Any]:
    response = client.post("/api/graphs/", {"document": document or SIMPLE_DOC}, format="json")
    assert response.status_code == 201, response.content
    return dict(response.json())
