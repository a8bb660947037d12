"""The operator catalog in a real browser: list, search, category filter, detail page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from operators import default_registry

pytestmark = pytest.mark.e2e


def test_the_list_shows_every_registered_operator(logged_in_page: Page) -> None:
    page = logged_in_page
    page.goto("/app/catalog")
    expect(page.get_by_test_id("catalog-item")).to_have_count(len(default_registry().catalog()))
    card = page.locator('[data-testid=catalog-item][data-id="recall.hot_items"]')
    expect(card).to_contain_text("Hot Items")
    expect(card).to_contain_text("() → Dataset")


def test_search_narrows_the_list_and_lands_in_the_url(logged_in_page: Page) -> None:
    page = logged_in_page
    page.goto("/app/catalog")
    page.get_by_test_id("catalog-search").fill("hot")
    items = page.get_by_test_id("catalog-item")
    expect(items).to_have_count(1)
    expect(items).to_have_attribute("data-id", "recall.hot_items")
    expect(page).to_have_url(re.compile(r"/app/catalog\?q=hot$"))


def test_a_category_shows_only_its_operators(logged_in_page: Page) -> None:
    page = logged_in_page
    page.goto("/app/catalog")
    merge = page.get_by_test_id("catalog-category-merge")
    expect(merge).to_contain_text("3")
    merge.click()
    expect(page).to_have_url(re.compile(r"\?category=merge$"))
    expect(page.get_by_test_id("catalog-item")).to_have_count(3)
    ids = page.get_by_test_id("catalog-item").evaluate_all(
        "cards => cards.map(c => c.dataset.id)")
    assert all(name.startswith("merge.") for name in ids), ids
    page.get_by_test_id("catalog-category-all").click()
    expect(page.get_by_test_id("catalog-item")).to_have_count(len(default_registry().catalog()))


def test_a_filtered_url_opens_filtered(logged_in_page: Page) -> None:
    page = logged_in_page
    page.goto("/app/catalog?category=recall&q=items")
    expect(page.get_by_test_id("catalog-search")).to_have_value("items")
    expect(page.get_by_test_id("catalog-item").first).to_be_visible()
    ids = page.get_by_test_id("catalog-item").evaluate_all(
        "cards => cards.map(c => c.dataset.id)")
    assert ids and all(name.startswith("recall.") for name in ids), ids


def test_the_detail_page_documents_ports_params_and_an_example(logged_in_page: Page) -> None:
    page = logged_in_page
    page.goto("/app/catalog?q=hot")
    page.locator('[data-testid=catalog-item][data-id="recall.hot_items"]').click()
    expect(page).to_have_url(re.compile(r"/app/catalog/recall\.hot_items$"))
    detail = page.get_by_test_id("operator-detail")
    expect(detail).to_contain_text("Most popular items")
    expect(page.get_by_test_id("ports-table")).to_contain_text("Dataset")
    rows = page.get_by_test_id("param-row")
    expect(rows).to_have_count(7)
    limit = page.locator('[data-testid=param-row][data-id="limit"]')
    expect(limit).to_contain_text("1 – 5000")
    expect(limit).to_contain_text("200")
    expect(page.locator('[data-testid=param-row][data-id="category_id"]')).to_contain_text(
        "str | null")
    example = page.get_by_test_id("example-node")
    expect(example).to_be_visible()
    expect(example).to_contain_text('"op": "recall.hot_items"')
    expect(page.get_by_test_id("operator-graphs")).to_contain_text("No saved graph")
