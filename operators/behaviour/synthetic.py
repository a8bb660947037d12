"""Deterministic synthetic event streams, for replay tests and the events benchmark."""

from __future__ import annotations

import random

from operators.behaviour.event import Event, EventType
from operators.behaviour.windows import DAY_MS, HOUR_MS

# Roughly what a feed sees: many exposures, some clicks, few orders.
TYPE_SHARES = {EventType.EXPOSE: 50, EventType.CLICK: 25, EventType.PLAY: 10,
               EventType.FAV: 6, EventType.CART: 5, EventType.ORDER: 4}


def synthetic_events(n: int, now_ms: int, *, units: int = 10, items: int = 50,
                     categories: int = 8, span_ms: int = 8 * DAY_MS, seed: int = 0,
                     id_prefix: str = "e") -> list[Event]:
    """`n` events in time order over `span_ms` before `now_ms` (so some are older than the
    7-day retention); a fifth of them crowd into the last hour, where the 1 h window and
    the current session look. Each item belongs to one category; a few events have none."""
    rng = random.Random(seed)
    kinds, weights = list(TYPE_SHARES), list(TYPE_SHARES.values())
    out = []
    for i in range(n):
        recent = rng.random() < 0.2
        ts = now_ms - rng.randrange(HOUR_MS if recent else span_ms)
        item = rng.randrange(items)
        attributes = {} if item % 11 == 0 else {"category": f"c{item % categories}"}
        out.append(Event(id=f"{id_prefix}{i}", unit_id=f"u{rng.randrange(units)}",
                         type=rng.choices(kinds, weights)[0],
                         item_id=None if rng.random() < 0.05 else f"i{item}", ts=ts,
                         attributes=attributes))
    return sorted(out, key=lambda e: (e.ts, e.id))
