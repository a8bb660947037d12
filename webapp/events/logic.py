"""Behaviour events: ingest a batch (POST /api/events/) and consume the stream into the
feature store (the `consume_events` task).

Ingestion validates every event with the `Event` model (a batch with any invalid event is
refused whole), drops ids seen within LOOM_EVENTS_DEDUPE_TTL_S, and appends the rest to the
stream LOOM_EVENTS_STREAM, or refuses with 429 once LOOM_EVENTS_MAX_BACKLOG events wait.

Consuming reads batches with the consumer group `features` (consumer = host-pid), first
taking over entries that another consumer left unacknowledged for LOOM_EVENTS_CLAIM_IDLE_MS
(it died), then new ones, for up to LOOM_EVENTS_CONSUME_BUDGET_S. Each batch goes through:

1. the feature store (`FeatureStore.apply`, idempotent per event id);
2. every handler in LOOM_EVENTS_HANDLERS, in order: dotted paths of callables taking
   `(events: list[Event])` — the hook for the CEP matcher. Handlers must be idempotent too:
   when one raises, the batch stays unacknowledged and is delivered again after the claim
   idle time, up to LOOM_EVENTS_MAX_DELIVERIES times, then dropped with an error log;

and is then acknowledged. Acknowledged entries are trimmed from the stream.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import pydantic
import redis
from django.conf import settings
from django.utils.module_loading import import_string

from operators.behaviour.event import Event
from operators.behaviour.store import FeatureStore, StoreConfig
from operators.behaviour.windows import DAY_MS
from webapp.core import redis_client
from webapp.core.errors import Refusal, problem
from webapp.events.stream import BacklogFull, Entry, EventStream

log = logging.getLogger(__name__)
MAX_ATTRIBUTES_BYTES = 4096  # an event's attributes as JSON
MAX_PROBLEMS = 100  # listed per refused batch
Handler = Callable[[list[Event]], Any]

_redis = redis_client.client


def event_stream() -> EventStream:
    return EventStream(_redis(), settings.LOOM_EVENTS_STREAM, settings.LOOM_EVENTS_PREFIX,
                       max_backlog=settings.LOOM_EVENTS_MAX_BACKLOG,
                       dedupe_ttl_s=settings.LOOM_EVENTS_DEDUPE_TTL_S)


def feature_store() -> FeatureStore:
    return FeatureStore(_redis(), StoreConfig(prefix=settings.LOOM_EVENTS_PREFIX))


class Backpressure(Refusal):
    def __init__(self, backlog: int, limit: int) -> None:
        self.retry_after_s = int(settings.LOOM_EVENTS_RETRY_AFTER_S)
        super().__init__([problem(
            "backlog_full", f"Too many events are waiting to be processed ({backlog:,} of "
            f"at most {limit:,}), so none of this batch was stored. Send it again in "
            f"{self.retry_after_s} seconds.")], 429)


def _unavailable(exc: redis.RedisError) -> Refusal:
    return Refusal([problem("event_store_unavailable",
                            f"The event store (Redis) did not answer: {exc}")], 503)


# -- ingestion -------------------------------------------------------------------------------

def validate_events(raw: list[Any], ahead_ms: int | None = None
                    ) -> tuple[list[Event], list[dict[str, Any]]]:
    """The valid events of a list, and a problem per invalid field (`events[3].ts`).
    `ahead_ms`: the latest `ts` accepted (ingestion refuses events from the future)."""
    events: list[Event] = []
    problems: list[dict[str, Any]] = []
    for i, item in enumerate(raw):
        try:
            event = Event.model_validate(item)
        except pydantic.ValidationError as exc:
            problems += [_event_problem(i, err) for err in exc.errors()]
            continue
        if ahead_ms is not None and event.ts > ahead_ms:
            problems.append(problem("invalid_event", f"event {i}: ts {event.ts} is more than "
                                    "a day ahead of the server's clock (ts is epoch "
                                    "milliseconds)", field=f"events[{i}].ts"))
        if len(json.dumps(event.attributes)) > MAX_ATTRIBUTES_BYTES:
            problems.append(problem("invalid_event", f"event {i}: attributes take more than "
                                    f"{MAX_ATTRIBUTES_BYTES} bytes as JSON",
                                    field=f"events[{i}].attributes"))
        events.append(event)
    return events, problems


def shortened(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most MAX_PROBLEMS problems, and a line saying how many more there were."""
    more = len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + ([problem("invalid_event", f"... and {more} more "
                                               "problems")] if more > 0 else [])


def parse_batch(payload: Any) -> list[Event]:
    """The batch's events, or a Refusal listing every problem, each with its event's index
    (`events[3].ts`)."""
    limit = settings.LOOM_EVENTS_BATCH_LIMIT
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise Refusal([problem("invalid", 'Send a JSON object {"events": [...]}, a list of '
                               "events.", field="events")])
    problems = [problem("unknown_field", f"unknown field '{k}'", field=str(k))
                for k in sorted(map(str, payload)) if k != "events"]
    raw: list[Any] = payload["events"]
    if not raw:
        problems.append(problem("invalid", "Send at least one event.", field="events"))
    if len(raw) > limit:
        raise Refusal([problem("too_many_events", f"At most {limit:,} events per request "
                               f"(got {len(raw):,}); split the batch.", field="events")])
    events, found = validate_events(raw, ahead_ms=time.time_ns() // 1_000_000 + DAY_MS)
    problems += found
    if problems:
        raise Refusal(shortened(problems))
    return events


def _event_problem(index: int, err: Any) -> dict[str, Any]:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.get("loc", ()))
    where = path.lstrip(".")
    message = f"event {index}: " + (f"{where}: " if where else "") + str(err.get("msg"))
    return problem("invalid_event", message, field=f"events[{index}]{path}")


def ingest(payload: Any) -> dict[str, int]:
    """Validate and append a batch: {accepted, duplicates, backlog}."""
    events = parse_batch(payload)
    try:
        appended = event_stream().append(events)
    except BacklogFull as exc:
        log.warning("events refused: backlog %s of %s", exc.backlog, exc.limit)
        raise Backpressure(exc.backlog, exc.limit) from None
    except redis.RedisError as exc:
        raise _unavailable(exc) from None
    return {"accepted": appended.accepted, "duplicates": appended.duplicates,
            "backlog": appended.backlog}


def status() -> dict[str, Any]:
    try:
        return event_stream().info()
    except redis.RedisError as exc:
        raise _unavailable(exc) from None


# -- consuming -------------------------------------------------------------------------------

def consumer_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def handlers() -> list[Handler]:
    """The hooks run on every consumed batch after the feature store (LOOM_EVENTS_HANDLERS)."""
    return [import_string(path) for path in settings.LOOM_EVENTS_HANDLERS]


def consume(consumer: str | None = None, budget_s: float | None = None) -> dict[str, int]:
    """Process what waits in the stream, for up to `budget_s`; returns counts (read,
    applied, duplicates, ignored, invalid, dropped, trimmed). Safe to run anywhere, any
    number of times at once: consumers share the group's entries, the store dedupes."""
    stream, store = event_stream(), feature_store()
    me = consumer or consumer_name()
    deadline = time.monotonic() + (settings.LOOM_EVENTS_CONSUME_BUDGET_S if budget_s is None
                                   else budget_s)
    size = settings.LOOM_EVENTS_READ_BATCH
    stats: Counter[str] = Counter()
    hooks = handlers()
    stream.ensure_group()
    cursor = "0-0"
    while True:  # first what dead consumers left behind
        cursor, entries = stream.reclaim(me, settings.LOOM_EVENTS_CLAIM_IDLE_MS, size, cursor)
        if entries:
            _process(stream, store, hooks, me, _drop_poison(stream, me, entries, stats), stats)
        if cursor == "0-0" or time.monotonic() > deadline:
            break
    while time.monotonic() < deadline:
        entries = stream.read(me, size)
        if not entries:
            break
        _process(stream, store, hooks, me, entries, stats)
    stats["trimmed"] += stream.trim()
    return dict(stats)


def _drop_poison(stream: EventStream, me: str, entries: list[Entry],
                 stats: Counter[str]) -> list[Entry]:
    """Reclaimed entries delivered too often are acknowledged unprocessed, so one batch a
    handler always fails on cannot hold the stream back for ever."""
    seen = stream.deliveries(me, [i for i, _ in entries])
    limit = settings.LOOM_EVENTS_MAX_DELIVERIES
    poison = [i for i, _ in entries if seen.get(i, 0) > limit]
    if poison:
        log.error("events: dropping %d stream entries delivered more than %d times: %s",
                  len(poison), limit, ", ".join(poison[:20]))
        stream.ack(poison)
        stats["dropped"] += len(poison)
    return [e for e in entries if e[0] not in set(poison)]


def events_of(entries: Iterable[Entry], stats: Counter[str] | None = None) -> list[Event]:
    """The events of stream entries; an entry that is not one is logged, counted
    (`invalid`) and skipped."""
    events = []
    for entry_id, fields in entries:
        try:
            events.append(Event.from_fields(fields or {}))
        except ValueError as exc:  # pydantic's ValidationError is one
            log.warning("events: stream entry %s is not an event (%s); skipped", entry_id, exc)
            if stats is not None:
                stats["invalid"] += 1
    return events


def _process(stream: EventStream, store: FeatureStore, hooks: list[Handler], me: str,
             entries: list[Entry], stats: Counter[str]) -> None:
    if not entries:
        return
    events = events_of(entries, stats)
    result = store.apply(events)
    for hook in hooks if events else ():
        hook(events)  # raising leaves the batch pending: redelivered after the idle time
    stream.ack(i for i, _ in entries)
    stats["read"] += len(entries)
    stats["applied"] += result.applied
    stats["duplicates"] += result.duplicates
    stats["ignored"] += result.ignored
