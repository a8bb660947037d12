"""Screenshots of the rollout pages for the docs: the review page (docs/review.png: the
visual diff, the approver's decision, the replay report) and the rollout page
(docs/rollout.png: the step timeline, guardrails and canary-against-control charts).

Run `python -m webapp.ui.tests.e2e.rollout_screenshots` after building the front end. As
screenshots.py, the name does not match test_*.py: the normal suite never rewrites them."""

from __future__ import annotations

import copy
import random
import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from webapp.ui.tests.e2e.screenshots import RUNNABLE, _rows, docs_dir

if TYPE_CHECKING:  # importing models before pytest-django sets Django up would fail
    from webapp.conftest import Personas

pytestmark = pytest.mark.e2e

TALL: ViewportSize = {"width": 1400, "height": 1250}
STEPS = [{"percent": p, "min_observation_s": s} for p, s in ((5, 0), (20, 3600), (50, 3600),
                                                           (100, 3600))]


def _candidate() -> dict[str, Any]:
    """RUNNABLE with a fresh-items source merged in and one item fewer at the top."""
    document = copy.deepcopy(RUNNABLE)
    nodes = {n["id"]: n for n in document["nodes"]}
    nodes["top"]["params"] = {"n": 4}
    nodes["merge"]["inputs"]["sources"].append("fresh")
    document["nodes"].append({"id": "fresh", "op": "datasource.table",
                              "params": {"rows": _rows("f", [0.99, 0.3]), "tag": "fresh"},
                              "position": {"x": 0, "y": 520}})
    return document


def _setup(people: Personas) -> Any:
    """A scene serving RUNNABLE, recorded requests, and an in-review rollout of the
    candidate asked for by the author."""
    from webapp.graphs import logic as graphs
    from webapp.rollouts import logic
    from webapp.rollouts.models import Rollout
    from webapp.runs.models import Recording
    from webapp.scenes.models import Scene

    graph = graphs.create_graph(people.author, RUNNABLE)
    scene = Scene.objects.create(slug="home", name="Home feed",
                                 production_version=graphs.snapshot(graph, people.author))
    graph.refresh_from_db()
    graph = graphs.update_graph(graph.pk, graph.revision, people.author,
                                {"document": _candidate()})
    version = graphs.snapshot(graph, people.author, "fresh items in the merge")
    for i in range(40):
        Recording.objects.create(scene=scene, version=scene.production_version,
                                 config_hash=scene.production_version.config_hash,
                                 unit_id=f"u{i}", calls={}, status="ok",
                                 context={"user": {"days_since_signup": 3 if i % 3 else 40}})
    rollout = logic.create(Rollout(scene=scene, version=version, steps=STEPS, min_requests=50,
                                   note="Adds the fresh-items table to the merge and keeps "
                                        "four items."), people.author)
    return logic.submit(rollout, people.author)


def _traffic(rollout: Any) -> None:
    """Started half an hour ago, at 20% for the last 12 minutes: served runs of canary and
    control over that time, the canary a little slower."""
    from django.utils import timezone

    from webapp.audit.models import AuditEntry
    from webapp.runs.models import Run

    rng = random.Random(7)
    now = timezone.now()
    start, advanced = now - timedelta(minutes=30), now - timedelta(minutes=12)
    type(rollout).objects.filter(pk=rollout.pk).update(
        created_at=start - timedelta(minutes=50), submitted_at=start - timedelta(minutes=48),
        reviewed_at=start - timedelta(minutes=5), started_at=start, step_started_at=advanced)
    log = AuditEntry.objects.filter(target_type="rollouts.rollout", target_id=str(rollout.pk))
    for action, at in (("create", start - timedelta(minutes=50)),
                       ("submit", start - timedelta(minutes=48)),
                       ("approve", start - timedelta(minutes=5)),
                       ("start", start), ("advance", advanced)):
        log.filter(action=f"rollout.{action}").update(at=at)
    runs: list[tuple[Any, Any]] = []
    for minute in range(30):
        at = start + timedelta(minutes=minute)
        canary = 0.05 if at < advanced else 0.2  # the step's share of ~40 requests a minute
        for arm, share, slow in (("canary", canary, 1.15), ("control", 1 - canary, 1.0)):
            for _ in range(round(40 * share) + rng.randint(0, 2)):
                status = "failed" if rng.random() < (0.012 if arm == "canary" else 0.008) else "ok"
                runs.append((Run(kind="serve", status=status, scene=rollout.scene,
                                 rollout=rollout, arm=arm,
                                 duration_us=int(rng.lognormvariate(9.6, 0.35) * slow)),
                             at + timedelta(seconds=rng.uniform(0, 59))))
    Run.objects.bulk_create([run for run, _ in runs])
    for run, at in runs:  # created_at is set on insert: date them afterwards
        Run.objects.filter(pk=run.pk).update(created_at=at)

def test_write_rollout_screenshots(page: Page, people: Personas) -> None:
    from webapp.rollouts import logic
    from webapp.ui.tests.e2e.conftest import PASSWORD, sign_in

    rollout = _setup(people)
    page.set_viewport_size(TALL)
    sign_in(page, people.approver.username, PASSWORD, f"/app/rollouts/{rollout.pk}/review")
    expect(page.get_by_test_id("review-diff")).to_be_visible()
    page.get_by_test_id("replay-start").click()
    expect(page.get_by_test_id("replay-report")).to_be_visible()
    page.get_by_test_id("review-comment").fill("Replay looks as intended: fresh items up top.")
    page.mouse.move(0, 0)
    page.screenshot(path=str(docs_dir() / "review.png"))

    page.get_by_test_id("approve-button").click()
    expect(page.get_by_test_id("start-button")).to_be_visible()
    rollout.refresh_from_db()
    logic.advance(logic.start(rollout, people.approver), people.approver)
    rollout.refresh_from_db()
    _traffic(rollout)
    page.goto(f"/app/rollouts/{rollout.pk}")
    expect(page.get_by_test_id("chart-p99")).to_have_attribute("data-points", "30")
    page.mouse.move(0, 0)
    page.screenshot(path=str(docs_dir() / "rollout.png"))


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q", "-m", "e2e", "-p", "no:cacheprovider"]))
