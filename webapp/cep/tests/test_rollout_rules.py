"""A rule graph is released like any graph: during a staged rollout, units in the canary
match with the candidate's rules and units in the control with production's, and the runs
they fire carry the rollout and arm that the guardrails compare."""

from __future__ import annotations

from typing import Any

import redis

from webapp.cep import logic
from webapp.cep.models import Match
from webapp.cep.tests.conftest import count_rule, ev, now_ms, rule_scene
from webapp.conftest import Personas
from webapp.experiments import logic as experiments
from webapp.experiments.tests.conftest import fresh
from webapp.graphs import logic as graphs
from webapp.graphs.models import Graph
from webapp.rollouts import guardrails
from webapp.rollouts import logic as rollouts
from webapp.rollouts.models import Rollout
from webapp.runs.models import Run
from webapp.scenes.models import Scene

UNITS = [f"user-{i}" for i in range(60)]


def live_rollout(people: Personas, scene: Scene, document: dict[str, Any],
                 percent: int) -> Rollout:
    graph = Graph.objects.get(pk=scene.production_version.graph_id)
    graph = graphs.update_graph(graph.pk, graph.revision, people.author, {"document": document})
    version = graphs.snapshot(graph, people.author)
    rollout = rollouts.create(Rollout(scene=scene, version=version, steps=[
        {"percent": percent, "min_observation_s": 0}]), people.author)
    rollout = rollouts.submit(rollout, people.author)
    rollout = rollouts.review(rollout, people.approver, True, "fine")
    return rollouts.start(rollout, people.author)


def clicks(unit: str, t: int) -> list[Any]:
    return [ev(f"{unit}-1", "click", t, unit=unit), ev(f"{unit}-2", "click", t + 1, unit=unit)]


def test_canary_units_match_with_the_candidate_rules(people: Personas,
                                                     cep_redis: redis.Redis) -> None:
    scene = rule_scene(people, count_rule("production"))
    rollout = live_rollout(people, scene, count_rule("candidate", n=3), percent=50)
    t = now_ms()
    logic.process_events([e for unit in UNITS for e in clicks(unit, t)])
    arms = {u: experiments.resolve(fresh(scene), u).rollout["arm"] for u in UNITS}
    canary = {u for u, arm in arms.items() if arm == "canary"}
    assert 0 < len(canary) < len(UNITS)
    # Two clicks fire production's rule (two needed), not the candidate's (three needed).
    rows = list(Match.objects.all())
    assert {m.unit_id for m in rows} == set(UNITS) - canary
    assert {(m.arm, m.rollout_id) for m in rows} == {("control", rollout.pk)}
    assert {m.records[0]["label"] for m in rows} == {"production"}
    logic.process_events([ev(f"{u}-3", "click", t + 2, unit=u) for u in UNITS])
    third = Match.objects.exclude(pk__in=[m.pk for m in rows])
    assert {m.unit_id for m in third} == canary
    assert {m.records[0]["label"] for m in third} == {"candidate"}
    assert {m.version_id for m in third} == {rollout.version_id}
    # Every fired run is a served run of its arm: what the guardrails read.
    runs = Run.objects.filter(scene=scene)
    assert {(r.unit_id, r.arm) for r in runs} == {(m.unit_id, m.arm)
                                                  for m in Match.objects.all()}
    verdict = guardrails.observe(rollout)
    assert verdict.numbers["canary"]["requests"] == len(canary)
    assert verdict.numbers["control"]["requests"] == len(UNITS) - len(canary)
    assert verdict.numbers["canary"]["errors"] == 0


def test_the_kill_switch_puts_every_unit_back_on_production_rules(
        people: Personas, cep_redis: redis.Redis) -> None:
    scene = rule_scene(people, count_rule("production"))
    rollout = live_rollout(people, scene, count_rule("candidate"), percent=100)
    t = now_ms()
    logic.process_events(clicks("a", t))
    assert Match.objects.get().records[0]["label"] == "candidate"
    rollouts.kill(scene, people.approver, "wrong rules")
    rollout.refresh_from_db()
    assert rollout.state == "rolled_back"
    logic.process_events(clicks("b", t))
    assert Match.objects.get(unit_id="b").records[0]["label"] == "production"
    assert Match.objects.get(unit_id="b").arm == ""


def test_an_experiment_bucket_changes_one_rules_parameter(people: Personas,
                                                          cep_redis: redis.Redis) -> None:
    from webapp.experiments.tests.conftest import make_experiment, make_layer

    scene = rule_scene(people, count_rule("seen"))
    layer = make_layer(scene, "thresholds", ["node.clicks.param.min_count"])
    make_experiment(layer, "three_clicks", [("three", 0, 5000,
                                             {"node.clicks.param.min_count": "3"})])
    t = now_ms()
    logic.process_events([e for unit in UNITS for e in clicks(unit, t)])
    buckets = {u: experiments.resolve(fresh(scene), u).assignment for u in UNITS}
    treated = {u for u, a in buckets.items() if a}
    assert 0 < len(treated) < len(UNITS)
    assert {m.unit_id for m in Match.objects.all()} == set(UNITS) - treated
