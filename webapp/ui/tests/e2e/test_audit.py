"""The audit log in the browser: the writes listed newest first, filtered by action, who
and time, a page at a time, and each entry opened to its details (a graph update as a
graph diff, a bucket save field by field)."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from webapp.conftest import SIMPLE_DOC, Personas
from webapp.experiments import logic as traffic
from webapp.experiments.models import Bucket, Experiment, Layer
from webapp.graphs import logic as graphs
from webapp.graphs.models import Graph
from webapp.scenes.models import Scene

pytestmark = pytest.mark.e2e

WRITES = ["experiment.start", "bucket.save", "experiment.save", "layer.save", "graph.snapshot",
          "graph.update", "graph.create"]  # newest first


def edited(document: dict[str, Any]) -> dict[str, Any]:
    """SIMPLE_DOC with top's n changed and a node linked after it."""
    doc = copy.deepcopy(document)
    doc["nodes"][1]["params"]["n"] = 3
    doc["nodes"].append({"id": "cut", "op": "basic.limit", "params": {"n": 1},
                         "inputs": {"items": ["top"]}})
    return doc


@pytest.fixture
def history(people: Personas) -> Graph:
    """One write of each kind, by the author, in the order of WRITES reversed."""
    author = people.author
    graph = graphs.create_graph(author, SIMPLE_DOC)
    graph = graphs.update_graph(graph.pk, graph.revision, author, {"document": edited(SIMPLE_DOC)})
    scene = Scene.objects.create(slug="feed", name="Feed",
                                 production_version=graphs.snapshot(graph, author))
    layer = traffic.save_layer(Layer(scene=scene, name="Ranking", slug="ranking",
                                     keys=["node.top.param.*"]), author)
    experiment = traffic.save_experiment(Experiment(layer=layer, name="limit-test"), author)
    traffic.save_bucket(Bucket(experiment=experiment, name="treat", start=0, end=5000,
                               overrides={"node.top.param.n": "2"}), author)
    traffic.start_experiment(experiment, author)
    return graph


def entries(page: Page) -> Locator:
    return page.get_by_test_id("audit-entry")


def entry(page: Page, action: str) -> Locator:
    return page.locator(f'[data-testid=audit-entry][data-action="{action}"]')


def test_the_log_lists_the_writes_and_filters_them(logged_in_page: Page,
                                                   history: Graph) -> None:
    page = logged_in_page
    page.get_by_test_id("nav-audit").click()
    expect(page.get_by_test_id("audit-count")).to_have_text("1–7 of 7")
    expect(entries(page).get_by_test_id("audit-action")).to_have_text(WRITES)
    expect(entry(page, "graph.update")).to_contain_text("author")
    expect(entry(page, "graph.update").get_by_test_id("audit-summary")).to_have_text(
        "1 node added, 1 edge added, 1 param changed")

    filters = page.get_by_test_id("audit-filters")
    filters.get_by_test_id("filter-action").fill("experiment.start")
    filters.get_by_test_id("filter-apply").click()
    expect(page).to_have_url(re.compile(r"/app/audit\?action=experiment\.start$"))
    expect(entries(page)).to_have_count(1)
    expect(entries(page).get_by_test_id("audit-action")).to_have_text("experiment.start")
    expect(page.get_by_test_id("audit-count")).to_have_text("1–1 of 1")

    # The filter survives a reload (it is in the URL); another user's writes: none.
    page.reload()
    expect(filters.get_by_test_id("filter-action")).to_have_value("experiment.start")
    filters.get_by_test_id("filter-action").fill("")
    filters.get_by_test_id("filter-actor").fill("approver")
    filters.get_by_test_id("filter-apply").click()
    expect(page.get_by_test_id("audit-empty")).to_have_text("No entries match these filters.")

    # A time span: nothing was written in the future, all of it since 2000.
    filters.get_by_test_id("filter-clear").click()
    expect(entries(page)).to_have_count(7)
    filters.get_by_test_id("filter-since").fill("2099-01-01T00:00")
    filters.get_by_test_id("filter-apply").click()
    expect(page.get_by_test_id("audit-empty")).to_be_visible()
    filters.get_by_test_id("filter-since").fill("2000-01-01T00:00")
    filters.get_by_test_id("filter-apply").click()
    expect(entries(page)).to_have_count(7)

    # A target's history, from one of its entries.
    entry(page, "bucket.save").get_by_test_id("audit-history").click()
    expect(page).to_have_url(re.compile(r"target_type=experiments\.bucket"))
    expect(entries(page)).to_have_count(1)


def test_an_entry_opens_to_its_graph_diff_or_field_changes(logged_in_page: Page,
                                                           history: Graph) -> None:
    page = logged_in_page
    page.goto("/app/audit")
    update = entry(page, "graph.update")
    update.get_by_test_id("audit-toggle").click()
    diff = page.get_by_test_id("audit-details").get_by_test_id("graph-diff")
    lines = diff.get_by_test_id("diff-line")
    expect(lines).to_have_count(3)
    expect(diff.locator('[data-section=nodes][data-change=added]')).to_have_text("+ node cut")
    expect(diff.locator('[data-section=edges][data-change=added]')).to_have_text(
        "+ link top → cut.items")
    param = diff.locator('[data-section=params][data-change=changed]')
    expect(param).to_contain_text("~ top.n")
    expect(param.locator(".diff-fields")).to_have_text("value: 1 → 3")
    update.get_by_test_id("audit-toggle").click()  # a second click closes it
    expect(page.get_by_test_id("audit-details")).to_have_count(0)

    entry(page, "bucket.save").click()
    fields = page.get_by_test_id("audit-details").get_by_test_id("field-changes")
    expect(fields.locator('tr[data-field="end"]')).to_contain_text("5000")
    expect(fields.locator('tr[data-field="overrides"]')).to_contain_text(
        "+ node.top.param.n → 2")


def test_the_log_pages(logged_in_page: Page, people: Personas) -> None:
    graph = graphs.create_graph(people.author, SIMPLE_DOC)
    doc = copy.deepcopy(SIMPLE_DOC)
    for n in range(2, 32):
        doc["nodes"][1]["params"]["n"] = n
        graph = graphs.update_graph(graph.pk, graph.revision, people.author, {"document": doc})
    page = logged_in_page
    page.goto("/app/audit")
    expect(page.get_by_test_id("audit-count")).to_have_text("1–25 of 31")
    expect(entries(page)).to_have_count(25)
    page.get_by_test_id("audit-next").click()
    expect(page).to_have_url(re.compile(r"offset=25"))
    expect(page.get_by_test_id("audit-count")).to_have_text("26–31 of 31")
    expect(entries(page).last.get_by_test_id("audit-action")).to_have_text("graph.create")
    expect(page.get_by_test_id("audit-next")).to_be_disabled()
    page.get_by_test_id("audit-prev").click()
    expect(page.get_by_test_id("audit-count")).to_have_text("1–25 of 31")
