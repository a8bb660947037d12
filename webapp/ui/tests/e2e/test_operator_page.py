"""The operator page's live parts: graphs using the operator, copying the example node."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, Route, expect

from webapp.conftest import Personas, create_graph

pytestmark = pytest.mark.e2e


def test_it_lists_the_graphs_using_the_operator(logged_in_page: Page, people: Personas) -> None:
    graph = create_graph(people.client(people.author))  # webapp.conftest.SIMPLE_DOC
    page = logged_in_page
    page.goto("/app/catalog/basic.limit")
    used = page.get_by_test_id("operator-graphs")
    expect(used.get_by_role("link", name="simple")).to_have_attribute(
        "href", f"/app/graphs/{graph['id']}")
    expect(used).to_contain_text("top")


def test_a_server_without_the_graphs_endpoint_gets_plain_words(logged_in_page: Page) -> None:
    def not_found(route: Route) -> None:
        route.fulfill(status=404, json={"detail": "Not found."})

    page = logged_in_page
    page.route("**/api/operators/*/graphs/", not_found)
    page.goto("/app/catalog/basic.limit")
    expect(page.get_by_test_id("operator-graphs")).to_contain_text(
        "cannot list the graphs that use an operator yet")


def test_copy_puts_the_example_node_on_the_clipboard(logged_in_page: Page) -> None:
    page = logged_in_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/app/catalog/basic.sort")
    example = page.get_by_test_id("example-node")
    example.get_by_role("button", name="Copy").click()
    expect(example.get_by_role("button")).to_have_text("Copied")
    node = json.loads(page.evaluate("navigator.clipboard.readText()"))
    assert node == {"id": "sort", "op": "basic.sort", "params": {"by": "score"},
                    "inputs": {"items": ["items_source"]}}


def test_an_unknown_operator_says_so(logged_in_page: Page) -> None:
    page = logged_in_page
    page.goto("/app/catalog/nope.nope")
    expect(page.get_by_role("alert")).to_contain_text("no operator named nope.nope")
