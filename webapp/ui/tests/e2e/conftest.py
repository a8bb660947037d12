"""Browser tests: the built app, served by pytest-django's live server, driven by a real
headless Chromium through Playwright. Nothing here skips: a missing build or browser fails
with what to do about it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright

from webapp.conftest import Personas

TIMEOUT_MS = 10_000  # bounds every action and assertion, so a broken page fails fast
VIEWPORT: ViewportSize = {"width": 1400, "height": 900}
PASSWORD = "pw"  # what webapp.conftest.make_user gives every persona


def chromium_path() -> str:
    path = os.environ.get("LOOM_CHROMIUM") or shutil.which("chromium")
    if not path or not Path(path).is_file():
        pytest.fail("no Chromium: install the `chromium` package (apt-get install chromium) "
                    "or point LOOM_CHROMIUM at a Chromium binary", pytrace=False)
    return path


@pytest.fixture(scope="session")
def built_frontend() -> Path:
    index = Path(settings.LOOM_FRONTEND_DIST) / "index.html"
    if not index.is_file():
        pytest.fail(f"{index} is missing: run `make frontend` first", pytrace=False)
    return index


@pytest.fixture(scope="package")
def orm_beside_playwright(django_db_setup: None) -> Iterator[None]:
    """Playwright's sync API keeps an asyncio loop running in the main thread, so Django
    takes every ORM call made there (fixtures creating users, the flush after each test)
    for one inside async code and refuses it. The calls are in fact synchronous, so allow
    them while the browser is up. Depending on django_db_setup makes the test database
    outlive the browser, so tearing it down never meets the loop."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Package scope, not session: the loop Playwright keeps running must be gone before the
# rest of the suite (engine tests call asyncio.run) gets its turn.
@pytest.fixture(scope="package")
def browser(built_frontend: Path, orm_beside_playwright: None) -> Iterator[Browser]:
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        # Never a downloaded browser: the system Chromium, sandbox off for containers.
        chromium = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                              args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A fresh browser context (no cookies) per test, relative URLs against the live server."""
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def sign_in(page: Page, username: str, password: str, next_path: str = "/app/") -> None:
    page.goto(f"/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


@pytest.fixture
def logged_in_page(page: Page, people: Personas) -> Page:
    """Signed in through the login form as the author (an editor)."""
    sign_in(page, people.author.username, PASSWORD)
    expect(page.get_by_test_id("me")).to_contain_text(people.author.username)
    return page
