"""A test run from the editor: a context, Run, then statuses on the canvas and a timing
waterfall (Celery runs eagerly in the tests, so the answer comes back at once)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from webapp.conftest import Personas, create_graph
from webapp.ui.tests.e2e.editor import Editor, small_document

pytestmark = pytest.mark.e2e
DURATION = re.compile(r"^\d+(\.\d+)? (µs|ms|s)$")


def test_a_test_run_shows_statuses_and_timings(logged_in_page: Page, people: Personas) -> None:
    page = logged_in_page
    graph = create_graph(people.client(people.author), small_document(n=1))
    editor = Editor(page).open(graph["id"])
    page.get_by_test_id("tab-test-run").click()
    page.get_by_test_id("run-context").fill('{"user": {"id": "u1"}}')
    page.get_by_test_id("run-button").click()

    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "ok")
    waterfall = page.get_by_test_id("waterfall")
    for node_id in ("items", "top"):
        row = waterfall.locator(f'[data-testid=waterfall-row][data-kind=node][data-id="{node_id}"]')
        expect(row).to_have_attribute("data-status", "ok")
        expect(row.locator(".wf-time")).to_have_text(DURATION)
        # The canvas paints the run too: status and duration on each node.
        expect(editor.node(node_id)).to_have_attribute("data-status", "ok")
        expect(editor.node(node_id).locator(".op-node-sub")).to_contain_text(
            re.compile(r"\d (µs|ms)"))

    # A click on a waterfall row selects its node.
    waterfall.locator('[data-testid=waterfall-row][data-id="top"]').click()
    expect(editor.node("top")).to_have_class(re.compile(r"\bselected\b"))
