"""The `home_feed` demo scene: its graph document and request contexts for demo users."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from operators.demo.catalogue import Catalogue, User


def home_feed_document(model_path: str | Path) -> dict[str, Any]:
    """The demo graph, with the ONNX scorer pointed at `model_path`."""
    doc: dict[str, Any] = json.loads(
        resources.files("operators.demo").joinpath("home_feed.json").read_text())
    for node in doc["nodes"]:
        if node["op"] == "score.onnx":
            node["params"]["model_path"] = str(model_path)
    return doc


def user_context(user: User, now: int) -> dict[str, Any]:
    """What a request carries about its user (the profile a gateway would attach)."""
    return {
        "user": {"id": user.user_id, "days_since_signup": user.days_since_signup,
                 "favourite_category": user.favourite_category, "segment": user.segment},
        "now": now,
    }


def sample_users(catalogue: Catalogue, new: int = 2, existing: int = 2) -> list[User]:
    """A few new users and a few with long histories, deterministically."""
    fresh = [u for u in catalogue.users if u.days_since_signup < 7][:new]
    regular = sorted((u for u in catalogue.users if u.days_since_signup >= 7),
                     key=lambda u: (-len(u.history), u.user_id))[:existing]
    return fresh + regular
