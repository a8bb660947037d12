"""Micro benchmark: traffic assignment + resolution per request with a warm cache (DESIGN
§6; target ≤ 20 µs). `python -m webapp.experiments.bench` prints it; `run()` returns a
BENCHMARKS.md section. Its data lives in a transaction that is rolled back, in a throwaway
in-memory database when Django is not set up yet."""

from __future__ import annotations

import gc
import json
import os
import time
from importlib import resources
from typing import Any

LAYERS = {  # layer slug -> the parameter its experiment's 4 buckets vary
    "recall": ("node.cf.param.limit", ["100", "200", "300", "400"]),
    "hot": ("node.hot.param.limit", ["50", "100", "150", "200"]),
    "shape": ("node.top.param.limit", ["5", "10", "15", "20"]),
}


def _setup_django() -> None:
    from django.conf import settings

    if settings.configured:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.config.settings.test")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _scene() -> Any:
    from webapp.experiments import logic
    from webapp.experiments.models import Bucket, Experiment, Layer
    from webapp.graphs import logic as graphs
    from webapp.scenes.models import Scene

    document = json.loads(resources.files("operators.demo").joinpath("home_feed.json")
                          .read_text())
    graph = graphs.create_graph(None, document)
    scene = Scene.objects.create(slug="bench_feed", name="Bench feed",
                                 production_version=graphs.snapshot(graph, None))
    for slug, (key, values) in LAYERS.items():
        layer = logic.save_layer(Layer(scene=scene, name=slug, slug=slug, keys=[key]))
        experiment = logic.save_experiment(Experiment(layer=layer, name=f"{slug}_exp"))
        for i, value in enumerate(values):  # 4 x 2,000 slots: 20% of units in no bucket
            logic.save_bucket(Bucket(experiment=experiment, name=f"b{i}", start=i * 2000,
                                     end=(i + 1) * 2000, overrides={key: value}))
        logic.start_experiment(experiment)
    # As the recommend endpoint reads it: the traffic revision comes with the scene.
    return Scene.objects.select_related("production_version", "traffic_revision").get(
        pk=scene.pk)


def _with_canary(scene: Any) -> Any:
    """The scene with a live rollout at 20% of a candidate that changes one parameter. Set
    up straight in the database: the benchmark measures resolution, not the review."""
    from webapp.experiments import logic
    from webapp.graphs import logic as graphs
    from webapp.rollouts.models import Rollout, State
    from webapp.scenes.models import Scene

    graph = scene.production_version.graph
    document = json.loads(json.dumps(graph.document))
    next(n for n in document["nodes"] if n["id"] == "top")["params"]["limit"] = 25
    graph = graphs.update_graph(graph.pk, graph.revision, None, {"document": document})
    Rollout.objects.create(scene=scene, version=graphs.snapshot(graph, None),
                           base_version=scene.production_version, state=State.ROLLING_OUT,
                           steps=[{"percent": 20, "min_observation_s": 0}], step_index=0)
    logic.traffic_changed(scene.pk)
    return Scene.objects.select_related("production_version", "traffic_revision").get(
        pk=scene.pk)


def measure(scene: Any, units: list[str], rounds: int = 10) -> dict[str, float]:
    """µs per `logic.resolve` call (assignment + resolution), warm cache."""
    from webapp.experiments import logic
    from webapp.experiments.traffic import slot

    cold0 = time.perf_counter_ns()
    logic.resolve(scene, "cold-unit")
    cold_us = (time.perf_counter_ns() - cold0) / 1000
    for unit in units:  # warm: every bucket combination merged and hashed once
        logic.resolve(scene, unit)
    gc.collect()
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter_ns()
        for unit in units:
            logic.resolve(scene, unit)
        best = min(best, (time.perf_counter_ns() - t0) / 1000 / len(units))
    t0 = time.perf_counter_ns()
    for unit in units:
        slot("salt", unit)
    slot_us = (time.perf_counter_ns() - t0) / 1000 / len(units)
    return {"resolve_us": best, "first_call_us": cold_us, "slot_us": slot_us}


def run() -> str:
    _setup_django()
    from django.db import transaction

    units = [f"user-{i}" for i in range(5000)]
    with transaction.atomic():
        scene = _scene()
        numbers = measure(scene, units)
        canary = measure(_with_canary(scene), units)
        transaction.set_rollback(True)
    return (
        "## Traffic resolution\n\n"
        f"Demo graph (80 keys), {len(LAYERS)} layers x 4 buckets, {len(units)} unit ids, "
        "per-process cache warm (best of 10 rounds).\n\n"
        "| measure | µs |\n|---|---|\n"
        f"| assignment + resolution per request (target ≤ 20) | "
        f"{numbers['resolve_us']:.2f} |\n"
        f"| the same with a live rollout at 20% (canary slot + candidate base) | "
        f"{canary['resolve_us']:.2f} |\n"
        f"| one slot (murmur3 + modulus) | {numbers['slot_us']:.2f} |\n"
        f"| first request after a traffic change (load + merge + hash) | "
        f"{numbers['first_call_us']:.0f} |\n")


if __name__ == "__main__":
    print(run())
