"""The monitoring page in the browser: served recommendations of a scene whose optional
node's database is down trip that node's breaker; the page then shows the latency chart,
the failing node first in the ranking, the open breaker (reset by an editor, after a
confirmation, to closed) and a run's trace as a waterfall."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import redis
from django.db import connection
from playwright.sync_api import Page, expect

from webapp.conftest import Personas
from webapp.graphs import logic as graphs
from webapp.monitoring.tests.test_api import FLAKY_DOC
from webapp.runs.models import Run
from webapp.scenes.models import Scene

pytestmark = pytest.mark.e2e


def _recommend(people: Personas, times: int) -> list[int]:
    client = people.client(people.viewer)
    try:
        return [client.post("/api/scenes/flaky/recommend/", {"unit_id": "u1", "context": {}},
                            format="json").status_code for _ in range(times)]
    finally:
        connection.close()  # this thread's own connection


@pytest.fixture
def tripped(people: Personas, web_redis: str, redis_sync: redis.Redis,
            settings: Any) -> Scene:
    """Scene "flaky" after 4 recommendations: node "extra" failed 3 times (its breaker
    opened) and was then short-circuited."""
    settings.LOOM_BREAKER_MINIMUM_CALLS = 3
    settings.LOOM_BREAKER_OPEN_DURATION_S = 600
    graph = graphs.create_graph(people.author, FLAKY_DOC)
    scene = Scene.objects.create(slug="flaky", name="Flaky",
                                 production_version=graphs.snapshot(graph, people.author))
    # In a thread of its own: the engine refuses to run beside Playwright's event loop,
    # which runs in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        codes = pool.submit(_recommend, people, 4).result()
    assert codes == [200] * 4
    assert [r.node_status["extra"] for r in Run.objects.order_by("created_at")] == [
        "failed", "failed", "failed", "broken"]
    return scene


def test_the_monitoring_page_shows_latency_nodes_breakers_and_a_trace(
        logged_in_page: Page, tripped: Scene) -> None:
    page = logged_in_page
    page.get_by_test_id("nav-monitoring").click()
    expect(page.get_by_test_id("monitoring-scene")).to_have_value("flaky")

    chart = page.get_by_test_id("latency-chart")
    expect(chart).to_have_attribute("data-points", "1")
    expect(chart.locator("canvas")).to_be_visible()

    ranking = page.get_by_test_id("node-ranking-row")
    expect(ranking.first).to_have_attribute("data-node", "extra")
    expect(ranking.first).to_contain_text("75 %")
    expect(page.get_by_test_id("slowest-row").first).to_be_visible()

    extra = page.locator('[data-testid=breaker-row][data-node="extra"]')
    expect(extra).to_have_attribute("data-state", "open")
    expect(page.get_by_test_id("breaker-row").first).to_have_attribute("data-node", "extra")
    extra.get_by_test_id("breaker-reset").click()
    expect(extra.get_by_test_id("breaker-confirm")).to_contain_text("call the node again")
    extra.get_by_test_id("breaker-confirm-ok").click()
    expect(extra).to_have_attribute("data-state", "closed")
    expect(extra.get_by_test_id("breaker-state")).to_have_text("closed")

    runs = page.get_by_test_id("run-row")
    expect(runs).to_have_count(4)
    runs.first.click()
    waterfall = page.get_by_test_id("run-trace").get_by_test_id("waterfall")
    expect(waterfall.locator('[data-testid=waterfall-row][data-id="extra"]')).to_have_attribute(
        "data-status", "broken")
    expect(waterfall.locator('[data-testid=waterfall-row][data-id="items"]')).to_have_attribute(
        "data-status", "ok")


def test_a_viewer_sees_the_board_without_reset(page: Page, people: Personas,
                                               tripped: Scene) -> None:
    from webapp.ui.tests.e2e.conftest import PASSWORD, sign_in

    sign_in(page, people.viewer.username, PASSWORD, "/app/monitoring?scene=flaky")
    extra = page.locator('[data-testid=breaker-row][data-node="extra"]')
    expect(extra).to_have_attribute("data-state", "open")
    expect(page.get_by_test_id("breaker-reset")).to_have_count(0)
