"""The demo's rule scene `cart_rescue` (loaded by webapp/scenes/demo.py)."""

from __future__ import annotations

from typing import Any

MINUTE_MS = 60_000


def cart_rescue_document() -> dict[str, Any]:
    """Two rules: a cart with no order within 30 minutes is recorded and broadcast; three
    clicks in one category within 10 minutes queue a fresh home feed for the user."""
    return {
        "schema": 1, "name": "cart_rescue",
        "settings": {"timeout_ms": 2000, "output": "done"},
        "nodes": [
            {"id": "cart_abandoned", "op": "cep.absence",
             "params": {"step": {"type": "cart"}, "absent": {"type": "order"},
                        "within_ms": 30 * MINUTE_MS}},
            {"id": "keep", "op": "action.record", "when": "cart_abandoned",
             "params": {"label": "cart_abandoned", "data": {"item_id": "event.item_id"}}},
            {"id": "notify", "op": "action.broadcast", "when": "cart_abandoned",
             "optional": True, "params": {"target": "alerts:cart_rescue"}},
            {"id": "category_burst", "op": "cep.count",
             "params": {"step": {"type": "click"}, "min_count": 3,
                        "window_ms": 10 * MINUTE_MS, "group_by": "attributes.category",
                        "cooldown_ms": 10 * MINUTE_MS}},
            {"id": "refresh_feed", "op": "action.run_graph", "when": "category_burst",
             "optional": True,
             "params": {"scene": "home_feed", "context": {"category": "match.key"}}},
            {"id": "done", "op": "action.done",
             "inputs": {"results": ["keep", "notify", "refresh_feed"]}},
        ],
    }
