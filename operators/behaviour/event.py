"""One user event as Loom ingests it (`POST /api/events/`), stores it in the Redis stream
and hands it to the feature store and the CEP matcher."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class EventType(StrEnum):
    CLICK = "click"
    FAV = "fav"
    CART = "cart"
    ORDER = "order"
    PLAY = "play"
    EXPOSE = "expose"


class Event(BaseModel):
    """`id` is the client's: a second event with the same id is a duplicate and is dropped.
    `ts` is when it happened (epoch milliseconds), which may be earlier than an event
    already seen: windows and patterns go by `ts`, never by arrival order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=128)
    unit_id: str = Field(min_length=1, max_length=128)
    type: EventType
    item_id: str | None = Field(default=None, max_length=128)
    ts: int = Field(ge=0, description="Epoch milliseconds")
    attributes: dict[str, Any] = Field(default_factory=dict)

    @property
    def category(self) -> str | None:
        """The item's category when the client sent it (attributes.category)."""
        value = self.attributes.get("category")
        return None if value in (None, "") else str(value)

    def to_fields(self) -> dict[str, str]:
        """Flat string fields for a Redis stream entry."""
        return {"event": self.model_dump_json()}

    @classmethod
    def from_fields(cls, fields: dict[Any, Any]) -> Event:
        raw = fields.get("event", fields.get(b"event"))
        if not isinstance(raw, (str, bytes)):
            raise ValueError("the stream entry has no 'event' field")
        return cls.model_validate_json(raw)
