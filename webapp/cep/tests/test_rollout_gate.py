"""Releasing rule sets: a rollout carries a rule graph to a rule scene and only there, and
its replay gate runs the latest events of the stream through both versions' rules."""

from __future__ import annotations

from typing import Any

import pytest
import redis

from webapp.cep.tests.conftest import count_rule, now_ms, rule_scene
from webapp.conftest import SIMPLE_DOC, Personas
from webapp.graphs import logic as graphs
from webapp.rollouts import logic as rollouts
from webapp.rollouts.models import Rollout
from webapp.scenes.models import Scene


def _rollout(people: Personas, scene: Scene, document: dict[str, Any]) -> Rollout:
    graph = graphs.create_graph(people.author, document)
    return rollouts.create(Rollout(scene=scene, version=graphs.snapshot(graph, people.author)),
                           people.author)


def _post_rollout(people: Personas, scene: Scene, document: dict[str, Any]) -> Any:
    graph = graphs.create_graph(people.author, document)
    version = graphs.snapshot(graph, people.author)
    return people.client(people.author).post(
        "/api/rollouts/", {"scene": scene.slug, "version": version.pk}, format="json")


def test_a_rule_scene_takes_only_rule_graphs_and_the_other_way_round(
        people: Personas, scene: Scene) -> None:
    rules = rule_scene(people, count_rule("seen"))
    refused = _post_rollout(people, rules, SIMPLE_DOC)
    assert refused.status_code == 400, refused.content
    assert [e["code"] for e in refused.json()["errors"]] == ["not_a_rule_graph"]
    backwards = _post_rollout(people, scene, count_rule("seen", n=3))
    assert backwards.status_code == 400
    assert [e["code"] for e in backwards.json()["errors"]] == ["rule_graph"]
    assert Rollout.objects.count() == 0
    assert _post_rollout(people, rules, count_rule("seen", n=3)).status_code == 201


@pytest.fixture
def streamed(people: Personas, cep_redis: redis.Redis, settings: Any) -> list[str]:
    """Units u0..u9 each clicked twice and u0..u4 a third time, through the events API;
    matching is left to the test (the consumer does not run)."""
    settings.LOOM_EVENTS_HANDLERS = []
    t = now_ms() - 60_000
    events = [{"id": f"{u}-{i}", "unit_id": u, "type": "click", "ts": t + i}
              for u in (f"u{n}" for n in range(10)) for i in range(2)]
    events += [{"id": f"u{n}-2", "unit_id": f"u{n}", "type": "click", "ts": t + 2}
               for n in range(5)]
    events.append(events[0])  # a duplicate, as a client retry sends it
    response = people.client(people.author).post("/api/events/", {"events": events},
                                                 format="json")
    assert response.status_code == 202, response.content
    return [e["id"] for e in events]


def test_the_replay_of_a_rule_rollout_compares_matches_over_recent_events(
        people: Personas, streamed: list[str],
        django_capture_on_commit_callbacks: Any) -> None:
    scene = rule_scene(people, count_rule("two"))
    rollout = _rollout(people, scene, count_rule("three", n=3))
    author = people.client(people.author)
    with django_capture_on_commit_callbacks(execute=True):
        queued = author.post(f"/api/rollouts/{rollout.pk}/replay/")
    assert queued.status_code == 202, queued.content
    replay = author.get(f"/api/rollouts/{rollout.pk}/replay/").json()
    assert replay["status"] == "done" and replay["progress"] == 1.0, replay
    report = replay["report"]
    assert report["kind"] == "rules" and report["units"] == 10
    assert report["events"] == 25  # the duplicate was dropped on the way in
    # Two clicks fire for all ten units with base; three clicks only for u0..u4.
    assert report["matches"] == {"base": 10, "candidate": 5, "both": 0}
    assert report["rules"] == [{"rule_id": "clicks", "op": "cep.count", "base": 10,
                                "candidate": 5, "only_base": 10, "only_candidate": 5}]
    assert report["units_changed"] == 10
    assert (report["base_version"], report["candidate_version"]) == (1, 1)
    sides = {(e["side"], e["unit_id"]) for e in report["examples"]}
    assert ("candidate", "u0") in sides and ("base", "u9") in sides


def test_a_rule_replay_needs_events(people: Personas, cep_redis: redis.Redis) -> None:
    scene = rule_scene(people, count_rule("two"))
    rollout = _rollout(people, scene, count_rule("three", n=3))
    refused = people.client(people.author).post(f"/api/rollouts/{rollout.pk}/replay/")
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["code"] == "no_events"
