"""Loom's graph engine: graph model, validation, AB key-value codec, planner, async executor.

Pure Python, usable from a notebook, a CLI or a worker; it never imports Django, DRF or
Celery.
"""

from graphengine.breaker import BreakerConfig
from graphengine.cache import LRUCache
from graphengine.engine import Engine
from graphengine.errors import GraphError, Problem
from graphengine.graph import Graph
from graphengine.guard import Breakers, MemoryStore
from graphengine.planner import Plan
from graphengine.result import RunResult
from graphengine.trace import render_trace

__all__ = [
    "BreakerConfig",
    "Breakers",
    "Engine",
    "Graph",
    "GraphError",
    "LRUCache",
    "MemoryStore",
    "Plan",
    "Problem",
    "RunResult",
    "render_trace",
]
