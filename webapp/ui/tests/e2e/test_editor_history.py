"""Undo and redo, from the toolbar and from the keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from webapp.conftest import Personas, create_graph
from webapp.ui.tests.e2e.editor import Editor, small_document

pytestmark = pytest.mark.e2e


@pytest.fixture
def editor(logged_in_page: Page, people: Personas) -> Editor:
    graph = create_graph(people.client(people.author), small_document())
    return Editor(logged_in_page).open(graph["id"])


def test_undo_and_redo_an_added_node_with_the_buttons(editor: Editor) -> None:
    undo = editor.page.get_by_test_id("undo-button")
    redo = editor.page.get_by_test_id("redo-button")
    expect(undo).to_be_disabled()  # nothing done yet
    editor.drop_operator("basic.sort", 400, 300)
    expect(editor.node("sort")).to_be_visible()
    expect(editor.nodes()).to_have_count(3)

    undo.click()
    expect(editor.node("sort")).to_have_count(0)
    expect(editor.nodes()).to_have_count(2)
    expect(editor.save_status).to_have_text("Saved")  # back to the saved document
    expect(undo).to_be_disabled()

    redo.click()
    expect(editor.node("sort")).to_be_visible()
    expect(editor.save_status).to_have_text("Unsaved changes")
    expect(redo).to_be_disabled()


def test_undo_and_redo_from_the_keyboard(editor: Editor) -> None:
    page = editor.page
    editor.select("top")
    editor.set_param("n", "9")
    expect(editor.node("top").locator(".op-node-param")).to_have_text("n 9")
    editor.drop_operator("basic.sort", 400, 300)
    expect(editor.node("sort")).to_be_visible()
    page.get_by_test_id("canvas").locator(".react-flow__pane").click(position={"x": 5, "y": 5})

    page.keyboard.press("Control+z")
    expect(editor.node("sort")).to_have_count(0)
    page.keyboard.press("Control+z")
    expect(editor.node("top").locator(".op-node-param")).to_have_text("n 1")

    page.keyboard.press("Control+Shift+z")
    expect(editor.node("top").locator(".op-node-param")).to_have_text("n 9")
    page.keyboard.press("Control+y")
    expect(editor.node("sort")).to_be_visible()
