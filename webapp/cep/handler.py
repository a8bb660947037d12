"""The events hook (LOOM_EVENTS_HANDLERS): every consumed batch goes through the rule
scenes' matchers. Idempotent, as the consumer requires: a redelivered batch finds its
events already held (duplicates) and its matches already fired."""

from __future__ import annotations

from operators.behaviour.event import Event
from webapp.cep import logic


def handle(events: list[Event]) -> None:
    logic.process_events(events)
