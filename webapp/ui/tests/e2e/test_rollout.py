"""Rollouts in the browser: the author drafts a rollout through the "Roll out…" form and
submits it, and is shown no approve button (four eyes); an approver reads the visual diff
and the replay report and approves with a comment; the rollout starts at its first step,
advances, and the kill switch puts the scene back on its last good version. A second
flow: a refusal shown in the server's words, completion, and a confirmed roll back."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from webapp.conftest import Personas
from webapp.graphs.models import GraphVersion
from webapp.rollouts.models import Rollout, State
from webapp.rollouts.tests.conftest import approved, candidate
from webapp.runs.models import Recording
from webapp.scenes.models import Scene
from webapp.ui.tests.e2e.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.e2e



def record_requests(scene: Scene, count: int = 3) -> None:
    """Served requests as the recorder keeps them. SIMPLE_DOC reads no data source, so a
    recording needs no answers: the replay runs both versions on these contexts."""
    for i in range(count):
        Recording.objects.create(scene=scene, version=scene.production_version,
                                 config_hash=scene.production_version.config_hash,
                                 unit_id=f"u{i}", context={}, calls={}, status="ok")


def switch_user(page: Page, username: str, path: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username, PASSWORD, path)
    expect(page.get_by_test_id("me")).to_contain_text(username)


def state_of(page: Page) -> Locator:
    return page.get_by_test_id("rollout-header").get_by_test_id("rollout-state")


def steps(page: Page) -> Locator:
    return page.get_by_test_id("timeline-step")


def test_draft_review_approve_start_advance_and_kill(logged_in_page: Page, people: Personas,
                                                      scene: Scene) -> None:
    v2 = candidate(people, scene)  # the author's v2: top keeps 2 items
    record_requests(scene)
    page = logged_in_page

    # The author drafts the rollout: scene, then its graph and newest version by default.
    page.get_by_test_id("nav-rollouts").click()
    expect(page.get_by_test_id("no-rollouts")).to_be_visible()
    page.get_by_test_id("new-rollout-button").click()
    form = page.get_by_test_id("rollout-form")
    form.get_by_test_id("form-scene").select_option("feed")
    expect(form.get_by_test_id("form-version")).to_have_value(str(v2.pk))
    # The default plan is 1/5/20/50/100%; keep two quick steps.
    expect(form.get_by_test_id("step-row")).to_have_count(5)
    for _ in range(3):
        form.get_by_test_id("step-remove").last.click()
    for i, percent in enumerate(("5", "50")):
        form.get_by_test_id("step-percent").nth(i).fill(percent)
        form.get_by_test_id("step-minutes").nth(i).fill("0")
    form.get_by_test_id("form-note").fill("top keeps two items")
    form.get_by_test_id("form-create").click()

    expect(page).to_have_url(re.compile(r"/app/rollouts/\d+/review$"))
    rollout = Rollout.objects.get()
    assert rollout.steps == [{"percent": 5.0, "min_observation_s": 0},
                             {"percent": 50.0, "min_observation_s": 0}]
    assert rollout.version_id == v2.pk and rollout.base_version_id == scene.production_version_id
    expect(state_of(page)).to_have_attribute("data-state", "draft")

    # Submitted, its author is told plainly why there is no approve button.
    page.get_by_test_id("submit-button").click()
    expect(state_of(page)).to_have_attribute("data-state", "in_review")
    expect(page.get_by_test_id("four-eyes-note")).to_have_text(
        "You made this — another approver must review it.")
    expect(page.get_by_test_id("approve-button")).to_have_count(0)
    expect(page.get_by_test_id("reject-button")).to_have_count(0)

    # The replay of recorded requests: top changed on each, the items source did not.
    page.get_by_test_id("replay-start").click()
    report = page.get_by_test_id("replay-report")
    expect(report).to_be_visible()
    expect(page.get_by_test_id("replay-headline")).to_contain_text("3 recorded requests replayed")
    expect(report.get_by_test_id("replay-identical")).to_contain_text("0%")
    expect(report.locator('[data-testid=replay-node][data-node="top"]')).to_contain_text(
        "changed on 3 of 3 requests")
    expect(report.get_by_test_id("replay-example").first).to_contain_text("b")

    # An approver reads the diff on the canvas: `top` changed, nothing else.
    review_path = f"/app/rollouts/{rollout.pk}/review"
    switch_user(page, people.approver.username, review_path)
    diff = page.get_by_test_id("review-diff")
    expect(diff).to_have_attribute("data-summary", "1 node changed")
    expect(diff.locator('.react-flow__node[data-id="top"] [data-diff="changed"]')).to_be_visible()
    expect(diff.locator('.react-flow__node[data-id="items"]')).to_be_visible()
    expect(diff.locator('[data-testid=diff-entry][data-node="top"]')).to_contain_text("params.n")
    expect(page.get_by_test_id("four-eyes-note")).to_have_count(0)
    expect(page.get_by_test_id("replay-report")).to_be_visible()  # the author's replay
    page.get_by_test_id("review-comment").fill("checked the replay")
    page.get_by_test_id("approve-button").click()
    expect(state_of(page)).to_have_attribute("data-state", "approved")
    expect(page.get_by_test_id("review-verdict")).to_contain_text("checked the replay")

    # Started: the timeline is at step 1 (5%).
    page.get_by_test_id("start-button").click()
    expect(page).to_have_url(re.compile(rf"/app/rollouts/{rollout.pk}$"))
    expect(state_of(page)).to_have_attribute("data-state", "rolling_out")
    expect(steps(page).nth(0)).to_have_attribute("data-status", "current")
    expect(steps(page).nth(1)).to_have_attribute("data-status", "pending")
    expect(page.get_by_test_id("observation-left")).to_have_text("observed long enough")
    expect(page.get_by_test_id("guardrails-verdict")).to_contain_text("Not judged yet")
    expect(page.get_by_test_id("chart-error-rate")).to_be_visible()

    page.get_by_test_id("advance-button").click()
    expect(steps(page).nth(0)).to_have_attribute("data-status", "done")
    expect(steps(page).nth(1)).to_have_attribute("data-status", "current")
    expect(page.get_by_test_id("advance-button")).to_have_text("Complete (make it production)")
    assert Rollout.objects.get().percent == 50

    # The kill switch asks first; cancelling changes nothing.
    page.get_by_test_id("kill-button").click()
    page.get_by_test_id("confirm-cancel").click()
    expect(page.get_by_test_id("confirm-dialog")).to_have_count(0)
    assert Rollout.objects.get().state == State.ROLLING_OUT
    page.get_by_test_id("kill-button").click()
    page.get_by_test_id("confirm-reason").fill("errors in the feed")
    page.get_by_test_id("confirm-ok").click()
    expect(state_of(page)).to_have_attribute("data-state", "rolled_back")
    expect(steps(page).nth(1)).to_have_attribute("data-status", "stopped")
    expect(page.get_by_test_id("end-reason")).to_contain_text("kill switch: errors in the feed")
    expect(page.get_by_test_id("kill-button")).to_have_count(0)

    rollout.refresh_from_db()
    scene.refresh_from_db()
    assert rollout.state == State.ROLLED_BACK
    assert rollout.end_reason == "kill switch: errors in the feed"
    assert scene.production_version_id == rollout.base_version_id != v2.pk
    history = page.get_by_test_id("rollout-history")
    for action in ("create", "submit", "approve", "start", "advance", "roll_back"):
        expect(history.locator(f'[data-action="rollout.{action}"]')).to_have_count(1)


def test_a_refusal_in_words_then_completion_and_a_confirmed_roll_back(
        logged_in_page: Page, people: Personas, scene: Scene) -> None:
    v1 = scene.production_version
    rollout = approved(people, scene, steps=[{"percent": 10, "min_observation_s": 3600},
                                             {"percent": 100, "min_observation_s": 0}])
    page = logged_in_page
    page.goto("/app/rollouts?state=approved")
    row = page.locator(f'[data-testid=rollout-row][data-id="{rollout.pk}"]')
    expect(row).to_contain_text("approved")
    row.click()
    expect(page).to_have_url(re.compile(rf"/app/rollouts/{rollout.pk}/review$"))
    page.get_by_test_id("start-button").click()

    # An hour to observe: the countdown runs and advancing is refused in plain words.
    expect(steps(page).nth(0)).to_have_attribute("data-status", "current")
    expect(page.get_by_test_id("observation-left")).to_contain_text(
        re.compile(r"^(59 min( \d+ s)?|1 h) of observation left$"))
    page.get_by_test_id("advance-button").click()
    expect(page.get_by_test_id("action-problems")).to_contain_text(
        re.compile(r"Refused: step 1 \(10%\) must be observed for \d+ s more before advancing"))
    assert Rollout.objects.get().step_index == 0

    # The hour has passed (as the database sees it); the last step makes v2 production.
    Rollout.objects.filter(pk=rollout.pk).update(
        step_started_at=timezone.now() - timedelta(hours=2))
    page.reload()
    page.get_by_test_id("advance-button").click()
    expect(steps(page).nth(1)).to_have_attribute("data-status", "current")
    page.get_by_test_id("advance-button").click()
    expect(state_of(page)).to_have_attribute("data-state", "completed")
    scene.refresh_from_db()
    assert scene.production_version_id == rollout.version_id

    # Rolling a completed rollout back is confirmed first, then restores v1.
    page.get_by_test_id("rollback-button").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text(f"goes back to v{v1.number}")
    dialog.get_by_test_id("confirm-reason").fill("ranking regressed")
    dialog.get_by_test_id("confirm-ok").click()
    expect(state_of(page)).to_have_attribute("data-state", "rolled_back")
    scene.refresh_from_db()
    assert scene.production_version_id == v1.pk
    assert GraphVersion.objects.get(pk=rollout.version_id).number == 2
    assert Rollout.objects.get().end_reason == "ranking regressed"
