"""Factories of layers and experiments that go through logic.py (the `scene` fixture, serving
SIMPLE_DOC, is in webapp/conftest.py)."""

from __future__ import annotations

from typing import Any

from webapp.experiments import logic
from webapp.experiments.models import Bucket, Experiment, Layer
from webapp.scenes.models import Scene


def make_layer(scene: Scene, slug: str, keys: list[str], salt: str = "") -> Layer:
    return logic.save_layer(Layer(scene=scene, name=slug.title(), slug=slug, keys=keys,
                                  salt=salt or slug))


def make_experiment(layer: Layer, name: str,
                    buckets: list[tuple[str, int, int, dict[str, Any]]],
                    start: bool = True) -> Experiment:
    experiment = logic.save_experiment(Experiment(layer=layer, name=name))
    for bucket, lo, hi, overrides in buckets:
        logic.save_bucket(Bucket(experiment=experiment, name=bucket, start=lo, end=hi,
                                 overrides=overrides))
    return logic.start_experiment(experiment) if start else experiment


def fresh(scene: Scene) -> Scene:
    """The scene as a request reads it (its traffic revision included)."""
    return Scene.objects.select_related("production_version", "traffic_revision").get(
        pk=scene.pk)
