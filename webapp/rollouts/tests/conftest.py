"""Rollouts of a candidate of the `scene` fixture's graph, driven through logic.py."""

from __future__ import annotations

import copy
from typing import Any

from webapp.conftest import SIMPLE_DOC, Personas
from webapp.graphs import logic as graphs
from webapp.graphs.models import Graph, GraphVersion
from webapp.rollouts import logic
from webapp.rollouts.models import Rollout
from webapp.scenes.models import Scene

QUICK_STEPS = [{"percent": 5, "min_observation_s": 0}, {"percent": 50, "min_observation_s": 0}]


def candidate(people: Personas, scene: Scene, n: int = 2) -> GraphVersion:
    """A new version of the scene's graph whose `top` keeps `n` items (the author's)."""
    graph = Graph.objects.get(pk=scene.production_version.graph_id)
    document = copy.deepcopy(SIMPLE_DOC)
    document["nodes"][1]["params"] = {"n": n}
    graph = graphs.update_graph(graph.pk, graph.revision, people.author,
                                {"document": document})
    return graphs.snapshot(graph, people.author)


def draft(people: Personas, scene: Scene, **fields: Any) -> Rollout:
    fields.setdefault("steps", QUICK_STEPS)
    version = fields.pop("version", None) or candidate(people, scene)
    return logic.create(Rollout(scene=scene, version=version, **fields), people.author)


def approved(people: Personas, scene: Scene, **fields: Any) -> Rollout:
    rollout = logic.submit(draft(people, scene, **fields), people.author)
    return logic.review(rollout, people.approver, True, "looks good")


def live(people: Personas, scene: Scene, **fields: Any) -> Rollout:
    return logic.start(approved(people, scene, **fields), people.author)
