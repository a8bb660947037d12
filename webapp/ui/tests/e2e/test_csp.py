"""The editor under its Content-Security-Policy: signing in, building a node, filling its
parameter form (Ajv compiles the schema) and the catalog page raise no CSP violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from webapp.conftest import Personas
from webapp.ui.tests.e2e.conftest import PASSWORD, sign_in
from webapp.ui.tests.e2e.test_editor_build import new_graph

pytestmark = pytest.mark.e2e

RECORD = """window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));"""


def test_no_policy_violation_in_the_editor(page: Page, people: Personas) -> None:
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    page.add_init_script(RECORD)
    response = page.goto("/accounts/login/")
    assert response is not None and "default-src 'self'" in response.headers[
        "content-security-policy"]
    sign_in(page, people.author.username, PASSWORD)
    expect(page.get_by_test_id("me")).to_contain_text(people.author.username)
    editor = new_graph(page, "csp")
    editor.drop_operator("basic.limit", 300, 200)
    editor.select("limit")
    editor.set_param("n", "7")
    expect(editor.node("limit").locator(".op-node-param")).to_have_text("n 7")
    assert page.evaluate("window.__csp") == []
    page.goto("/app/catalog/basic.limit")
    expect(page.get_by_text("basic.limit").first).to_be_visible()  # ports, params, example
    assert page.evaluate("window.__csp") == []
    assert not [m for m in console if "Content Security Policy" in m], console
