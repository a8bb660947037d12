"""The canary in traffic resolution: its share, stickiness across steps, what a served
request records, and the kill switch taking effect on the very next request."""

from __future__ import annotations

from typing import Any

from webapp.conftest import Personas
from webapp.experiments import logic as experiments
from webapp.experiments.tests.conftest import fresh
from webapp.rollouts import logic
from webapp.rollouts.tests.conftest import live
from webapp.scenes.models import Scene

UNITS = [f"user-{i}" for i in range(20_000)]


def _arms(scene: Scene) -> dict[str, str]:
    current = fresh(scene)
    return {u: (experiments.resolve(current, u).rollout or {}).get("arm", "") for u in UNITS}


def test_the_canary_share_grows_and_is_sticky(people: Personas, scene: Scene) -> None:
    rollout = live(people, scene)  # 5% then 50%
    first = _arms(scene)
    share = sum(a == "canary" for a in first.values()) / len(UNITS)
    assert 0.04 < share < 0.06
    logic.advance(rollout, people.author)
    second = _arms(scene)
    assert 0.48 < sum(a == "canary" for a in second.values()) / len(UNITS) < 0.52
    assert all(second[u] == "canary" for u, arm in first.items() if arm == "canary")


def test_canary_units_get_the_candidate(people: Personas, scene: Scene) -> None:
    rollout = live(people, scene)
    current = fresh(scene)
    resolutions = [experiments.resolve(current, u) for u in UNITS[:400]]
    canary = [r for r in resolutions if r.rollout and r.rollout["arm"] == "canary"]
    control = [r for r in resolutions if r.rollout and r.rollout["arm"] == "control"]
    assert canary and control
    assert {r.version_id for r in canary} == {rollout.version_id}
    assert {r.config_hash for r in canary} == {rollout.version.config_hash}
    assert {r.version_id for r in control} == {scene.production_version_id}


def _served(people: Personas, unit: str) -> dict[str, Any]:
    response = people.client(people.viewer).post("/api/scenes/feed/recommend/",
                                                 {"unit_id": unit}, format="json")
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_recommend_reports_the_arm_and_the_kill_switch_acts_at_once(
        people: Personas, scene: Scene) -> None:
    rollout = live(people, scene, steps=[{"percent": 100, "min_observation_s": 0}])
    served = _served(people, "u1")
    assert served["rollout"] == {"rollout": rollout.pk, "arm": "canary"}
    assert served["version"] == rollout.version.number and len(served["items"]) == 2

    killed = people.client(people.editor2).post("/api/scenes/feed/kill/",
                                                {"reason": "bad ranking"}, format="json")
    assert killed.status_code == 200, killed.content
    assert killed.json()["state"] == "rolled_back"
    after = _served(people, "u1")  # the very next request
    assert "rollout" not in after and len(after["items"]) == 1
    assert after["version"] == scene.production_version.number


def test_the_kill_switch_undoes_a_completed_rollout(people: Personas, scene: Scene) -> None:
    base = scene.production_version
    rollout = live(people, scene, steps=[{"percent": 100, "min_observation_s": 0}])
    logic.advance(rollout, people.author)
    assert _served(people, "u1")["version"] == rollout.version.number
    assert people.client(people.viewer).post("/api/scenes/feed/kill/").status_code == 403
    killed = people.client(people.approver).post("/api/scenes/feed/kill/")
    assert killed.status_code == 200, killed.content
    scene.refresh_from_db()
    assert scene.production_version_id == base.pk
    assert _served(people, "u1")["version"] == base.number
    again = people.client(people.approver).post("/api/scenes/feed/kill/")
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "nothing_to_undo"


def test_rollback_is_allowed_from_pause(people: Personas, scene: Scene) -> None:
    rollout = logic.pause(live(people, scene), people.author)
    assert fresh(scene) and experiments.traffic_config(fresh(scene)).canary is not None
    back = people.client(people.author).post(f"/api/rollouts/{rollout.pk}/rollback/",
                                             {"reason": "no"}, format="json")
    assert back.json()["state"] == "rolled_back" and back.json()["end_reason"] == "no"
    assert experiments.traffic_config(fresh(scene)).canary is None
