"""Record what a run's operators read from shared resources, and answer a later run from
that record (DESIGN §6, the replay gate).

A resource is any client an operator gets with `ctx.resource(name)` (e.g. Redis). While
recording, a proxy forwards every call to the real client and writes its answer on a
`Tape` under a key made of the resource, method and arguments. While replaying, a proxy
answers the same calls from the tape and never touches the network, so a candidate graph
can be run against yesterday's requests without side effects. Pipelines (queued calls
sent by one `execute()`) are recorded as one call.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


class NotRecordedError(LookupError):
    """The replayed graph asked for something the recorded request never read."""


def call_key(resource: str, method: str, args: tuple[Any, ...],
             kwargs: Mapping[str, Any]) -> str:
    return json.dumps([resource, method, list(args), dict(kwargs)], sort_keys=True,
                      default=str, separators=(",", ":"))


def jsonable(value: Any) -> Any:
    """Answers as JSON keeps them: tuples become lists, sets sorted lists, bytes text."""
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((jsonable(v) for v in value), key=lambda v: json.dumps(v, default=str))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class Tape:
    """The answers of one request's resource calls. A call made several times gets its
    answers back in the recorded order; past the end, the last one again."""

    def __init__(self, entries: Mapping[str, list[Any]] | None = None) -> None:
        self.entries: dict[str, list[Any]] = {k: list(v) for k, v in (entries or {}).items()}
        self._cursor: dict[str, int] = {}

    def add(self, key: str, answer: Any) -> None:
        self.entries.setdefault(key, []).append(jsonable(answer))

    def answer(self, key: str) -> Any:
        answers = self.entries.get(key)
        if not answers:
            raise NotRecordedError(f"the recorded request never made this call: {key}")
        i = self._cursor.get(key, 0)
        self._cursor[key] = i + 1
        return answers[min(i, len(answers) - 1)]

    def to_json(self) -> dict[str, list[Any]]:
        return self.entries

    def __len__(self) -> int:
        return sum(len(v) for v in self.entries.values())


class _Pipeline:
    """Queues calls like a client pipeline; `execute()` is one recorded call."""

    def __init__(self, resource: str, tape: Tape, inner: Any | None) -> None:
        self._resource, self._tape, self._inner = resource, tape, inner
        self._queued: list[list[Any]] = []

    def __getattr__(self, method: str) -> Any:
        def queue(*args: Any, **kwargs: Any) -> _Pipeline:
            self._queued.append([method, list(args), dict(kwargs)])
            if self._inner is not None:
                getattr(self._inner, method)(*args, **kwargs)
            return self

        return queue

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        key = call_key(self._resource, "pipeline", tuple(self._queued), {})
        self._queued = []
        if self._inner is None:
            return self._tape.answer(key)
        answer = await self._inner.execute(*args, **kwargs)
        self._tape.add(key, answer)
        return answer


class RecordingClient:
    """Forwards every call to `inner` and writes the answer on the tape."""

    def __init__(self, resource: str, inner: Any, tape: Tape) -> None:
        self._resource, self._inner, self._tape = resource, inner, tape

    def pipeline(self, *args: Any, **kwargs: Any) -> _Pipeline:
        return _Pipeline(self._resource, self._tape, self._inner.pipeline(*args, **kwargs))

    def __getattr__(self, method: str) -> Any:
        target = getattr(self._inner, method)

        async def call(*args: Any, **kwargs: Any) -> Any:
            answer = await target(*args, **kwargs)
            self._tape.add(call_key(self._resource, method, args, kwargs), answer)
            return answer

        return call


class ReplayClient:
    """Answers every call from the tape; a call the recording lacks raises
    NotRecordedError, which fails the node that made it (and says which call)."""

    def __init__(self, resource: str, tape: Tape) -> None:
        self._resource, self._tape = resource, tape

    def pipeline(self, *args: Any, **kwargs: Any) -> _Pipeline:
        return _Pipeline(self._resource, self._tape, None)

    def __getattr__(self, method: str) -> Any:
        async def call(*args: Any, **kwargs: Any) -> Any:
            return self._tape.answer(call_key(self._resource, method, args, kwargs))

        return call


def recording(resources: Mapping[str, Any], tape: Tape) -> dict[str, Any]:
    return {name: RecordingClient(name, client, tape) for name, client in resources.items()}


def replaying(names: Mapping[str, Any] | list[str], tape: Tape) -> dict[str, Any]:
    return {name: ReplayClient(name, tape) for name in names}
