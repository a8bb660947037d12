"""Small test operators and a registry holding them, shared by the engine tests."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Annotated, Any

import pytest

from operators import Context, Dataset, Operator, Param, Registry


def note(ctx: Context, **event: Any) -> None:
    log = ctx.resources.get("log")
    if log is not None:
        log.append(event)


class Source(Operator):
    """Rows tagged with this node's tag."""

    name = "t.source"
    tag: Annotated[str, Param()] = "s"
    n: Annotated[int, Param(ge=0, le=1000)] = 2

    def run(self, ctx: Context) -> Dataset:
        note(ctx, tag=self.tag, task=asyncio.current_task(), thread=threading.current_thread())
        return Dataset.from_rows([{"item_id": f"{self.tag}{i}", "tag": self.tag}
                                  for i in range(self.n)])


class AsyncSource(Operator):
    name = "t.async_source"
    tag: Annotated[str, Param()] = "a"
    n: Annotated[int, Param(ge=0, le=1000)] = 2
    sleep_ms: Annotated[float, Param(ge=0)] = 0.0
    fail: Annotated[bool, Param()] = False

    async def run(self, ctx: Context, sources: list[Dataset] | None = None) -> Dataset:
        gauge = ctx.resources.get("gauge")
        if gauge is not None:
            gauge.enter(self.tag)
        note(ctx, tag=self.tag, event="start", task=asyncio.current_task())
        try:
            await asyncio.sleep(self.sleep_ms / 1000)
        except asyncio.CancelledError:
            note(ctx, tag=self.tag, event="cancelled")
            raise
        finally:
            if gauge is not None:
                gauge.leave()
        note(ctx, tag=self.tag, event="end")
        if self.fail:
            raise RuntimeError(f"{self.tag} broke")
        rows = [{"item_id": f"{self.tag}{i}", "tag": self.tag} for i in range(self.n)]
        for ds in sources or []:
            rows.extend(ds.rows())
        return Dataset.from_rows(rows)


class Flag(Operator):
    name = "t.flag"
    value: Annotated[bool, Param()] = True

    def run(self, ctx: Context) -> bool:
        note(ctx, tag=f"flag:{self.value}")
        return self.value


class Union(Operator):
    name = "t.union"
    tag: Annotated[str, Param()] = "u"

    def run(self, ctx: Context, sources: list[Dataset]) -> Dataset:
        note(ctx, tag=self.tag, task=asyncio.current_task(), n_sources=len(sources))
        return Dataset.empty().union(*sources)


class Pick(Operator):
    """One single-valued port and one optional single port."""

    name = "t.pick"
    tag: Annotated[str, Param()] = "p"

    def run(self, ctx: Context, items: Dataset, other: Dataset | None = None) -> Dataset:
        note(ctx, tag=self.tag, items=len(items), other=None if other is None else len(other))
        return items


class Blocking(Operator):
    name = "t.blocking"
    blocking = True
    sleep_ms: Annotated[float, Param(ge=0)] = 1.0

    def run(self, ctx: Context) -> Dataset:
        note(ctx, tag="blocking", thread=threading.current_thread().name)
        time.sleep(self.sleep_ms / 1000)
        return Dataset.from_rows([{"item_id": "b"}])


class Boom(Operator):
    name = "t.boom"

    def run(self, ctx: Context, sources: list[Dataset] | None = None) -> Dataset:
        raise ValueError("kaboom")


class Gauge:
    """Counts how many operators are inside `run` at once."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0

    def enter(self, tag: str) -> None:
        self.now += 1
        self.peak = max(self.peak, self.now)

    def leave(self) -> None:
        self.now -= 1


TEST_OPERATORS = [Source, AsyncSource, Flag, Union, Pick, Blocking, Boom]


@pytest.fixture
def registry() -> Registry:
    return Registry(TEST_OPERATORS)
