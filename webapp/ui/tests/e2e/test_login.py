"""Signing in through the real login form, in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from webapp.conftest import Personas
from webapp.ui.tests.e2e.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.e2e


def test_the_app_sends_a_stranger_to_the_login_page(page: Page) -> None:
    page.goto("/app/catalog")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/app/catalog$"))
    expect(page.get_by_test_id("login-form")).to_be_visible()


def test_a_wrong_password_is_refused_in_words(page: Page, people: Personas) -> None:
    sign_in(page, people.author.username, "not-the-password")
    expect(page.get_by_role("alert")).to_have_text(
        "That user name and password do not match.")
    expect(page.get_by_test_id("me")).to_have_count(0)


def test_the_right_password_opens_the_app_with_the_user_in_the_top_bar(
        page: Page, people: Personas, live_server: Any) -> None:
    sign_in(page, people.author.username, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/app/")
    expect(page.get_by_test_id("me")).to_contain_text(f"{people.author.username} (editor)")
