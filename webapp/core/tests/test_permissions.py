"""Every API route, every write method: a viewer is refused unless the action only reads;
anonymous users and users without a role read nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from webapp.conftest import Personas, create_graph

READ_ACTIONS = {"validate", "test-run", "recommend", "simulate"}
WRITES = ("post", "put", "patch", "delete")


def api_routes() -> list[tuple[str, tuple[str, ...]]]:
    """(URL name, its keyword arguments) of every API route."""
    routes: set[tuple[str, tuple[str, ...]]] = set()

    def walk(patterns: Any, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name and prefix.startswith("api/"):
                args = tuple(k for k in p.pattern.regex.groupindex if k != "format")
                routes.add((p.name, args))

    walk(get_resolver().url_patterns, "")
    return sorted(r for r in routes if r[0] not in ("schema", "docs", "login", "logout"))


def concrete(route: tuple[str, tuple[str, ...]], ids: dict[str, str]) -> str:
    name, args = route
    return reverse(name, kwargs={a: ids[a] for a in args})


@pytest.fixture
def ids(people: Personas) -> dict[str, str]:
    graph = create_graph(people.client(people.author))
    version = people.client(people.author).post(f"/api/graphs/{graph['id']}/versions/", {},
                                                format="json").json()
    return {"pk": str(graph["id"]), "name": "basic.limit", "slug": "home_feed",
            "version": str(version["id"])}


def test_routes_are_found() -> None:
    routes = api_routes()
    assert len(routes) >= 10 and any("recommend" in name for name, _ in routes)


def test_viewers_cannot_write_anywhere(people: Personas, ids: dict[str, str]) -> None:
    viewer = people.client(people.viewer)
    for route in api_routes():
        url = concrete(route, ids)
        if any(f"/{a}/" in url for a in READ_ACTIONS):
            continue
        for method in WRITES:
            response = getattr(viewer, method)(url, {}, format="json")
            assert response.status_code in (403, 405), (method, url, response.status_code)


def test_anonymous_and_roleless_users_read_nothing(people: Personas,
                                                   ids: dict[str, str]) -> None:
    for user in (None, people.outsider):
        client = people.client(user)
        for route in api_routes():
            response = client.get(concrete(route, ids))
            assert response.status_code in (401, 403, 405), (route, response.status_code)
