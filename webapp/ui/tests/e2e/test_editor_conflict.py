"""Two editors on one graph: saving over a revision someone else saved meanwhile opens
the conflict dialog, which lists both sides' changes and lets the user keep theirs or mine."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from webapp.conftest import Personas, create_graph
from webapp.graphs.models import Graph
from webapp.ui.tests.e2e.editor import Editor, small_document

pytestmark = pytest.mark.e2e


def save_as_someone_else(people: Personas, graph: dict[str, Any]) -> None:
    """editor2 adds a node "fresh" through the API: the server moves to revision 2."""
    document = copy.deepcopy(graph["document"])
    document["nodes"].append({"id": "fresh", "op": "datasource.table",
                              "position": {"x": 0, "y": 200}, "params": {}})
    response = people.client(people.editor2).put(
        f"/api/graphs/{graph['id']}/", {"document": document}, format="json",
        HTTP_IF_MATCH=graph["etag"])
    assert response.status_code == 200, response.content
    assert response.json()["revision"] == 2


def open_conflict(page: Page, people: Personas) -> tuple[Editor, int]:
    """Open a graph, let editor2 save it, change `top.n` here and save: the dialog opens."""
    graph = create_graph(people.client(people.author), small_document())
    editor = Editor(page).open(graph["id"])
    save_as_someone_else(people, graph)
    editor.select("top")
    editor.set_param("n", "5")
    page.get_by_test_id("save-button").click()
    dialog = page.get_by_test_id("conflict-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Revision 2 was saved by editor2")
    expect(dialog.locator(".diff-list").first).to_have_text("added: fresh")
    expect(dialog.locator(".diff-list").nth(1)).to_have_text("changed top: params.n")
    return editor, graph["id"]


def test_keep_mine_saves_as_the_next_revision(logged_in_page: Page, people: Personas) -> None:
    editor, graph_id = open_conflict(logged_in_page, people)
    logged_in_page.get_by_test_id("conflict-keep-mine").click()
    expect(logged_in_page.get_by_test_id("conflict-dialog")).to_have_count(0)
    expect(editor.save_status).to_have_text("Saved")
    expect(logged_in_page.get_by_test_id("editor-toolbar")).to_contain_text("r3")

    graph = Graph.objects.get(pk=graph_id)
    assert graph.revision == 3
    assert graph.updated_by.username == "author"
    nodes = {n["id"]: n for n in graph.document["nodes"]}
    assert nodes.keys() == {"items", "top"}  # mine: their "fresh" is gone
    assert nodes["top"]["params"] == {"n": 5}


def test_reload_theirs_shows_the_server_version(logged_in_page: Page,
                                                people: Personas) -> None:
    editor, graph_id = open_conflict(logged_in_page, people)
    logged_in_page.get_by_test_id("conflict-reload").click()
    expect(logged_in_page.get_by_test_id("conflict-dialog")).to_have_count(0)
    expect(editor.node("fresh")).to_be_visible()
    expect(editor.node("top").locator(".op-node-param")).to_have_text("n 1")
    expect(editor.save_status).to_have_text("Saved")
    expect(logged_in_page.get_by_test_id("editor-toolbar")).to_contain_text("r2")
    assert Graph.objects.get(pk=graph_id).revision == 2
