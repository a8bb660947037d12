"""The micro benchmark runs (its numbers go to BENCHMARKS.md; no timing asserted here)."""

from __future__ import annotations

from webapp.conftest import Personas
from webapp.experiments.bench import measure
from webapp.experiments.tests.conftest import fresh, make_experiment, make_layer
from webapp.scenes.models import Scene


def test_measure_reports_microseconds(people: Personas, scene: Scene) -> None:
    layer = make_layer(scene, "ranking", ["node.top.param.*"])
    make_experiment(layer, "exp", [("a", 0, 5000, {"node.top.param.n": "2"})])
    numbers = measure(fresh(scene), [f"u{i}" for i in range(50)], rounds=1)
    assert set(numbers) == {"resolve_us", "first_call_us", "slot_us"}
    assert all(value > 0 for value in numbers.values())
