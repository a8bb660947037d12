"""Resolution of a request's traffic: two layers, merged KV, provenance, hash, cache."""

from __future__ import annotations

import json

from graphengine import kv
from webapp.conftest import Personas
from webapp.experiments import logic
from webapp.experiments.models import Experiment
from webapp.experiments.tests.conftest import fresh, make_experiment, make_layer
from webapp.experiments.traffic import slot
from webapp.scenes.models import Scene

ROWS = json.dumps([{"item_id": "z", "score": 9}])


def two_layers(scene: Scene) -> None:
    ranking = make_layer(scene, "ranking", ["node.top.param.*"], salt="s-rank")
    recall = make_layer(scene, "recall", ["node.items.param.*"], salt="s-recall")
    make_experiment(ranking, "limit", [("two", 0, 5000, {"node.top.param.n": "2"}),
                                       ("three", 5000, 10_000, {"node.top.param.n": "3"})])
    make_experiment(recall, "rows", [("z", 0, 5000, {"node.items.param.rows": ROWS})])


def test_each_layer_picks_the_bucket_holding_the_units_slot(people: Personas,
                                                           scene: Scene) -> None:
    two_layers(scene)
    base = scene.production_version.kv
    seen = set()
    for i in range(40):
        unit = f"u{i}"
        resolution = logic.resolve(fresh(scene), unit)
        rank_slot, recall_slot = slot("s-rank", unit), slot("s-recall", unit)
        expected = {"node.top.param.n": "2" if rank_slot < 5000 else "3"}
        assert resolution.assignment["ranking"] == {
            "experiment": "limit", "bucket": "two" if rank_slot < 5000 else "three",
            "slot": rank_slot}
        if recall_slot < 5000:
            expected["node.items.param.rows"] = ROWS
            assert resolution.assignment["recall"]["bucket"] == "z"
        else:
            assert "recall" not in resolution.assignment  # outside every bucket: base keys
        assert dict(resolution.overrides) == expected
        assert dict(resolution.kv) == kv.apply_overlay(base, expected)
        assert resolution.config_hash == kv.config_hash(kv.apply_overlay(base, expected))
        assert resolution.provenance == {k: "ranking" if k.startswith("node.top") else "recall"
                                         for k in expected}
        seen.add(resolution.config_hash)
    assert len(seen) == 4  # 2 ranking buckets x (recall bucket or none)


def test_a_scene_without_experiments_serves_production(people: Personas, scene: Scene) -> None:
    resolution = logic.resolve(fresh(scene), "u1")
    assert resolution.assignment == {} and resolution.overrides == {}
    assert resolution.config_hash == scene.production_version.config_hash


def test_every_write_invalidates_the_cached_config(people: Personas, scene: Scene) -> None:
    two_layers(scene)
    before = fresh(scene)
    assert "ranking" in logic.resolve(before, "u1").assignment
    logic.stop_experiment(Experiment.objects.get(name="limit"))
    after = fresh(scene)
    assert logic.revision_of(after) > logic.revision_of(before)
    assert "ranking" not in logic.resolve(after, "u1").assignment
    # The bucket's overrides are served only while its experiment runs.
    assert "node.top.param.n" not in logic.resolve(after, "u1").overrides
