"""Content-Security-Policy on the editor's pages and the login page (django-csp). The
browser tests (e2e/) load the real build under it, so a policy that breaks the app fails
them; here: the header and what it allows."""

from __future__ import annotations

from typing import Any

from django.test import Client

from webapp.conftest import Personas


def _policy(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in header.split(";")) if d}


def test_editor_and_login_pages_carry_the_policy(people: Personas) -> None:
    client = Client()
    login = client.get("/accounts/login/")
    client.force_login(people.viewer)
    for response in (login, client.get("/app/"), client.get("/app/graphs/1")):
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'", "'unsafe-eval'"]  # no inline script
        assert "'unsafe-inline'" in policy["style-src"]  # React Flow's style attributes
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]


def test_the_built_editor_has_no_inline_script(settings: Any) -> None:
    index = (settings.LOOM_FRONTEND_DIST / "index.html").read_text()
    scripts = index.split("<script")[1:]
    assert scripts and all(" src=\"/static/" in s.split(">")[0] for s in scripts)


def test_swagger_ui_is_left_out_and_the_api_has_the_policy(people: Personas) -> None:
    client = Client()
    assert "Content-Security-Policy" not in client.get("/api/docs/")  # its CDN script
    assert "Content-Security-Policy" in client.get("/api/schema/")
