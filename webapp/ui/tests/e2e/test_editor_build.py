"""Building a graph by hand: a new graph from the list, operators dragged from the palette,
a link drawn between ports, a parameter filled in, saved, and intact after a reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from webapp.ui.tests.e2e.editor import Editor

pytestmark = pytest.mark.e2e


def new_graph(page: Page, name: str) -> Editor:
    page.goto("/app/")
    page.get_by_test_id("new-graph-button").click()
    page.get_by_test_id("new-graph-name").fill(name)
    page.get_by_test_id("new-graph-create").click()
    expect(page).to_have_url(re.compile(r"/app/graphs/\d+$"))
    return Editor(page).wait_loaded()


def test_drag_connect_fill_save_and_reload(logged_in_page: Page) -> None:
    page = logged_in_page
    editor = new_graph(page, "built")
    editor.drop_operator("datasource.table", 150, 150)
    expect(editor.node("table")).to_be_visible()
    editor.drop_operator("basic.limit", 500, 200)
    expect(editor.node("limit")).to_be_visible()
    # A dropped node is selected: the inspector shows it.
    expect(page.get_by_test_id("node-id-input")).to_have_value("limit")

    # Live validation: the limit's required input is not connected yet...
    expect(editor.problems("limit")).to_contain_text("items")
    editor.connect("table", "limit", "items")
    expect(editor.edge("table", "limit", "items")).to_have_count(1)
    # ...and once it is, the problem goes away.
    expect(editor.problems("limit")).to_have_count(0)

    editor.select("limit")
    editor.set_param("n", "7")
    expect(editor.node("limit").locator(".op-node-param")).to_have_text("n 7")
    expect(editor.save_status).to_have_text("Unsaved changes")
    editor.save()

    page.reload()
    editor.wait_loaded()
    expect(editor.nodes()).to_have_count(2)
    expect(editor.edge("table", "limit", "items")).to_have_count(1)
    expect(editor.save_status).to_have_text("Saved")
    editor.select("limit")
    expect(editor.param("n")).to_have_value("7")

    # The server holds the same document (read with the page's own session).
    response = page.request.get(f"/api/graphs/{editor.graph_id}/")
    assert response.ok, response.text()
    graph = response.json()
    assert graph["valid"] is True, graph["errors"]
    nodes = {n["id"]: n for n in graph["document"]["nodes"]}
    assert nodes.keys() == {"table", "limit"}
    assert nodes["table"]["op"] == "datasource.table"
    assert nodes["limit"]["op"] == "basic.limit"
    assert nodes["limit"]["params"] == {"n": 7}
    assert nodes["limit"]["inputs"] == {"items": ["table"]}
