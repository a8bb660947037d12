"""Release windows of a scene: the hours in which a rollout may start or advance (a
rollback is always allowed). Stored on the scene as JSON, checked here."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Window(BaseModel):
    """`days` at local times [start, end); an end before the start runs past midnight
    (the part after midnight belongs to the day it started)."""

    model_config = ConfigDict(extra="forbid")
    days: list[Day] = Field(min_length=1)
    start: time
    end: time

    def holds(self, local: datetime) -> bool:
        day, now = DAYS[local.weekday()], local.time().replace(tzinfo=None)
        if self.start < self.end:
            return day in self.days and self.start <= now < self.end
        yesterday = DAYS[(local.weekday() - 1) % 7]
        return (day in self.days and now >= self.start) or (
            yesterday in self.days and now < self.end)

    def describe(self) -> str:
        return f"{','.join(self.days)} {self.start:%H:%M}–{self.end:%H:%M}"


_WINDOWS = TypeAdapter(list[Window])


def parse(raw: Any) -> list[Window]:
    """The stored windows; raises ValueError with plain words when they are malformed."""
    try:
        return _WINDOWS.validate_python(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"release window {where}: {first['msg']}") from None


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone '{name}' (use an IANA name such as "
                         "Europe/Berlin)") from None
    return name


def is_open(raw: Any, timezone: str, now: datetime) -> bool:
    windows = parse(raw)
    if not windows:
        return True
    local = now.astimezone(ZoneInfo(timezone))
    return any(w.holds(local) for w in windows)


def describe(raw: Any, timezone: str) -> str:
    return "; ".join(w.describe() for w in parse(raw)) + f" ({timezone})"
