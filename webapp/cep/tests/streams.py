"""Builders for CEP tests: events, rules, and running a stream through a matcher."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from operators.behaviour.event import Event
from webapp.cep import Match, Matcher, Rule, parse_rule

FAR_FUTURE = 10**12  # a tick this late flushes every pending event and absence


def ev(id: str, type: str, ts: int, item: str | None = None, unit: str = "u1",
       **attributes: Any) -> Event:
    return Event(id=id, unit_id=unit, type=type, item_id=item, ts=ts, attributes=attributes)


def sequence(*types: str | dict[str, Any], within: int = 100, rule_id: str = "seq",
             **extra: Any) -> Rule:
    steps = [{"type": t} if isinstance(t, str) else t for t in types]
    return parse_rule({"id": rule_id, "pattern": {"kind": "sequence", "steps": steps,
                                                  "within_ms": within}, **extra})


def count(type: str, n: int, window: int, rule_id: str = "cnt", where: str | None = None,
          **extra: Any) -> Rule:
    step: dict[str, Any] = {"type": type, "where": where}
    return parse_rule({"id": rule_id, "pattern": {"kind": "count", "step": step,
                                                  "min_count": n, "window_ms": window},
                       **extra})


def absence(type: str, absent: str, within: int, rule_id: str = "abs", **extra: Any) -> Rule:
    return parse_rule({"id": rule_id, "pattern": {"kind": "absence", "step": {"type": type},
                                                  "absent": {"type": absent},
                                                  "within_ms": within}, **extra})


def run(matcher: Matcher, events: Iterable[Event], flush: bool = True) -> list[Match]:
    """Each event through `process`, then (by default) a far-future tick."""
    found = [m for e in events for m in matcher.process(e)]
    if flush:
        found += matcher.advance(FAR_FUTURE)
    return found


def ids(matches: Iterable[Match]) -> list[tuple[str, ...]]:
    return [m.event_ids for m in matches]
