"""Scenes and their traffic in the browser: layers, experiments and buckets built through
the UI (with a typed override), the traffic bar, the ramp preview shown before a range
change is saved, a refusal in the server's words, and the assignment checker's answer
with the merged graph drawn read-only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from webapp.conftest import Personas
from webapp.experiments.models import Bucket, Experiment, Layer
from webapp.experiments.tests.conftest import make_experiment, make_layer
from webapp.scenes.models import Scene
from webapp.ui.tests.e2e.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.e2e



def layer_card(page: Page, slug: str) -> Locator:
    return page.locator(f'[data-testid=layer-card][data-slug="{slug}"]')


def experiment_card(page: Page, name: str) -> Locator:
    return page.locator(f'[data-testid=experiment-card][data-name="{name}"]')


def offset_between(a: Locator, b: Locator) -> tuple[float, float]:
    box_a, box_b = a.bounding_box(), b.bounding_box()
    assert box_a is not None and box_b is not None
    return box_b["x"] - box_a["x"], box_b["y"] - box_a["y"]


def open_scene(page: Page, slug: str = "feed") -> None:
    page.goto(f"/app/scenes/{slug}")
    expect(page.get_by_test_id("scene-detail")).to_be_visible()


def test_a_layer_an_experiment_and_a_bucket_with_a_typed_override(
        logged_in_page: Page, scene: Scene) -> None:
    page = logged_in_page
    page.get_by_test_id("nav-scenes").click()
    row = page.locator('[data-testid=scene-row][data-slug="feed"]')
    expect(row).to_contain_text("v1")
    row.click()
    expect(page.get_by_test_id("production-version")).to_contain_text("v1")

    # A layer owning the limit's params; the slug follows the name.
    page.get_by_test_id("new-layer-button").click()
    form = page.get_by_test_id("layer-form")
    form.get_by_test_id("layer-name").fill("Ranking")
    expect(form.get_by_test_id("layer-slug")).to_have_value("ranking")
    form.get_by_test_id("layer-keys").fill("node.top.param.*")
    expect(form.get_by_test_id("layer-keys-matched")).to_contain_text("node.top.param.n")
    form.get_by_test_id("layer-save").click()
    card = layer_card(page, "ranking")
    expect(card).to_contain_text("node.top.param.*")

    card.get_by_test_id("new-experiment-button").click()
    card.get_by_test_id("experiment-name").fill("limit-test")
    card.get_by_test_id("experiment-save").click()
    experiment = experiment_card(page, "limit-test")
    expect(experiment.get_by_test_id("experiment-status")).to_have_text("draft")

    # A bucket of half the slots whose override is typed by basic.limit's schema.
    experiment.get_by_test_id("new-bucket-button").click()
    bucket_form = experiment.get_by_test_id("bucket-form")
    bucket_form.get_by_test_id("bucket-name").fill("treat")
    bucket_form.get_by_test_id("bucket-start").fill("0")
    bucket_form.get_by_test_id("bucket-end").fill("5000")
    expect(bucket_form.get_by_test_id("bucket-share")).to_have_text("50% of units")
    keys = bucket_form.get_by_test_id("override-key-select")
    expect(keys.locator("option")).to_have_text(["node.top.param.n"])  # only what it owns
    bucket_form.get_by_test_id("override-add").click()
    override = bucket_form.locator('[data-testid=override-row][data-key="node.top.param.n"]')
    expect(override).to_contain_text("production: 1")
    value = override.locator("input[type=number]")
    expect(value).to_have_value("1")
    value.fill("2")
    bucket_form.get_by_test_id("bucket-save").click()
    expect(bucket_form).to_have_count(0)
    bucket_row = experiment.locator('[data-testid=bucket-row][data-name="treat"]')
    expect(bucket_row).to_contain_text("slots 0–4999 (50%)")
    expect(bucket_row).to_contain_text("node.top.param.n = 2")
    # Stored as KV text: the number 2 is the string "2".
    assert Bucket.objects.get(name="treat").overrides == {"node.top.param.n": "2"}

    # A draft sits on the drafts lane; once started, on the live one.
    drafts = card.get_by_test_id("traffic-lane-draft").get_by_test_id("traffic-segment")
    expect(drafts).to_have_count(1)
    experiment.get_by_test_id("experiment-start").click()
    expect(experiment.get_by_test_id("experiment-status")).to_have_text("running")
    live = card.get_by_test_id("traffic-lane-running").get_by_test_id("traffic-segment")
    expect(live).to_have_count(1)
    expect(live).to_have_text("limit-test / treat · 50%")
    expect(live).to_have_attribute("title", "limit-test / treat: slots 0–4999 (50%)")
    expect(card.get_by_test_id("traffic-lane-draft")).to_have_count(0)
    assert Experiment.objects.get(name="limit-test").status == "running"


def test_the_ramp_preview_shows_the_moved_share_before_saving(logged_in_page: Page,
                                                              scene: Scene) -> None:
    page = logged_in_page
    layer = make_layer(scene, "ranking", ["node.top.param.*"])
    make_experiment(layer, "limit-test", [("treat", 0, 5000, {"node.top.param.n": "2"})])
    open_scene(page)
    experiment = experiment_card(page, "limit-test")
    experiment.locator('[data-testid=bucket-row][data-name="treat"]').get_by_test_id(
        "bucket-edit").click()
    form = experiment.get_by_test_id("bucket-form")
    # The override loads typed from its KV text.
    expect(form.locator('[data-testid=override-row] input[type=number]')).to_have_value("2")

    # Growing the range: a quarter of the units join, nobody leaves.
    form.get_by_test_id("bucket-end").fill("7500")
    form.get_by_test_id("bucket-save").click()
    preview = form.get_by_test_id("ramp-preview")
    expect(preview.get_by_test_id("ramp-moved")).to_have_text(
        "25% of units would change bucket.")
    expect(preview.get_by_test_id("ramp-sticky")).to_contain_text("Sticky")
    assert Bucket.objects.get(name="treat").end == 5000  # nothing saved yet

    # Shrinking instead: the preview follows the range asked for, and says who leaves.
    form.get_by_test_id("bucket-end").fill("4000")
    expect(preview).to_have_count(0)
    form.get_by_test_id("bucket-save").click()
    expect(preview.get_by_test_id("ramp-moved")).to_have_text(
        "10% of units would change bucket.")
    expect(preview.get_by_test_id("ramp-sticky")).to_have_text(
        "Not sticky: 10% of units already in a bucket would leave it or switch to another.")
    form.get_by_test_id("bucket-end").fill("7500")
    form.get_by_test_id("bucket-save").click()
    expect(preview.get_by_test_id("ramp-moved")).to_have_text(
        "25% of units would change bucket.")
    preview.get_by_test_id("bucket-confirm").click()
    expect(form).to_have_count(0)
    expect(experiment.locator('[data-testid=bucket-row][data-name="treat"]')).to_contain_text(
        "slots 0–7499 (75%)")
    assert Bucket.objects.get(name="treat").end == 7500


def test_a_refused_save_shows_the_server_words_and_keeps_the_form(logged_in_page: Page,
                                                                  scene: Scene) -> None:
    page = logged_in_page
    make_layer(scene, "ranking", ["node.top.param.*"])
    open_scene(page)
    page.get_by_test_id("new-layer-button").click()
    form = page.get_by_test_id("layer-form")
    form.get_by_test_id("layer-name").fill("Other")
    form.get_by_test_id("layer-keys").fill("node.top.*")
    form.get_by_test_id("layer-save").click()
    errors = form.get_by_test_id("form-errors")
    expect(errors).to_contain_text("Key patterns: pattern 'node.top.*' overlaps "
                                   "'node.top.param.*', owned by layer 'ranking'")
    # Nothing typed is lost: fix the pattern and save again.
    expect(form.get_by_test_id("layer-name")).to_have_value("Other")
    expect(form.get_by_test_id("layer-keys")).to_have_value("node.top.*")
    form.get_by_test_id("layer-keys").fill("node.items.param.*")
    form.get_by_test_id("layer-save").click()
    expect(layer_card(page, "other")).to_be_visible()
    assert Layer.objects.filter(scene=scene).count() == 2

    # A bad override is refused next to its key (and the bucket form keeps its values).
    card = layer_card(page, "ranking")
    card.get_by_test_id("new-experiment-button").click()
    card.get_by_test_id("experiment-name").fill("bad")
    card.get_by_test_id("experiment-save").click()
    experiment = experiment_card(page, "bad")
    experiment.get_by_test_id("new-bucket-button").click()
    bucket_form = experiment.get_by_test_id("bucket-form")
    bucket_form.get_by_test_id("bucket-name").fill("huge")
    bucket_form.get_by_test_id("override-add").click()
    bucket_form.locator("[data-testid=override-row] input[type=number]").fill("100001")
    bucket_form.get_by_test_id("bucket-save").click()
    row = bucket_form.locator('[data-testid=override-row][data-key="node.top.param.n"]')
    expect(row).to_contain_text("with override node.top.param.n")
    expect(bucket_form.get_by_test_id("bucket-name")).to_have_value("huge")
    assert not Bucket.objects.filter(name="huge").exists()


def test_the_assignment_checker_shows_the_bucket_and_the_graph_read_only(
        logged_in_page: Page, scene: Scene) -> None:
    page = logged_in_page
    ranking = make_layer(scene, "ranking", ["node.top.param.*"])
    make_layer(scene, "recall", ["node.items.param.*"])
    make_experiment(ranking, "limit-test", [("all", 0, 10_000, {"node.top.param.n": "2"})])
    open_scene(page)
    page.get_by_test_id("assignment-link").click()
    page.get_by_test_id("unit-input").fill("u7")
    page.get_by_test_id("unit-check").click()
    expect(page).to_have_url(re.compile(r"/app/scenes/feed/assignment\?unit=u7$"))

    result = page.get_by_test_id("assignment-result")
    expect(result.locator('[data-testid=assignment-layer][data-layer="ranking"]')).to_have_attribute(
        "data-bucket", "all")
    expect(result.locator('[data-testid=assignment-layer][data-layer="recall"]')).to_contain_text(
        "no running experiment")
    overridden = result.locator('[data-testid=kv-row][data-key="node.top.param.n"]')
    expect(overridden).to_have_attribute("data-layer", "ranking")
    expect(overridden).to_have_class(re.compile("overridden"))
    expect(overridden).to_contain_text("layer ranking")
    expect(result.locator('[data-testid=kv-row][data-key="node.top.op"]')).to_have_attribute(
        "data-layer", "")

    # The merged graph on the editor's canvas, marked where the bucket changed it, and
    # read-only: a drag on a node pans the view, it never moves the node.
    graph = result.get_by_test_id("readonly-graph")
    top = graph.locator('.react-flow__node[data-id="top"]')
    items = graph.locator('.react-flow__node[data-id="items"]')
    expect(top).to_be_visible()
    expect(items).to_be_visible()
    expect(top.locator(".op-node")).to_have_attribute("data-diff", "changed")
    expect(top.locator(".op-node-param")).to_contain_text("n 2")
    expect(top).not_to_have_class(re.compile(r"\bdraggable\b"))
    before = offset_between(items, top)
    box = top.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 30, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 150, steps=8)
    page.mouse.up()
    assert offset_between(items, top) == before
    expect(page.get_by_test_id("save-button")).to_have_count(0)


def test_a_viewer_sees_the_traffic_without_write_controls(page: Page, people: Personas,
                                                           scene: Scene) -> None:
    layer = make_layer(scene, "ranking", ["node.top.param.*"])
    make_experiment(layer, "limit-test", [("treat", 0, 2500, {"node.top.param.n": "2"})])
    sign_in(page, people.viewer.username, PASSWORD, "/app/scenes/feed")
    expect(page.get_by_test_id("me")).to_contain_text("viewer")
    expect(page.get_by_test_id("traffic-segment")).to_have_text("limit-test / treat · 25%")
    expect(page.get_by_test_id("new-layer-button")).to_be_disabled()
    for control in ("layer-edit", "new-experiment-button", "experiment-stop", "bucket-edit"):
        expect(page.get_by_test_id(control)).to_have_count(0)


def test_an_admin_sets_release_windows(page: Page, people: Personas, scene: Scene) -> None:
    sign_in(page, "admin", PASSWORD, "/app/scenes/feed")
    expect(page.get_by_test_id("release-open")).to_contain_text("at any time")
    page.get_by_test_id("edit-windows").click()
    page.get_by_test_id("add-window").click()
    page.get_by_test_id("window-zone").fill("Mars/Olympus")
    page.get_by_test_id("save-windows").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("unknown time zone")
    page.get_by_test_id("window-zone").fill("Europe/Berlin")
    page.get_by_test_id("save-windows").click()
    expect(page.get_by_test_id("release-open")).to_contain_text(
        re.compile(r"(Open|Closed) now: .*mon–fri 09:00–17:00 \(Europe/Berlin\)"))
    scene.refresh_from_db()
    assert scene.release_timezone == "Europe/Berlin"
    assert scene.release_windows[0]["days"] == ["mon", "tue", "wed", "thu", "fri"]
