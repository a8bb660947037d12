"""Screenshots of the operator catalog for the docs: docs/catalog.png and docs/operator.png.

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


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q", "-m", "e2e", "-p", "no:cacheprovider"]))
