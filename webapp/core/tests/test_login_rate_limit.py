"""Signing in is rate limited: the login page, DRF's /api/auth/login/ and the admin's login
(django-axes, per user name and client address), and token attempts (per client address)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from webapp.conftest import Personas

MESSAGE = "Too many attempts, try again in 15 minutes."


@pytest.fixture(autouse=True)
def clean_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _sign_in(client: Client, url: str, username: str, password: str) -> Any:
    return client.post(url, {"username": username, "password": password, "next": "/app/"})


@pytest.mark.parametrize("url", ["/accounts/login/", "/api/auth/login/", "/admin/login/"])
def test_five_wrong_passwords_lock_the_user_out_at_that_address(people: Personas,
                                                                url: str) -> None:
    client = Client()
    for _ in range(4):
        assert _sign_in(client, url, "viewer", "wrong").status_code == 200  # the form again
    locked = _sign_in(client, url, "viewer", "wrong")  # the fifth
    assert locked.status_code == 429
    assert MESSAGE in locked.content.decode()
    assert locked["Retry-After"] == "900"
    # now even the right password is refused, and says why
    right = _sign_in(client, url, "viewer", "pw")
    assert right.status_code == 429 and MESSAGE in right.content.decode()
    assert "_auth_user_id" not in client.session
    # another user at the same address is not locked out (a typo spree is not a lockout
    # for the whole office behind one address)
    people.editor2.is_staff = True  # so the admin's login lets them in too
    people.editor2.save()
    assert _sign_in(Client(), url, "editor2", "pw").status_code == 302


def test_the_login_page_shows_the_wait_in_the_form(people: Personas) -> None:
    client = Client()
    for _ in range(5):
        _sign_in(client, "/accounts/login/", "viewer", "wrong")
    page = client.get("/accounts/login/")
    assert page.status_code == 200  # looking at the form is fine
    locked = _sign_in(client, "/accounts/login/", "viewer", "pw").content.decode()
    assert 'data-testid="lockout"' in locked and 'data-testid="login-form"' in locked
    assert "do not match" not in locked


def test_the_lockout_ends_after_the_cool_off(people: Personas) -> None:
    client = Client()
    for _ in range(5):
        _sign_in(client, "/accounts/login/", "viewer", "wrong")
    assert _sign_in(client, "/accounts/login/", "viewer", "pw").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = _sign_in(client, "/accounts/login/", "viewer", "pw")
    assert response.status_code == 302 and response["Location"] == "/app/"


def test_a_json_client_gets_the_api_error_shape(people: Personas) -> None:
    client = Client(headers={"Accept": "application/json"})
    for _ in range(5):
        response = _sign_in(client, "/api/auth/login/", "viewer", "wrong")
    assert response.status_code == 429
    assert response.json() == {"errors": [{"code": "too_many_attempts", "node": None,
                                           "field": None, "message": MESSAGE}]}


def test_guessing_tokens_is_refused_after_the_limit(people: Personas, settings: Any) -> None:
    settings.LOOM_TOKEN_FAILURE_LIMIT = 3
    good = Token.objects.create(user=people.viewer).key
    client = APIClient()
    assert client.get("/api/graphs/", HTTP_AUTHORIZATION=f"Token {good}").status_code == 200
    for i in range(3):
        bad = client.get("/api/graphs/", HTTP_AUTHORIZATION=f"Token {'0' * 39}{i}")
        assert bad.status_code in (401, 403), bad.content
    refused = client.get("/api/graphs/", HTTP_AUTHORIZATION=f"Token {good}")
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["code"] == "too_many_attempts"
    assert refused.json()["errors"][0]["message"] == MESSAGE
    assert int(refused["Retry-After"]) == 900
    # another address is not affected; sessions are not either
    other = client.get("/api/graphs/", HTTP_AUTHORIZATION=f"Token {good}",
                       REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    cache.clear()  # the cool-off has passed
    assert client.get("/api/graphs/", HTTP_AUTHORIZATION=f"Token {good}").status_code == 200
