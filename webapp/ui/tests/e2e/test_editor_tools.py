"""The editor's smaller tools: the graph list opening a graph, palette search and
double-click to add, the shortcuts help, auto-layout."""

from __future__ import annotations

import copy

import pytest
from playwright.sync_api import Page, expect

from webapp.conftest import Personas, create_graph
from webapp.ui.tests.e2e.editor import Editor, small_document

pytestmark = pytest.mark.e2e


def test_the_graph_list_opens_a_graph(logged_in_page: Page, people: Personas) -> None:
    graph = create_graph(people.client(people.author), small_document("listed"))
    page = logged_in_page
    page.goto("/app/")
    row = page.locator(f'[data-testid=graph-row][data-graph-id="{graph["id"]}"]')
    expect(row).to_contain_text("listed")
    row.click()
    editor = Editor(page).wait_loaded()
    assert editor.graph_id == graph["id"]
    expect(editor.nodes()).to_have_count(2)


def test_palette_search_and_double_click(logged_in_page: Page, people: Personas) -> None:
    graph = create_graph(people.client(people.author), small_document())
    editor = Editor(logged_in_page).open(graph["id"])
    page = editor.page
    page.get_by_test_id("palette-search").fill("dedupe")
    expect(page.get_by_test_id("palette-item-basic.dedupe")).to_be_visible()
    expect(page.get_by_test_id("palette-item-basic.limit")).to_have_count(0)
    page.get_by_test_id("palette-item-basic.dedupe").dblclick()
    expect(editor.node("dedupe")).to_be_visible()
    expect(page.get_by_test_id("node-id-input")).to_have_value("dedupe")


def test_the_shortcuts_help(logged_in_page: Page, people: Personas) -> None:
    graph = create_graph(people.client(people.author), small_document())
    page = Editor(logged_in_page).open(graph["id"]).page
    page.get_by_test_id("help-button").click()
    help_panel = page.get_by_test_id("help-panel")
    expect(help_panel).to_contain_text("Undo")
    page.keyboard.press("Escape")
    expect(help_panel).to_have_count(0)
    page.keyboard.press("?")
    expect(help_panel).to_be_visible()


def test_auto_layout_puts_sources_left_of_consumers(logged_in_page: Page,
                                                    people: Personas) -> None:
    document = copy.deepcopy(small_document())
    document["nodes"][0]["position"] = {"x": 700, "y": 300}  # the source right of its consumer
    document["nodes"][1]["position"] = {"x": 0, "y": 0}
    editor = Editor(logged_in_page).open(create_graph(people.client(people.author),
                                                      document)["id"])
    editor.page.get_by_test_id("layout-button").click()
    expect(editor.save_status).to_have_text("Unsaved changes")
    # The new positions reach the DOM a frame or more after the document: wait for them.
    editor.page.wait_for_function("""() => {
        const box = (id) => document.querySelector(`.react-flow__node[data-id="${id}"]`)
            ?.getBoundingClientRect();
        const items = box("items"), top = box("top");
        return items && top && items.right <= top.left && Math.abs(items.top - top.top) < 40;
    }""")
    items, top = (editor.node(n).bounding_box() for n in ("items", "top"))
    assert items and top and items["x"] + items["width"] <= top["x"], (items, top)
    assert abs(items["y"] - top["y"]) < 40  # one row: a chain laid out left to right
