"""Running experiments and a rollout's candidate must fit each other: a candidate that
would break a running bucket does not start (or complete), naming the bucket; a bucket
saved during a live rollout must fit the candidate too; a rollback after completion stops
the experiments that do not fit the restored version."""

from __future__ import annotations

import copy

import pytest

from webapp.conftest import SIMPLE_DOC, Personas
from webapp.core.errors import Refusal
from webapp.experiments import logic as experiments
from webapp.experiments.models import Bucket, Experiment
from webapp.experiments.tests.conftest import make_experiment, make_layer
from webapp.graphs import logic as graphs
from webapp.graphs.models import GraphVersion
from webapp.rollouts import logic
from webapp.rollouts.tests.conftest import approved, live
from webapp.scenes.models import Scene


def _version(people: Personas, document: dict[str, object]) -> GraphVersion:
    return graphs.snapshot(graphs.create_graph(people.author, document), people.author)


WITHOUT_TOP = {**SIMPLE_DOC, "name": "no_top", "nodes": SIMPLE_DOC["nodes"][:1]}


def test_a_candidate_breaking_a_running_bucket_does_not_start(people: Personas,
                                                              scene: Scene) -> None:
    layer = make_layer(scene, "shape", ["node.top.param.*"])
    make_experiment(layer, "bigger", [("two", 0, 5000, {"node.top.param.n": "2"})])
    rollout = approved(people, scene, version=_version(people, WITHOUT_TOP))
    refused = people.client(people.author).post(f"/api/rollouts/{rollout.pk}/start/")
    assert refused.status_code == 409, refused.content
    assert "bucket 'two' of running experiment 'bigger'" in refused.json()["errors"][0][
        "message"]
    rollout.refresh_from_db()
    assert rollout.state == "approved"

    still_fits = copy.deepcopy(SIMPLE_DOC)
    still_fits["nodes"][1]["params"] = {"n": 3}
    fitting = approved(people, scene, version=_version(people, still_fits))
    assert people.client(people.author).post(
        f"/api/rollouts/{fitting.pk}/start/").status_code == 200


def test_a_bucket_must_fit_the_live_candidate(people: Personas, scene: Scene) -> None:
    live(people, scene, version=_version(people, WITHOUT_TOP))
    layer = make_layer(scene, "shape", ["node.top.param.*"])
    experiment = experiments.save_experiment(Experiment(layer=layer, name="bigger"))
    with pytest.raises(Refusal, match="with candidate v1 of the live rollout"):
        experiments.save_bucket(Bucket(experiment=experiment, name="two", start=0, end=10,
                                       overrides={"node.top.param.n": "2"}))


def test_rolling_back_a_completion_stops_what_does_not_fit(people: Personas,
                                                           scene: Scene) -> None:
    with_rank = copy.deepcopy(SIMPLE_DOC)
    with_rank["nodes"].append({"id": "again", "op": "basic.limit", "params": {"n": 1},
                               "inputs": {"items": ["top"]}})
    rollout = live(people, scene, version=_version(people, with_rank),
                   steps=[{"percent": 100, "min_observation_s": 0}])
    rollout = logic.advance(rollout, people.author)
    layer = make_layer(scene, "tail", ["node.again.param.*"])
    make_experiment(layer, "tail", [("one", 0, 100, {"node.again.param.n": "2"})])
    back = logic.kill(scene, people.approver, "")
    assert back.state == "rolled_back"
    assert Experiment.objects.get(name="tail").status == "stopped"
