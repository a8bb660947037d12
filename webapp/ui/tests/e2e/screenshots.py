"""Screenshots for the docs: the operator catalog (docs/catalog.png, docs/operator.png) and
the graph editor (docs/editor.png).

Run `python -m webapp.ui.tests.e2e.screenshots` (after building the front end). The name
does not match test_*.py on purpose: the normal suite never rewrites the images; this
module hands itself to pytest to reuse the live server, browser and login fixtures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

if TYPE_CHECKING:  # importing models before pytest-django sets Django up would fail
    from webapp.conftest import Personas

pytestmark = pytest.mark.e2e


def _node(node_id: str, op: str, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "op": op, "params": params, **extra}


# Two small graphs, so "Graphs that use it" on the operator page has something to show.
HOME_FEED: dict[str, Any] = {
    "schema": 1,
    "name": "home_feed",
    "nodes": [
        _node("hot", "recall.hot_items", {"limit": 200}),
        _node("cf", "recall.item_cf", {"limit": 300}, optional=True),
        _node("merge", "merge.weighted_quota", {"limit": 100},
              inputs={"sources": ["cf", "hot"]}),
        _node("top", "basic.limit", {"n": 50}, inputs={"items": ["merge"]}),
    ],
}
NEW_USERS: dict[str, Any] = {
    "schema": 1,
    "name": "new_users",
    "nodes": [
        _node("hot_local", "recall.hot_items", {"limit": 100, "category_path": "user.city"}),
        _node("hot_all", "recall.hot_items", {"limit": 100}),
        _node("merge", "merge.priority", {}, inputs={"sources": ["hot_local", "hot_all"]}),
    ],
}


def docs_dir() -> Path:
    path = Path(settings.BASE_DIR) / "docs"
    path.mkdir(exist_ok=True)
    return path


def test_write_screenshots(logged_in_page: Page, people: Personas) -> None:
    from webapp.conftest import create_graph

    editor = people.client(people.author)
    for document in (HOME_FEED, NEW_USERS):
        create_graph(editor, document)
    page = logged_in_page
    out = docs_dir()

    page.goto("/app/catalog")
    expect(page.get_by_test_id("catalog-item").first).to_be_visible()
    page.get_by_test_id("catalog-search").blur()  # no focus ring in the picture
    page.screenshot(path=str(out / "catalog.png"))

    page.goto("/app/catalog/recall.hot_items")
    expect(page.get_by_test_id("operator-graphs")).to_contain_text("new_users")
    page.screenshot(path=str(out / "operator.png"))


def test_write_editor_screenshot(logged_in_page: Page, people: Personas) -> None:
    """The demo graph around its recall group, a node just dropped from the palette and
    selected: its inspector on the right, its problems below the canvas."""
    from operators.demo.scene import home_feed_document
    from webapp.conftest import create_graph
    from webapp.ui.tests.e2e.editor import Editor

    document = home_feed_document(Path(settings.LOOM_MODEL_DIR) / "demo_ctr.onnx")
    graph = create_graph(people.client(people.author), document)
    page = logged_in_page
    editor = Editor(page).open(graph["id"])
    # The graph is long and thin: zoom in on the recall group, merge and the first filters.
    editor.zoom_at("merge", -9)
    editor.pan_to("merge", 0.6, 0.68)
    pool = editor.node("pool").bounding_box()
    canvas = page.get_by_test_id("canvas").bounding_box()
    assert pool and canvas
    editor.drop_operator("basic.sort", pool["x"] - canvas["x"] + pool["width"] / 2,
                         pool["y"] - canvas["y"] - 150)
    expect(editor.problems("sort")).to_have_count(2)
    page.locator(".palette-list").evaluate("list => list.scrollTo(0, 0)")
    page.mouse.move(0, 0)  # no hover highlight in the picture
    page.screenshot(path=str(docs_dir() / "editor.png"))


def _rows(prefix: str, scores: list[float]) -> list[dict[str, Any]]:
    return [{"item_id": f"{prefix}{i}", "score": score} for i, score in enumerate(scores)]


# Runs without Redis: table sources, a condition on the request context, merge, rank.
# Placed by hand, compact enough to show every node in full at the fitted zoom.
RUNNABLE: dict[str, Any] = {
    "schema": 1,
    "name": "starter_feed",
    "nodes": [
        _node("is_new", "control.condition", {"expr": "ctx.user.days_since_signup < 7"},
              position={"x": 0, "y": 0}),
        _node("editorial", "datasource.table",
              {"rows": _rows("e", [0.9, 0.7, 0.4]), "tag": "editorial"}, when="is_new",
              position={"x": 0, "y": 130}),
        _node("similar", "datasource.table",
              {"rows": _rows("s", [0.8, 0.6, 0.5, 0.3]), "tag": "similar"}, unless="is_new",
              position={"x": 0, "y": 260}),
        _node("popular", "datasource.table",
              {"rows": _rows("p", [0.95, 0.5, 0.2]), "tag": "popular"},
              position={"x": 0, "y": 390}),
        _node("merge", "merge.priority", {}, position={"x": 280, "y": 240},
              inputs={"sources": ["editorial", "similar", "popular"]}),
        _node("ranked", "basic.sort", {"by": "score"}, position={"x": 540, "y": 240},
              inputs={"items": ["merge"]}),
        _node("top", "basic.limit", {"n": 5}, position={"x": 800, "y": 240},
              inputs={"items": ["ranked"]}),
    ],
}


def test_write_editor_run_screenshot(logged_in_page: Page, people: Personas) -> None:
    """A test run: statuses and durations on the nodes, the waterfall in the side panel."""
    from webapp.conftest import create_graph
    from webapp.ui.tests.e2e.editor import Editor

    graph = create_graph(people.client(people.author), RUNNABLE)
    page = logged_in_page
    editor = Editor(page).open(graph["id"])
    page.get_by_test_id("tab-test-run").click()
    page.get_by_test_id("run-context").fill(
        '{"user": {"id": "u42", "days_since_signup": 30}}')
    page.get_by_test_id("run-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "ok")
    expect(editor.node("editorial")).to_have_attribute("data-status", "skipped")
    page.get_by_test_id("waterfall").locator('[data-id="ranked"]').click()
    page.mouse.move(0, 0)
    page.screenshot(path=str(docs_dir() / "editor-run.png"))


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q", "-m", "e2e", "-p", "no:cacheprovider"]))
