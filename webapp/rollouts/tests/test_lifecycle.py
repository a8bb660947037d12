"""A rollout from draft to completed through the API, each step in the audit log; the
refusals on the way (observation time, wrong state, only drafts change)."""

from __future__ import annotations

from webapp.audit.models import AuditEntry
from webapp.conftest import Personas
from webapp.rollouts.tests.conftest import candidate
from webapp.scenes.models import Scene


def test_draft_to_completed_through_the_api(people: Personas, scene: Scene) -> None:
    author, approver = people.client(people.author), people.client(people.approver)
    version = candidate(people, scene)
    base = scene.production_version_id
    steps = [{"percent": 10, "min_observation_s": 0}, {"percent": 100, "min_observation_s": 0}]
    made = author.post("/api/rollouts/", {"scene": "feed", "version": version.pk,
                                          "steps": steps}, format="json")
    assert made.status_code == 201, made.content
    body = made.json()
    rid = body["id"]
    assert body["state"] == "draft" and body["base_version"] == base
    assert body["created_by"] == "author" and "submit" in body["actions"]

    assert author.post(f"/api/rollouts/{rid}/submit/").json()["state"] == "in_review"
    seen = approver.get(f"/api/rollouts/{rid}/").json()
    assert "approve" in seen["actions"] and "reject" in seen["actions"]
    approved = approver.post(f"/api/rollouts/{rid}/approve/", {"comment": "ok"}, format="json")
    assert approved.json()["state"] == "approved", approved.content
    assert approved.json()["reviewed_by"] == "approver"

    started = author.post(f"/api/rollouts/{rid}/start/").json()
    assert (started["state"], started["percent"], started["step_index"]) == (
        "rolling_out", 10.0, 0)
    assert author.post(f"/api/rollouts/{rid}/advance/").json()["percent"] == 100.0
    scene.refresh_from_db()
    assert scene.production_version_id == base  # 100% canary is not production yet
    done = author.post(f"/api/rollouts/{rid}/advance/").json()
    assert done["state"] == "completed" and done["finished_at"]
    scene.refresh_from_db()
    assert scene.production_version_id == version.pk

    actions = list(AuditEntry.objects.filter(target_type="rollouts.rollout", target_id=str(rid))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["rollout.create", "rollout.submit", "rollout.approve", "rollout.start",
                       "rollout.advance", "rollout.complete"]
    change = AuditEntry.objects.get(action="scene.production_version")
    assert change.details == {"production_version": {"old": base, "new": version.pk}}


def test_a_step_is_observed_before_advancing(people: Personas, scene: Scene) -> None:
    from webapp.rollouts.tests.conftest import live

    rollout = live(people, scene, steps=[{"percent": 1, "min_observation_s": 600},
                                         {"percent": 100, "min_observation_s": 0}])
    refused = people.client(people.author).post(f"/api/rollouts/{rollout.pk}/advance/")
    assert refused.status_code == 409
    error = refused.json()["errors"][0]
    assert error["code"] == "observing" and "observed for 6" in error["message"]
    rollout.refresh_from_db()
    assert rollout.step_index == 0


def test_wrong_state_and_settings_after_review_are_refused(people: Personas,
                                                           scene: Scene) -> None:
    from webapp.rollouts.tests.conftest import draft

    author = people.client(people.author)
    rollout = draft(people, scene)
    assert author.post(f"/api/rollouts/{rollout.pk}/start/").status_code == 409
    patched = author.patch(f"/api/rollouts/{rollout.pk}/", {"max_p99_ratio": 2},
                           format="json")
    assert patched.status_code == 200 and patched.json()["max_p99_ratio"] == 2
    author.post(f"/api/rollouts/{rollout.pk}/submit/")
    late = author.patch(f"/api/rollouts/{rollout.pk}/", {"max_p99_ratio": 9}, format="json")
    assert late.status_code == 409 and late.json()["errors"][0]["code"] == "bad_state"
    rollout.refresh_from_db()
    assert rollout.max_p99_ratio == 2
    # The state is not a field anyone writes.
    author.patch(f"/api/rollouts/{rollout.pk}/", {"state": "approved"}, format="json")
    rollout.refresh_from_db()
    assert rollout.state == "in_review"


def test_bad_input_is_a_structured_400(people: Personas, scene: Scene) -> None:
    author = people.client(people.author)
    version = candidate(people, scene)
    for steps in ([], [{"percent": 50, "min_observation_s": 0},
                       {"percent": 10, "min_observation_s": 0}],
                  [{"percent": 0, "min_observation_s": 0}], "x"):
        response = author.post("/api/rollouts/", {"scene": "feed", "version": version.pk,
                                                  "steps": steps}, format="json")
        assert response.status_code == 400, (steps, response.content)
        assert response.json()["errors"][0]["field"].startswith("steps")
    same = author.post("/api/rollouts/", {"scene": "feed",
                                          "version": scene.production_version_id},
                       format="json")
    assert same.status_code == 400 and same.json()["errors"][0]["code"] == (
        "already_in_production")


def test_one_live_rollout_per_scene(people: Personas, scene: Scene) -> None:
    from webapp.rollouts.tests.conftest import approved, live

    live(people, scene)
    second = approved(people, scene, version=candidate(people, scene, n=1))
    refused = people.client(people.author).post(f"/api/rollouts/{second.pk}/start/")
    assert refused.status_code == 409 and refused.json()["errors"][0]["code"] == "rollout_live"


def test_viewers_and_outsiders_change_nothing(people: Personas, scene: Scene) -> None:
    from webapp.rollouts.tests.conftest import approved

    rollout = approved(people, scene)
    for user in (people.viewer, people.outsider, None):
        response = people.client(user).post(f"/api/rollouts/{rollout.pk}/start/")
        assert response.status_code in (401, 403)
    rollout.refresh_from_db()
    assert rollout.state == "approved"
    assert people.client(people.viewer).get(f"/api/rollouts/{rollout.pk}/").json()[
        "actions"] == []


def test_a_new_scene_gets_its_first_version_through_a_rollout(people: Personas,
                                                              scene: Scene) -> None:
    from webapp.rollouts import logic
    from webapp.rollouts.models import Rollout

    empty = Scene.objects.create(slug="fresh", name="Fresh")
    rollout = logic.create(Rollout(scene=empty, version=scene.production_version,
                                   steps=[{"percent": 100, "min_observation_s": 0}]),
                           people.editor2)
    assert rollout.base_version is None
    logic.review(logic.submit(rollout, people.editor2), people.approver, True, "")
    logic.start(rollout, people.editor2)
    served = people.client(people.viewer).post("/api/scenes/fresh/recommend/",
                                               {"unit_id": "u1"}, format="json")
    assert served.status_code == 200 and served.json()["rollout"]["arm"] == "canary"
    logic.advance(rollout, people.editor2)
    empty.refresh_from_db()
    assert empty.production_version_id == scene.production_version_id
