"""Data-source secrets never leave the server: with secret environment variables set and
secrets written into graphs, params and error messages, no API response holds one (every
GET route is scanned, plus the answers of saving, validating, importing and test runs)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from rest_framework.test import APIClient

from operators.secrets import redact
from webapp.conftest import Personas
from webapp.core.tests.test_url_permissions import Route, objects, routes  # noqa: F401 (fixtures)
from webapp.graphs.models import Graph

TOKEN = "tok-Hunter2-api-secret"
DB_PASSWORD = "Hunter2-db-secret"
DB_URL = f"postgresql+psycopg://loom:{DB_PASSWORD}@127.0.0.1:1/loom"
INLINE_PASSWORD = "Hunter2-inline-secret"
SECRETS = (TOKEN, DB_PASSWORD, INLINE_PASSWORD)

# Valid: every secret comes from the environment; the table's rows carry a URL with a
# password as plain data (so the run's sample rows and the KV form hold it).
RUNNABLE = {"schema": 1, "name": "secretive", "nodes": [
    {"id": "rows", "op": "datasource.table", "params": {"rows": [
        {"item_id": "a", "dsn": f"redis://:{INLINE_PASSWORD}@cache.internal:6379/0"}]}},
    {"id": "remote", "op": "datasource.http_json", "optional": True,
     "params": {"url": "http://127.0.0.1:1/items?key={user.key}",
                "token_env": "LOOM_TEST_API_TOKEN", "timeout_ms": 200}},
    {"id": "db", "op": "datasource.sql", "optional": True,
     "params": {"query": "SELECT 1 AS one", "url_env": "LOOM_TEST_READER_DB"}},
    {"id": "top", "op": "basic.union", "inputs": {"sources": ["rows", "remote", "db"]}},
]}


def _with_params(node: str, **params: Any) -> dict[str, Any]:
    doc = copy.deepcopy(RUNNABLE)
    next(n for n in doc["nodes"] if n["id"] == node)["params"].update(params)
    return doc


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOOM_TEST_API_TOKEN", TOKEN)
    monkeypatch.setenv("LOOM_TEST_READER_DB", DB_URL)


def _clean(response: Any, where: str) -> Any:
    body = response.content.decode(errors="replace")
    for secret in SECRETS:
        assert secret not in body, (where, response.status_code, body[:2000])
    return response


def test_nothing_the_api_answers_holds_a_secret(people: Personas, secret_env: None,
                                                routes: list[Route]) -> None:  # noqa: F811
    admin = people.client(people.admin)
    graph = _clean(admin.post("/api/graphs/", {"document": RUNNABLE}, format="json"),
                   "create").json()
    assert graph["valid"] is True, graph["errors"]
    # a test run: the SQL source cannot connect, the HTTP one gets no answer; a context
    # holding the token puts it into the HTTP source's error message
    run = _clean(admin.post(f"/api/graphs/{graph['id']}/test-run/",
                            {"context": {"user": {"key": TOKEN}}}, format="json"),
                 "test-run").json()
    assert run["node_status"]["db"] == "skipped" or run["node_status"]["db"] == "failed"
    assert "***" in str(run)  # something was masked: the sample rows' URL, at least
    stored = _clean(admin.get(f"/api/runs/{run['run_id']}/"), "run").json()
    assert "***" in str(stored["errors"]) + str(stored["trace"])  # the token in the error
    _clean(admin.post(f"/api/graphs/{graph['id']}/versions/", {}, format="json"), "snapshot")
    _clean(admin.get(f"/api/graphs/{graph['id']}/kv/", {"as": "text"}), "kv text")
    # secrets typed into a graph: saved as an invalid draft, answered masked
    for doc in (_with_params("db", url=DB_URL, url_env=None),
                _with_params("remote", url=f"https://bot:{INLINE_PASSWORD}@hooks.internal/x")):
        saved = _clean(admin.post("/api/graphs/", {"document": doc}, format="json"), "draft")
        assert saved.json()["valid"] is False
        assert any("holds a password" in e["message"] for e in saved.json()["errors"])
        _clean(admin.post("/api/graphs/validate/", {"document": doc}, format="json"),
               "validate")
    kv = {"graph.schema": "1", "graph.name": "imp", "node.db.op": "datasource.sql",
          "node.db.param.query": "SELECT 1", "node.db.param.url": DB_URL}
    _clean(admin.post("/api/graphs/import-kv/", {"kv": kv}, format="json"), "import-kv")
    # every GET route of the project, as an admin, sees none of it
    assert Graph.objects.filter(document__icontains=DB_PASSWORD).exists()  # it is stored...
    for route in routes:
        if route.kind in ("api", "public-api"):
            _clean(admin.get(route.url), route.url)  # ...and never answered
    for url in ("/api/runs/", "/api/graphs/", "/api/versions/", "/api/audit/"):
        _clean(admin.get(url, {"limit": 500}), url)


def test_a_graph_cannot_name_the_hosts_own_configuration(people: Personas,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setenv("DJANGO_SECRET_KEY", "Hunter2-django-key")
    for node, params in (("remote", {"token_env": "DJANGO_SECRET_KEY"}),
                         ("db", {"url_env": "DATABASE_URL"})):
        answer = APIClient()
        answer.force_authenticate(people.author)
        response = answer.post("/api/graphs/validate/",
                               {"document": _with_params(node, **params)}, format="json")
        errors = response.json()["errors"]
        assert response.json()["valid"] is False
        assert any("not an environment variable operators may read" in e["message"]
                   and e["node"] == node for e in errors), errors
        assert "Hunter2-django-key" not in response.content.decode()


def test_redact_masks_url_passwords_query_secrets_and_secret_variables(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOOM_SOME_TOKEN", "abc-123-xyz")
    monkeypatch.setenv("LOOM_RECOMMEND_TIMEOUT_S", "2.0")  # not a secret by its name
    text = ("postgresql://u:p@ss:w0rd@db:5432/x and redis://:pw@r:6379/0 "
            "https://h/x?user=a&password=s3&x=1 token abc-123-xyz timeout 2.0 "
            "http://user@host/ (no password) https://h/p:a@b")
    assert redact(text) == (
        "postgresql://u:***@db:5432/x and redis://:***@r:6379/0 "
        "https://h/x?user=a&password=***&x=1 token *** timeout 2.0 "
        "http://user@host/ (no password) https://h/p:a@b")
