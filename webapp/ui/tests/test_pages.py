"""The editor's pages: login required, the built app served, /api/me/ tells the roles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings


@pytest.mark.django_db
def test_the_app_needs_a_login(client: Client) -> None:
    response = client.get("/app/graphs/1")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_login_page_signs_in_and_the_app_is_served(client: Client, people: Any,
                                                   tmp_path: Path
                                                   ) -> None:
    (tmp_path / "index.html").write_text("<div id=root></div>", encoding="utf-8")
    page = client.get("/accounts/login/")
    assert page.status_code == 200 and b"loom-demo" in page.content
    bad = client.post("/accounts/login/", {"username": people.author.username,
                                           "password": "wrong"})
    assert bad.status_code == 200 and b"do not match" in bad.content
    ok = client.post("/accounts/login/", {"username": people.author.username,
                                          "password": "pw"})
    assert ok.status_code == 302 and ok["Location"] == "/app/"
    with override_settings(LOOM_FRONTEND_DIST=tmp_path):
        app = client.get("/app/catalog")
    assert app.status_code == 200 and b"<div id=root>" in app.content
    assert "csrftoken" in app.cookies


@pytest.mark.django_db
def test_an_unbuilt_front_end_says_how_to_build_it(client: Client, people: Any, tmp_path: Path
                                                   ) -> None:
    client.force_login(people.viewer)
    with override_settings(LOOM_FRONTEND_DIST=tmp_path):
        response = client.get("/app/")
    assert response.status_code == 503 and b"npm run build" in response.content


@pytest.mark.django_db
def test_me_tells_roles(client: Client, people: Any) -> None:
    assert client.get("/api/me/").status_code in (401, 403)
    client.force_login(people.viewer)
    assert client.get("/api/me/").json() == {"username": people.viewer.username,
                                             "roles": ["viewer"], "can_edit": False}
    client.force_login(people.author)
    assert client.get("/api/me/").json()["can_edit"] is True
