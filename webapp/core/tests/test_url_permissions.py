"""Every URL pattern of the project, found by walking the resolver, with its path parameters
filled by objects that exist (so a refusal is a refusal, not a 404):

- a viewer writes nothing: every POST / PUT / PATCH / DELETE on every API route is a 403
  and the database is unchanged, except the actions that only read (validate, test-run,
  recommend), which may add run records and nothing else;
- anonymous users (and signed-in users without a role) read nothing under /api/ but the
  public schema and docs; the editor's pages send them to the login page, the admin's to
  the admin's login;
- /metrics (Prometheus) has no session: it is refused unless the scraper brings
  LOOM_METRICS_TOKEN or comes from LOOM_METRICS_ALLOW_FROM, neither set by default
  (webapp/monitoring/tests/test_metrics.py tests both ways in).

A new route that fits none of the kinds below fails `test_every_route_has_a_kind`, so it
gets a rule before it ships."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from webapp.audit.models import AuditEntry
from webapp.cep.models import Match
from webapp.conftest import Personas
from webapp.experiments.tests.conftest import make_experiment, make_layer
from webapp.graphs.models import Graph, GraphVersion
from webapp.rollouts.models import Replay
from webapp.rollouts.tests.conftest import draft
from webapp.runs.models import Recording, Run
from webapp.scenes.models import Scene

WRITES = ("post", "put", "patch", "delete")
PUBLIC_API = {"api/schema/", "api/docs/"}  # the OpenAPI document and Swagger UI
SESSION = ("api/auth/", "accounts/")  # login / logout pages: public by nature
# What an action that only reads may still add: the record of the run it made.
RUN_RECORDS = {Run._meta.label, Recording._meta.label}


@dataclass(frozen=True)
class Route:
    pattern: str  # the concatenated pattern text, e.g. "api/^graphs/(?P<pk>[^/.]+)/$"
    url: str  # a concrete URL with existing objects filled in
    view: Any

    @property
    def kind(self) -> str:
        p = self.pattern
        if p.startswith("admin/"):
            return "admin"
        if p in PUBLIC_API:
            return "public-api"
        if p.startswith(SESSION):
            return "session"
        if p.startswith("api/"):
            return "api"
        if p.startswith("^app/"):
            return "app"
        if p == "":
            return "root"
        if p == "metrics":
            return "metrics"
        return "unknown"

    def read_action(self, method: str) -> bool:
        """Whether this method on this route is an action that only reads (DRF viewsets
        declare them in `read_actions`)."""
        view_class = getattr(self.view, "cls", None)
        action = (getattr(self.view, "actions", None) or {}).get(method)
        return action in getattr(view_class, "read_actions", ())


# -- walking the resolver and filling parameters ------------------------------------------

def _patterns() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []

    def walk(patterns: Any, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                found.append((prefix + str(p.pattern), p.callback))

    walk(get_resolver().url_patterns, "")
    return found


def _fill_regex(text: str, value_of: Any) -> str:
    """Replace each `(?P<name>...)` group (nested parentheses included) by its value and
    drop the anchors, leaving the literal path."""
    out, i = [], 0
    while i < len(text):
        if text.startswith("(?P<", i):
            name = text[i + 4:text.index(">", i)]
            depth, j = 0, i
            while True:
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
                if depth == 0:
                    break
            if text[j:j + 1] == "?":  # an optional group, e.g. the format suffix's
                j += 1
            out.append(value_of(name, "".join(out)))
            i = j
        else:
            out.append(text[i])
            i += 1
    return re.sub(r"[\^$]|\\(?=\.)|/\?", "", "".join(out))


def _fill(pattern: str, value_of: Any) -> str:
    route = re.sub(r"(?<!\(\?P)<(?:\w+:)?(\w+)>", lambda m: f"(?P<{m.group(1)}>x)", pattern)
    return "/" + _fill_regex(route, value_of)


@pytest.fixture
def objects(people: Personas, scene: Scene) -> dict[str, Any]:
    """One existing object of every kind a URL names."""
    graph = Graph.objects.get(pk=scene.production_version.graph_id)
    layer = make_layer(scene, "ranking", ["node.top.param.*"])
    experiment = make_experiment(layer, "exp", [("a", 0, 100, {"node.top.param.n": "2"})])
    rollout = draft(people, scene)
    run = Run.objects.create(kind="test", status="ok", graph=graph, requested_by=people.author)
    Recording.objects.create(scene=scene, version=scene.production_version, unit_id="u1")
    Replay.objects.create(rollout=rollout, requested_by=people.author)
    Token.objects.create(user=people.author)
    match = Match.objects.create(match_id="m1", scene=scene, rule="r", kind="count",
                                 unit_id="u1", match_ts=0, detected_at=timezone.now())
    return {"graphs": graph, "versions": GraphVersion.objects.first(), "scenes": scene,
            "layers": layer, "experiments": experiment,
            "buckets": experiment.buckets.first(), "rollouts": rollout, "runs": run,
            "audit": AuditEntry.objects.first(), "matches": match}


def _value(objects: dict[str, Any], name: str, before: str) -> str:
    segments = [s for s in before.replace("^", "").split("/") if s]
    if name == "format":
        return "json"
    if name in ("slug", "scene"):
        return str(objects["scenes"].slug)
    if name == "node":
        return "top"
    if name == "name":
        return "basic.limit"
    if name == "pk":
        return str(objects[segments[-1]].pk)
    if name == "path":  # the editor's own routes
        return "graphs/1"
    if name == "app_label":
        return "graphs"
    if name == "url":  # the admin's catch-all
        return "no-such-page/"
    if name == "content_type_id":
        return str(ContentType.objects.get_for_model(Graph).pk)
    if name in ("object_id", "id"):
        if segments[-2] == "r":  # view on site: /admin/r/<content type>/<object>/
            return str(objects["graphs"].pk)
        app_label, model = segments[-2], segments[-1]
        row = apps.get_model(app_label, model).objects.first()
        # a table with no row (e.g. axes' lockouts): the admin refuses before any lookup
        return str(row.pk) if row is not None else "1"
    raise AssertionError(f"no value for URL parameter {name!r} after {before!r}")


@pytest.fixture
def routes(objects: dict[str, Any]) -> list[Route]:
    found = []
    for pattern, view in _patterns():
        url = _fill(pattern, lambda name, before: _value(objects, name, before))
        assert resolve(url).func is view, (pattern, url)  # the URL reaches this very view
        found.append(Route(pattern, url, view))
    return found


def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as plain values."""
    return {model._meta.label: sorted(
        (tuple(sorted((k, repr(v)) for k, v in row.items()))
         for row in model.objects.values()), key=repr)
        for model in apps.get_models() if not model._meta.proxy}


def _changed(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    return {label for label in before if before[label] != after[label]}


# -- the rules -------------------------------------------------------------------------------

def test_every_route_has_a_kind(routes: list[Route]) -> None:
    unknown = [r.pattern for r in routes if r.kind == "unknown"]
    assert not unknown, f"routes without a permission rule in this test: {unknown}"
    kinds = {r.kind for r in routes}
    assert kinds == {"admin", "public-api", "session", "api", "app", "root", "metrics"}
    assert sum(r.kind == "api" for r in routes) >= 40  # with the format-suffix variants


def test_a_viewer_cannot_write_anywhere(people: Personas, routes: list[Route]) -> None:
    viewer = people.client(people.viewer)
    before = _snapshot()
    allowed = []
    for route in (r for r in routes if r.kind in ("api", "public-api")):
        for method in WRITES:
            if route.read_action(method):
                allowed.append((method, route.url))
                continue
            response = getattr(viewer, method)(route.url, {}, format="json")
            expected = 405 if route.kind == "public-api" else 403
            assert response.status_code == expected, (method, route.url, response.content)
    assert _snapshot() == before, _changed(before, _snapshot())
    # the read-only actions are exactly these, and a viewer's call adds run records at most
    assert {re.sub(r"/\d+/|/feed/", "/<id>/", url) for _, url in allowed} >= {
        "/api/graphs/validate/", "/api/graphs/<id>/test-run/", "/api/scenes/<id>/recommend/"}
    assert {m for m, _ in allowed} == {"post"}
    for method, url in allowed:
        response = getattr(viewer, method)(url, {"document": {}, "unit_id": "u1"},
                                           format="json")
        assert response.status_code < 500, (url, response.content)
    changed = _changed(before, _snapshot())
    assert Run._meta.label in changed and changed <= RUN_RECORDS  # the snapshot does see


@pytest.mark.parametrize("who", ["anonymous", "roleless"])
def test_no_role_reads_nothing_private(people: Personas, routes: list[Route],
                                       who: str) -> None:
    client = APIClient()
    if who == "roleless":
        client.force_authenticate(people.outsider)
    before = _snapshot()
    for route in (r for r in routes if r.kind == "api"):
        response = client.get(route.url)
        assert response.status_code in (401, 403), (route.url, response.status_code)
        assert b"simple" not in response.content  # nothing of the graph leaks in an error
        for method in WRITES:
            response = getattr(client, method)(route.url, {}, format="json")
            assert response.status_code in (401, 403), (method, route.url)
    assert _snapshot() == before
    for route in (r for r in routes if r.kind == "public-api"):
        assert client.get(route.url).status_code == 200, route.url
    for route in (r for r in routes if r.kind == "metrics"):  # a session does not open it
        assert client.get(route.url).status_code in (401, 403), route.url


def test_anonymous_users_are_sent_to_the_login_pages(people: Personas,
                                                     routes: list[Route]) -> None:
    client = Client()
    for route in routes:
        if route.kind == "app":
            for url in ("/app/", route.url):
                response = client.get(url)
                assert response.status_code == 302, url
                assert response["Location"].startswith("/accounts/login/?next=/app/"), url
        elif route.kind == "admin" and route.pattern not in ("admin/login/", "admin/logout/"):
            response = client.get(route.url)
            assert response.status_code == 302, route.url
            assert response["Location"].startswith("/admin/login/"), route.url
        elif route.kind == "root":
            assert client.get(route.url)["Location"] == "/app/"
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/accounts/login/").status_code == 200


def test_the_admin_refuses_signed_in_users_who_are_not_staff(people: Personas,
                                                             routes: list[Route]) -> None:
    client = Client()
    for user in (people.viewer, people.admin):  # the admin *role* is not Django staff
        client.force_login(user)
        for route in (r for r in routes if r.kind == "admin"
                      and r.pattern not in ("admin/login/", "admin/logout/")):
            response = client.get(route.url)
            assert response.status_code == 302, (user, route.url)
            assert response["Location"].startswith("/admin/login/"), route.url
