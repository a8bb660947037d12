"""Rule scenes (CEP) in the browser: the kind badge and an admin making a rules scene, a
rule scene's rules in plain words, the matches page filtered through its URL, the editor's
Simulate tab (sample events, run, a match on the timeline), the node inspector editing a
sequence's nested steps, and the replay of events on a rule rollout's review page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import redis
from playwright.sync_api import Page, expect

from webapp.cep.demo import cart_rescue_document
from webapp.cep.models import Match
from webapp.cep.tests.conftest import (
    cep_redis,  # noqa: F401 (a fixture)
    count_rule,
    now_ms,
    rule_scene,
)
from webapp.conftest import Personas, create_graph
from webapp.graphs import logic as graphs
from webapp.graphs.models import Graph
from webapp.rollouts import logic as rollouts
from webapp.rollouts.models import Rollout
from webapp.runs.models import Run
from webapp.scenes.models import Scene
from webapp.ui.tests.e2e.conftest import PASSWORD, sign_in
from webapp.ui.tests.e2e.editor import Editor, small_document

pytestmark = pytest.mark.e2e


def funnel_document() -> dict[str, Any]:
    """A rule graph with a sequence (click then cart within a minute, per item) whose
    match is recorded; positioned, so the editor's copy equals the server's."""
    return {"schema": 1, "name": "funnel", "nodes": [
        {"id": "funnel", "op": "cep.sequence", "position": {"x": 0, "y": 0},
         "params": {"steps": [{"type": "click"}, {"type": "cart"}], "within_ms": 60_000,
                    "group_by": "item_id"}},
        {"id": "keep", "op": "action.record", "when": "funnel", "position": {"x": 320, "y": 0},
         "params": {"label": "funnel"}},
    ]}


def test_the_scene_list_shows_kinds_and_an_admin_makes_a_rules_scene(
        page: Page, people: Personas, scene: Scene) -> None:
    rule_scene(people, cart_rescue_document(), slug="cart_rescue")
    sign_in(page, people.admin.username, PASSWORD, "/app/scenes")
    rules_row = page.locator('[data-testid=scene-row][data-slug="cart_rescue"]')
    expect(rules_row.get_by_test_id("scene-kind")).to_have_text("rules")
    expect(page.locator('[data-testid=scene-row][data-slug="feed"]')
           .get_by_test_id("scene-kind")).to_have_text("recommend")

    page.get_by_test_id("new-scene-button").click()
    form = page.get_by_test_id("scene-form")
    # A slug already taken: the server's words next to the slug field, nothing made.
    form.get_by_test_id("scene-name").fill("Feed")
    expect(form.get_by_test_id("scene-slug")).to_have_value("feed")
    form.get_by_test_id("scene-save").click()
    expect(form.get_by_test_id("scene-slug-error")).to_contain_text("exists")

    form.get_by_test_id("scene-name").fill("Churn watch")
    form.get_by_test_id("scene-slug").fill("churn_watch")
    form.get_by_test_id("scene-kind-rules").check()
    form.get_by_test_id("scene-save").click()
    detail = page.get_by_test_id("scene-detail")
    expect(detail).to_have_attribute("data-slug", "churn_watch")
    expect(detail.get_by_test_id("scene-kind")).to_have_text("rules")
    # No version yet: the rules panel says so in the server's words.
    expect(page.get_by_test_id("rules-problems")).to_contain_text("no production version")
    assert Scene.objects.get(slug="churn_watch").kind == Scene.Kind.RULES


def test_an_editor_gets_no_new_scene_button(logged_in_page: Page, scene: Scene) -> None:
    page = logged_in_page
    page.goto("/app/scenes")
    expect(page.locator('[data-testid=scene-row][data-slug="feed"]')).to_be_visible()
    expect(page.get_by_test_id("new-scene-button")).to_have_count(0)


def test_a_rule_scene_lists_its_rules_in_plain_words(logged_in_page: Page,
                                                     people: Personas) -> None:
    page = logged_in_page
    rule_scene(people, cart_rescue_document(), slug="cart_rescue")
    page.goto("/app/scenes/cart_rescue")
    panel = page.get_by_test_id("rules-panel")
    expect(panel.get_by_test_id("rule-row")).to_have_count(2)
    expect(panel.locator('[data-testid=rule-row][data-rule="cart_abandoned"]')).to_contain_text(
        "cart then no order within 30 min, per unit")
    expect(panel.locator('[data-testid=rule-row][data-rule="category_burst"]')).to_contain_text(
        "at least 3 click events within 10 min, per unit and category, "
        "at most one match per 10 min")
    panel.get_by_test_id("rules-matches-link").click()
    expect(page.get_by_test_id("matches-page")).to_have_attribute("data-query",
                                                                   "scene=cart_rescue")


def make_match(scene: Scene, rule: str, unit: str, minutes_ago: int, **fields: Any) -> Match:
    return Match.objects.create(
        match_id=f"{rule}-{unit}-{minutes_ago}", scene=scene,
        version=scene.production_version, rule=rule,
        kind=fields.pop("kind", "count"), unit_id=unit, event_ids=["e1", "e2"],
        match_ts=1_700_000_000_000,
        detected_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes_ago), **fields)


def test_the_matches_page_lists_and_filters_by_rule_in_the_url(logged_in_page: Page,
                                                               people: Personas) -> None:
    page = logged_in_page
    scene = rule_scene(people, cart_rescue_document(), slug="cart_rescue")
    make_match(scene, "category_burst", "u1", 5, status="ok",
               actions={"refresh_feed": {"op": "action.run_graph", "status": "ok",
                                         "output": {"scene": "home_feed"}, "queue": "queued"}})
    run = Run.objects.create(kind=Run.Kind.SERVE, status="degraded", scene=scene, unit_id="u2")
    make_match(scene, "cart_abandoned", "u2", 1, kind="absence", status="degraded", run=run,
               actions={"keep": {"op": "action.record", "status": "ok",
                                 "output": {"label": "cart_abandoned", "recorded": True}},
                        "notify": {"op": "action.broadcast", "status": "failed",
                                   "error": "cannot reach redis stream alerts"}},
               records=[{"label": "cart_abandoned", "data": {"item_id": "i9"}}])

    page.get_by_test_id("nav-matches").click()
    rows = page.get_by_test_id("match-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_attribute("data-rule", "cart_abandoned")  # newest first
    expect(page.get_by_test_id("matches-count")).to_have_text("1–2 of 2")
    legend = page.get_by_test_id("chart-legend")
    expect(legend).to_have_count(2)
    expect(page.locator('[data-testid=chart-legend][data-rule="cart_abandoned"]')).to_contain_text(
        "(1)")

    # A row opens to what its actions did and what was recorded.
    rows.first.click()
    details = page.get_by_test_id("match-details")
    expect(details.get_by_test_id("match-events")).to_have_text("e1, e2")
    failed = details.locator('[data-testid=match-action][data-node="notify"]')
    expect(failed).to_have_attribute("data-status", "failed")
    expect(failed).to_contain_text("cannot reach redis stream alerts")
    expect(details.get_by_test_id("match-records")).to_contain_text('{"item_id":"i9"}')
    details.get_by_test_id("match-run-link").click()
    expect(page.get_by_test_id("run-trace")).to_contain_text(f"Run {run.pk}: degraded")
    page.go_back()

    # Filter by rule: kept in the URL, so a reload shows the same.
    page.get_by_test_id("match-filter-rule").fill("category_burst")
    page.get_by_test_id("match-filter-apply").click()
    expect(page).to_have_url(re.compile(r"/app/cep/matches\?rule=category_burst$"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-rule", "category_burst")
    page.reload()
    expect(page.get_by_test_id("match-filter-rule")).to_have_value("category_burst")
    expect(page.get_by_test_id("match-row")).to_have_count(1)
    page.goto("/app/cep/matches?rule=nothing_like_it")
    expect(page.get_by_test_id("matches-empty")).to_be_visible()


def test_simulate_sample_events_fire_the_rule(logged_in_page: Page, people: Personas) -> None:
    page = logged_in_page
    graph = create_graph(people.client(people.author), funnel_document())
    editor = Editor(page).open(graph["id"])
    page.get_by_test_id("tab-simulate").click()
    page.get_by_test_id("sim-sample").click()
    expect(page.get_by_test_id("sim-events")).to_have_value(re.compile(r'"type":"click"'))
    page.get_by_test_id("sim-run").click()

    match = page.get_by_test_id("sim-match")
    expect(match).to_have_count(1)
    expect(match).to_have_attribute("data-rule", "funnel")
    expect(match).to_contain_text("yes")  # no segment: every unit is in it
    expect(match).to_contain_text("keep")  # the action a match would run
    expect(page.get_by_test_id("sim-stat-matches")).to_have_attribute("data-value", "1")
    timeline = page.get_by_test_id("sim-timeline")
    expect(timeline.get_by_test_id("sim-event-dot")).to_have_count(2)
    marker = timeline.get_by_test_id("sim-match-marker")
    expect(marker).to_have_count(1)
    expect(marker).to_have_attribute("data-rule", "funnel")
    expect(marker.locator("title")).to_have_text(re.compile(r"^funnel \(sequence\) matched for u1"))
    expect(page.locator('[data-testid=sim-legend-type][data-type="cart"]')).to_be_visible()

    # A click on the match selects its rule on the canvas.
    match.click()
    expect(editor.node("funnel")).to_have_class(re.compile(r"\bselected\b"))


def test_simulate_runs_the_unsaved_document_and_names_a_bad_event(
        logged_in_page: Page, people: Personas) -> None:
    page = logged_in_page
    # A graph without a pattern node has no Simulate tab.
    plain = create_graph(people.client(people.author), small_document())
    Editor(page).open(plain["id"])
    expect(page.get_by_test_id("tab-test-run")).to_be_visible()
    expect(page.get_by_test_id("tab-simulate")).to_have_count(0)

    graph = create_graph(people.client(people.author), funnel_document())
    editor = Editor(page).open(graph["id"])
    page.get_by_test_id("tab-simulate").click()
    events = page.get_by_test_id("sim-events")
    events.fill('[{"id": "e1", "unit_id": "u1", "type": "buy", "ts": 1}]')
    expect(page.get_by_test_id("sim-events-error")).to_have_text(
        "Line 1: events[0].type: one of click, fav, cart, order, play, expose")
    expect(page.get_by_test_id("sim-run")).to_be_disabled()

    # Click then cart on one item: a match, with the document as saved.
    events.fill('[{"id": "e1", "unit_id": "u1", "type": "click", "item_id": "a", "ts": 1000},'
                ' {"id": "e2", "unit_id": "u1", "type": "cart", "item_id": "a", "ts": 2000}]')
    page.get_by_test_id("sim-run").click()
    expect(page.get_by_test_id("sim-match")).to_have_count(1)

    # Unsaved: the sequence now wants an order after the cart. The same events no longer
    # match, though nothing was saved.
    page.get_by_test_id("tab-inspector").click()
    editor.select("funnel")
    page.get_by_test_id("inspector").locator("#root_steps__add").click()
    page.get_by_test_id("inspector").locator("#root_steps_2_type").select_option(label="order")
    expect(editor.save_status).to_have_text("Unsaved changes")
    page.get_by_test_id("tab-simulate").click()
    page.get_by_test_id("sim-run").click()
    expect(page.get_by_test_id("sim-no-matches")).to_be_visible()
    expect(page.get_by_test_id("sim-stat-events")).to_have_attribute("data-value", "2")


def test_the_inspector_edits_a_sequences_steps(logged_in_page: Page, people: Personas) -> None:
    page = logged_in_page
    graph = create_graph(people.client(people.author), funnel_document())
    editor = Editor(page).open(graph["id"])
    editor.select("funnel")
    inspector = page.get_by_test_id("inspector")
    # rjsf's selects hold option indices as values: compare what they show.
    expect(inspector.locator("#root_steps_0_type option:checked")).to_have_text("click")
    expect(inspector.locator("#root_steps_1_type option:checked")).to_have_text("cart")

    # Add a third step, an order on the same item, then change the first to a fav.
    inspector.locator("#root_steps__add").click()
    inspector.locator("#root_steps_2_type").select_option(label="order")
    inspector.locator("#root_steps_2_where").fill('event.item_id == "a"')
    inspector.locator("#root_steps_2_where").blur()
    inspector.locator("#root_steps_0_type").select_option(label="fav")
    editor.save()
    steps = Graph.objects.get(pk=graph["id"]).document["nodes"][0]["params"]["steps"]
    assert steps == [{"type": "fav"}, {"type": "cart"},
                     {"type": "order", "where": 'event.item_id == "a"'}]

    # Remove the middle step.
    inspector.locator("#root_steps_1__remove").click()
    editor.save()
    steps = Graph.objects.get(pk=graph["id"]).document["nodes"][0]["params"]["steps"]
    assert steps == [{"type": "fav"}, {"type": "order", "where": 'event.item_id == "a"'}]


def test_the_review_of_a_rule_rollout_replays_events(logged_in_page: Page, people: Personas,
                                                     cep_redis: redis.Redis,  # noqa: F811
                                                     settings: Any) -> None:
    """Units u0..u3 clicked twice, u0 and u1 a third time: the base fires on two clicks,
    the candidate only on three."""
    page = logged_in_page
    settings.LOOM_EVENTS_HANDLERS = []  # the events wait in the stream; no consumer here
    scene = rule_scene(people, count_rule("two"))
    graph = graphs.create_graph(people.author, count_rule("three", n=3))
    rollout = rollouts.create(Rollout(scene=scene, version=graphs.snapshot(graph, people.author)),
                              people.author)
    t = now_ms() - 60_000
    events = [{"id": f"u{n}-{i}", "unit_id": f"u{n}", "type": "click", "ts": t + i}
              for n in range(4) for i in range(3) if i < 2 or n < 2]
    sent = people.client(people.author).post("/api/events/", {"events": events}, format="json")
    assert sent.status_code == 202, sent.content

    page.goto(f"/app/rollouts/{rollout.pk}/review")
    panel = page.get_by_test_id("replay-panel")
    expect(panel).to_contain_text("Replay of recorded events")
    panel.get_by_test_id("replay-start").click()
    report = panel.get_by_test_id("replay-report")
    expect(report).to_have_attribute("data-kind", "rules")
    expect(report.get_by_test_id("replay-headline")).to_have_text(
        "10 recorded events of 4 units replayed; 4 matches now, 2 matches with the candidate "
        "(0 the same); 4 units would match differently.")
    bar = report.locator('[data-testid=replay-rule][data-rule="clicks"]')
    expect(bar).to_contain_text("2 new, 4 gone")
    expect(report.locator('[data-testid=replay-example][data-side="candidate"]')).to_have_count(2)


def test_the_rollout_form_offers_a_rules_scene_only_rule_graphs(logged_in_page: Page,
                                                                people: Personas) -> None:
    """A graph with a rule version (v1) and a plain one (v2): for a rules scene the form
    picks the rule version and will not take the other."""
    page = logged_in_page
    rule_scene(people, cart_rescue_document(), slug="cart_rescue")
    graph = graphs.create_graph(people.author, count_rule("three", n=3))
    fits = graphs.snapshot(graph, people.author)
    graph = graphs.update_graph(graph.pk, graph.revision, people.author,
                                {"document": small_document()})
    misfit = graphs.snapshot(graph, people.author)

    page.goto("/app/rollouts")
    page.get_by_test_id("new-rollout-button").click()
    form = page.get_by_test_id("rollout-form")
    form.get_by_test_id("form-scene").select_option("cart_rescue")
    form.get_by_test_id("form-graph").select_option(str(graph.pk))
    expect(form.get_by_test_id("form-version")).to_have_value(str(fits.pk))
    other = form.locator(f'[data-testid=form-version] option[value="{misfit.pk}"]')
    expect(other).to_be_disabled()
    expect(other).to_contain_text("not a rule set")
