"""Live validation: an out-of-range parameter shows up in the problems panel and on the
node, and goes away once fixed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from webapp.conftest import Personas, create_graph
from webapp.ui.tests.e2e.editor import Editor, small_document

pytestmark = pytest.mark.e2e


def test_an_invalid_parameter_is_reported_until_fixed(logged_in_page: Page,
                                                      people: Personas) -> None:
    graph = create_graph(people.client(people.author), small_document())
    editor = Editor(logged_in_page).open(graph["id"])
    problems_panel = logged_in_page.get_by_test_id("problems")
    expect(problems_panel).to_contain_text("No problems")

    editor.select("top")
    editor.set_param("n", "-1")  # below the schema's minimum of 0
    problem = editor.problems("top")
    expect(problem).to_have_count(1)
    expect(problem.locator(".problem-where")).to_have_text("top · params.n")
    expect(editor.node("top").get_by_test_id("node-problem-count")).to_have_text("1")

    editor.set_param("n", "3")
    expect(editor.problems()).to_have_count(0)
    expect(editor.node("top").get_by_test_id("node-problem-count")).to_have_count(0)
    expect(problems_panel).to_contain_text("No problems")
