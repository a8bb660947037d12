"""Load the demo: the synthetic catalogue into Redis, the home_feed graph as version 1 of
the `home_feed` scene, the `cart_rescue` rule scene (CEP), and one user per role."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import redis
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction

from operators.demo.catalogue import DAY, generate
from operators.demo.load import load
from operators.demo.make_onnx_model import build_model
from operators.demo.scene import home_feed_document
from webapp.cep.demo import cart_rescue_document
from webapp.core.roles import ADMIN, ROLES
from webapp.graphs import logic as graphs
from webapp.graphs.models import Graph
from webapp.scenes.models import Scene

DEMO_PASSWORD = "loom-demo"


def load_demo(redis_url: str | None = None, users: bool = True,
              catalogue_size: dict[str, int] | None = None) -> dict[str, Any]:
    today = int(time.time()) // DAY * DAY  # live requests carry no `now`: anchor to today
    catalogue = generate(**(catalogue_size or {}), now=today)
    counts = load(catalogue, redis.Redis.from_url(redis_url or settings.REDIS_URL,
                                                  decode_responses=True))
    model = build_model(Path(settings.LOOM_MODEL_DIR) / "demo_ctr.onnx")
    with transaction.atomic():
        people = _users() if users else []
        author = User.objects.filter(username="editor").first()
        document = home_feed_document(model)
        graph = Graph.objects.filter(name="home_feed").order_by("id").first()
        if graph is None or graph.document != document:
            graph = graphs.create_graph(author, document, "The demo home feed")
            version = graphs.snapshot(graph, author, "demo")
        else:
            version = graph.versions.order_by("-number").first() or graphs.snapshot(
                graph, author, "demo")
        scene, _ = Scene.objects.update_or_create(
            slug="home_feed", defaults={"name": "Home feed", "production_version": version})
        rules = _rule_scene(author, "cart_rescue", "Cart rescue", cart_rescue_document())
    return {"catalogue": counts, "scene": scene.slug, "version": version.number,
            "rules": rules.slug, "users": people, "password": DEMO_PASSWORD}


def _rule_scene(author: Any, slug: str, name: str, document: dict[str, Any]) -> Scene:
    """A rule scene (webapp/cep) serving `document`, whose graph is reused while unchanged."""
    graph = Graph.objects.filter(name=document["name"]).order_by("id").first()
    if graph is None or graph.document != document:
        graph = graphs.create_graph(author, document, f"The demo rule set {slug}")
        version = graphs.snapshot(graph, author, "demo")
    else:
        version = graph.versions.order_by("-number").first() or graphs.snapshot(
            graph, author, "demo")
    scene, _ = Scene.objects.update_or_create(
        slug=slug, defaults={"name": name, "kind": Scene.Kind.RULES,
                             "production_version": version})
    return scene


def _users() -> list[str]:
    names = []
    for role in ROLES:
        Group.objects.get_or_create(name=role)
        user, created = User.objects.get_or_create(username=role)
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = role == ADMIN
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        names.append(role)
    return names
