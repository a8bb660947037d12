"""Recommendations served through experiment buckets (Celery eager, the demo scene)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from graphengine import kv
from webapp.conftest import Personas
from webapp.experiments.tests.conftest import make_experiment, make_layer
from webapp.experiments.traffic import slot
from webapp.runs.models import Run
from webapp.scenes.demo import load_demo
from webapp.scenes.models import Scene

SMALL = {"n_items": 600, "n_categories": 30, "n_users": 100}


@pytest.fixture
def demo(people: Personas, web_redis: str, tmp_path: Any) -> dict[str, Any]:
    with override_settings(LOOM_MODEL_DIR=tmp_path):
        return load_demo(web_redis, users=False, catalogue_size=SMALL)


def unit_in(salt: str, lo: int, hi: int) -> str:
    return next(u for i in range(10_000) if lo <= slot(salt, u := f"u{i:04d}") < hi)


def test_recommend_serves_each_buckets_overrides(people: Personas,
                                                 demo: dict[str, Any]) -> None:
    scene = Scene.objects.get(slug="home_feed")
    layer = make_layer(scene, "shape", ["node.top.param.limit"], salt="shape")
    make_experiment(layer, "page_size", [("five", 0, 5000, {"node.top.param.limit": "5"}),
                                         ("ten", 5000, 10_000, {"node.top.param.limit": "10"})])
    client = people.client(people.viewer)
    seen: dict[str, dict[str, Any]] = {}
    for bucket, lo, hi, size in [("five", 0, 5000, 5), ("ten", 5000, 10_000, 10)]:
        unit = unit_in("shape", lo, hi)
        body = {"unit_id": unit, "context": {"user": {"id": unit, "days_since_signup": 40}}}
        response = client.post("/api/scenes/home_feed/recommend/", body, format="json")
        assert response.status_code == 200, response.content
        out = response.json()
        assert set(out) >= {"items", "assignment", "version", "graph_hash", "run_id"}
        assert out["assignment"] == {"shape": {"experiment": "page_size", "bucket": bucket,
                                               "slot": slot("shape", unit)}}
        assert len(out["items"]) == size
        overrides = {"node.top.param.limit": str(size)}
        assert out["graph_hash"] == kv.config_hash(
            kv.apply_overlay(scene.production_version.kv, overrides))
        run = Run.objects.get(pk=out["run_id"])
        assert run.overrides == overrides and run.config_hash == out["graph_hash"]
        seen[bucket] = out
    assert seen["five"]["graph_hash"] != seen["ten"]["graph_hash"]
    assert scene.production_version.config_hash not in {o["graph_hash"] for o in seen.values()}
