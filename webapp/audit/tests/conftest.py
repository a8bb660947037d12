"""A scene with a production version, for the experiment hooks."""

from __future__ import annotations

import pytest

from webapp.conftest import SIMPLE_DOC, Personas
from webapp.graphs import logic as graphs
from webapp.scenes.models import Scene


@pytest.fixture
def scene(people: Personas) -> Scene:
    graph = graphs.create_graph(people.author, SIMPLE_DOC)
    return Scene.objects.create(slug="feed", name="Feed",
                                production_version=graphs.snapshot(graph, people.author))
